package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
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

func TestHostileIDsStayInside(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		"..", "../x", "../../etc/passwd", "a/b", `a\b`, ".hidden", "a\x00b", "/abs/path",
		strings.Repeat("a", 201), strings.Repeat("é", 150), "Día de Muertos", "東京", "IT & Ops",
		"%41", "A", "plain-id_1.2", "x~y",
	}
	names := map[string]string{}
	for _, id := range ids {
		if err := d.WriteObject("e", "user", id, []byte(`{"id":1}`)); err != nil {
			t.Errorf("WriteObject(%q): %v", id, err)
			continue
		}
		name, err := FileName(id)
		if err != nil {
			t.Fatal(err)
		}
		if other, dup := names[name]; dup {
			t.Errorf("ids %q and %q share the file name %q", other, id, name)
		}
		names[name] = id
		if again, _ := FileName(id); again != name {
			t.Errorf("FileName(%q) is not stable: %q then %q", id, name, again)
		}
		if len(name) > maxFileName || strings.ContainsAny(name, "/\\\x00") || strings.HasPrefix(name, ".") {
			t.Errorf("FileName(%q) = %q is not a safe file name", id, name)
		}
		if back, ok := IDFromFileName(name); ok && back != id {
			t.Errorf("IDFromFileName(%q) = %q, want %q", name, back, id)
		}
	}
	if _, err := FileName(""); err == nil {
		t.Error("FileName accepted an empty id")
	}
	// Every file written is inside the staging folder of the type.
	err = filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("%s is outside the backup folder", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	staged, err := d.StagedIDs("e", "user")
	if err != nil {
		t.Fatal(err)
	}
	if len(staged) != len(ids)-2 { // the two hashed names are not listed
		t.Errorf("StagedIDs returned %d ids, want %d", len(staged), len(ids)-2)
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
	if err := d.Publish("export-1", "run-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ManifestFile)); !os.IsNotExist(err) {
		t.Errorf("old manifest survived Publish: %v", err)
	}
	if err := d.Publish("export-1", "run-1"); err != nil {
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

func TestPublishResumesAfterPartialMove(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteObject("e", "flow", "f1", []byte(`{"id":"f1"}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFlowYAML("e", "f1", []byte("inboundCall:\n  name: Main\n")); err != nil {
		t.Fatal(err)
	}
	// Simulate a crash after the raw folder was moved and before flows/.
	stage := d.staging("e")
	if err := writeFileAtomic(filepath.Join(stage, ".publishing"), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(stage, RawDir), filepath.Join(root, RawDir)); err != nil {
		t.Fatal(err)
	}
	if err := d.Publish("e", "run-1"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := d.TypeDigest("flow"); n != 1 {
		t.Errorf("flow objects after resumed publish = %d, want 1", n)
	}
	if n, _, _ := d.FlowsDigest(); n != 1 {
		t.Errorf("flow YAML files after resumed publish = %d, want 1", n)
	}
	data, err := os.ReadFile(filepath.Join(root, FlowsDir, "f1.yaml"))
	if err != nil || string(data) != "inboundCall:\n  name: Main\n" {
		t.Errorf("flows/f1.yaml = %q, %v", data, err)
	}
}

func TestPublishDropsUnfinishedWrites(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteObject("e", "flow", "f1", []byte(`{"id":"f1"}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFlowYAML("e", "f1", []byte("inboundCall:\n  name: Main\n")); err != nil {
		t.Fatal(err)
	}
	// A process killed inside writeFileAtomic leaves its temporary file:
	// beside a staged object, a staged flow, or the manifest.
	stage := d.staging("e")
	unfinished := []string{
		filepath.Join(stage, RawDir, "flow", tempPrefix+"123"),
		filepath.Join(stage, FlowsDir, tempPrefix+"456"),
		filepath.Join(root, tempPrefix+"789"),
	}
	for _, path := range unfinished {
		if err := os.WriteFile(path, []byte(`{"id":`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Publish("e", "run-1"); err != nil {
		t.Fatal(err)
	}

	for _, dir := range []string{root, filepath.Join(root, RawDir, "flow"), filepath.Join(root, FlowsDir)} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tempPrefix) {
				t.Errorf("%s still holds the unfinished write %s", dir, e.Name())
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, RawDir, "flow", "f1.json")); err != nil {
		t.Errorf("raw/flow/f1.json after publish: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, FlowsDir, "f1.yaml")); err != nil {
		t.Errorf("flows/f1.yaml after publish: %v", err)
	}
}

// publishRun stages objects of type "user" for a run and publishes them
// with a manifest of the given status, as the manifest activity does.
func publishRun(t *testing.T, d *Dir, runID, status string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if err := d.WriteObject("export", "user", id, []byte(`{"id":"`+id+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Publish("export", runID); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteJSON(ManifestFile, map[string]string{"status": status, "runId": runID}); err != nil {
		t.Fatal(err)
	}
}

func TestPublishKeepsLastCompleteBackup(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	publishRun(t, d, "run-1", "complete", "a", "b")
	publishRun(t, d, "run-2", "partial", "c")
	publishRun(t, d, "run-3", "partial")
	// The partial run-2 was dropped; run-1, the last complete one, stays.
	data, err := os.ReadFile(filepath.Join(root, PreviousDir, ManifestFile))
	if err != nil || !strings.Contains(string(data), "run-1") {
		t.Fatalf("previous/manifest.json = %s, %v; want run-1's", data, err)
	}
	for _, id := range []string{"a", "b"} {
		if _, err := os.Stat(filepath.Join(root, PreviousDir, RawDir, "user", id+".json")); err != nil {
			t.Errorf("previous backup lost %s: %v", id, err)
		}
	}
	// run-3 staged nothing: its backup is empty, not run-2's files.
	if n, _, _ := d.TypeDigest("user"); n != 0 {
		t.Errorf("run-3 publishes %d users, want 0", n)
	}
	publishRun(t, d, "run-4", "complete", "d")
	publishRun(t, d, "run-5", "complete", "e")
	data, err = os.ReadFile(filepath.Join(root, PreviousDir, ManifestFile))
	if err != nil || !strings.Contains(string(data), "run-4") {
		t.Errorf("previous/manifest.json = %s, %v; want run-4's", data, err)
	}
}

func TestPublishTwiceIsNoOp(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	publishRun(t, d, "run-1", "complete", "a")
	if err := d.Publish("export", "run-1"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := d.TypeDigest("user"); n != 1 {
		t.Errorf("a repeated publish left %d users, want 1", n)
	}
}

func TestFilteredBackupsKeepTheFullOne(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(runID, scope string, ids ...string) {
		t.Helper()
		for _, id := range ids {
			if err := d.WriteObject("export", "user", id, []byte(`{"id":"`+id+`"}`)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Publish("export", runID); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteJSON(ManifestFile, map[string]string{"status": "complete", "scope": scope, "runId": runID}); err != nil {
			t.Fatal(err)
		}
	}
	publish("full-1", ScopeFull, "a", "b", "c")
	publish("filtered-1", "filtered", "a")
	publish("filtered-2", "filtered")
	data, err := os.ReadFile(filepath.Join(root, PreviousDir, ManifestFile))
	if err != nil || !strings.Contains(string(data), "full-1") {
		t.Fatalf("previous/manifest.json = %s, %v; want the full backup's", data, err)
	}
	if n, _ := os.ReadDir(filepath.Join(root, PreviousDir, RawDir, "user")); len(n) != 3 {
		t.Errorf("previous/ holds %d users, want the full backup's 3", len(n))
	}
}

// TestPublishFinishesInterruptedSetAside leaves the folder as a publish
// that stopped while it set the last complete backup aside, after a crash
// or at a folder it could not move. Its manifest is already in
// previous.new and its raw/ still at the top. The next publish keeps that
// backup whole in previous/ before anything new moves in.
func TestPublishFinishesInterruptedSetAside(t *testing.T) {
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	publishRun(t, d, "run-1", "complete", "a", "b")
	tmp := filepath.Join(root, PreviousDir+".new")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(root, ManifestFile), filepath.Join(tmp, ManifestFile)); err != nil {
		t.Fatal(err)
	}

	publishRun(t, d, "run-2", "complete", "c")
	data, err := os.ReadFile(filepath.Join(root, PreviousDir, ManifestFile))
	if err != nil || !strings.Contains(string(data), "run-1") {
		t.Fatalf("previous/manifest.json = %s, %v; want run-1's", data, err)
	}
	for _, id := range []string{"a", "b"} {
		if _, err := os.Stat(filepath.Join(root, PreviousDir, RawDir, "user", id+".json")); err != nil {
			t.Errorf("the previous backup lost %s: %v", id, err)
		}
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("previous.new is still there: %v", err)
	}
	ids, err := d.PublishedIDs("user")
	if err != nil || strings.Join(ids, ",") != "c" {
		t.Errorf("published users = %v, %v; want run-2's c", ids, err)
	}
}

// TestChecksumsReadBySha256sum writes a backup's SHA256SUMS and has the
// system's sha256sum check it, as an administrator would without gcexport.
func TestChecksumsReadBySha256sum(t *testing.T) {
	tool, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("no sha256sum on this machine")
	}
	root := t.TempDir()
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	publishRun(t, d, "run-1", "complete", "a", "b")
	if err := d.ResetTerraform(); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("routing_queue.tf.json", []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.WriteChecksums(); err != nil {
		t.Fatal(err)
	}

	check := exec.Command(tool, "-c", "--strict", ChecksumsFile)
	check.Dir = root
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, out)
	}
	sums, err := ReadChecksums(filepath.Join(root, ChecksumsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"raw/user/a.json", "raw/user/b.json", "terraform/routing_queue.tf.json"} {
		if sums[name] == "" {
			t.Errorf("%s lacks %s: %v", ChecksumsFile, name, sums)
		}
	}

	if err := os.WriteFile(filepath.Join(root, "raw", "user", "a.json"), []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	check = exec.Command(tool, "-c", "--quiet", ChecksumsFile)
	check.Dir = root
	if out, err := check.CombinedOutput(); err == nil || !strings.Contains(string(out), "raw/user/a.json") {
		t.Errorf("sha256sum -c after an edit: %v\n%s", err, out)
	}
}
