package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalizeJSON(t *testing.T) {
	got, err := NormalizeJSON([]byte(`{"b":1.50,"a":{"z":"<&>","y":[3,2]},"n":12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": {\n    \"y\": [\n      3,\n      2\n    ],\n    \"z\": \"<&>\"\n  },\n" +
		"  \"b\": 1.50,\n  \"n\": 12345678901234567890\n}\n"
	if string(got) != want {
		t.Errorf("NormalizeJSON =\n%s\nwant\n%s", got, want)
	}
}

func TestNormalizeJSONRejectsBadInput(t *testing.T) {
	for _, in := range []string{``, `{"a":`, `{"a":1} {"b":2}`, `nope`} {
		if _, err := NormalizeJSON([]byte(in)); err == nil {
			t.Errorf("NormalizeJSON(%q) returned no error", in)
		}
	}
}

func TestWriteObjectRejectsUnsafeNames(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "..", "../x", "a/b", `a\b`, ".hidden", "a\x00b", strings.Repeat("a", 201)} {
		if err := d.WriteObject("e", "user", id, []byte(`{}`)); err == nil {
			t.Errorf("WriteObject accepted id %q", id)
		}
	}
}

func TestPublishAndDigest(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	// An older backup's leftovers must not survive the publish.
	if err := os.MkdirAll(filepath.Join(root, RawDir, "user"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, RawDir, "user", "old.json"), []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteJSON(ManifestFile, map[string]string{"status": "complete"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"b", "a", "a"} {
		if err := d.WriteObject("export-1", "user", id, []byte(`{"id":"`+id+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Publish("export-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ManifestFile)); !os.IsNotExist(err) {
		t.Errorf("old manifest survived Publish: %v", err)
	}
	if err := d.Publish("export-1"); err != nil {
		t.Errorf("second Publish: %v", err)
	}
	count, sum, err := d.TypeDigest("user")
	if err != nil {
		t.Fatal(err)
	}
	if count != 2 {
		t.Errorf("count = %d, want 2", count)
	}
	want := sha256.Sum256([]byte("{\n  \"id\": \"a\"\n}\n{\n  \"id\": \"b\"\n}\n"))
	if sum != hex.EncodeToString(want[:]) {
		t.Errorf("sum = %s, want the SHA-256 of a.json and b.json in order", sum)
	}
	info, err := os.Stat(filepath.Join(root, RawDir, "user", "a.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", info.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(root, ".staging")); !os.IsNotExist(err) {
		t.Errorf("staging folder left behind: %v", err)
	}
}
