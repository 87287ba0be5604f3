package sink

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// walkAndSort lists the checksummed files as filepath.WalkDir and a sort
// of every path do, the order that WalkChecksummedFiles must keep.
func walkAndSort(t *testing.T, root string) []string {
	t.Helper()
	var names []string
	for _, folder := range []string{RawDir, FlowsDir, TerraformDir} {
		top := filepath.Join(root, folder)
		err := filepath.WalkDir(top, func(path string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == top {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(names)
	return names
}

func writeTree(t *testing.T, root string, files []string) {
	t.Helper()
	for _, name := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChecksummedFilesOrder(t *testing.T) {
	root := t.TempDir()
	// Names with bytes below "/" sort differently among whole paths than
	// among the names of one folder.
	writeTree(t, root, []string{
		"raw/a/x.json", "raw/a-b/y.json", "raw/a.b/z.json", "raw/a/.hidden",
		"raw/.hidden-folder/w.json", "raw/a/sub/q.json", "raw/a/sub-1.json",
		"raw/a/sub.json", "raw/user/%41~1234abcd.json", "raw/user/A.json",
		"flows/f.yaml", "flows/f.dependencies.json", "flows/f-2.yaml",
		"terraform/main.tf.json", "terraform/user.tf.json", "terraform/.terraform.lock.hcl",
	})
	want := walkAndSort(t, root)
	got, err := ChecksummedFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("ChecksummedFiles =\n%v\nwant\n%v", got, want)
	}
	if slices.Contains(got, "raw/a/.hidden") {
		t.Errorf("ChecksummedFiles lists a hidden file: %v", got)
	}
}

func TestWriteChecksumsMatchesList(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, []string{"raw/a/x.json", "raw/a-b/y.json", "flows/f.yaml", "terraform/main.tf.json"})
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := d.WriteChecksums()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for _, name := range walkAndSort(t, root) {
		fileSum, err := fileSHA256(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&want, "%s  %s\n", fileSum, name)
	}
	data, err := os.ReadFile(filepath.Join(root, ChecksumsFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != want.String() {
		t.Errorf("%s =\n%s\nwant\n%s", ChecksumsFile, data, want.String())
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != sum {
		t.Errorf("WriteChecksums returned %s, the file's SHA-256 is %s", sum, got)
	}
}

func TestScanJournal(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	long := bytes.Repeat([]byte("x"), 10_000)
	for _, record := range [][]byte{[]byte(`{"a":1}`), long, {}, []byte(`{"b":2}`)} {
		if err := d.AppendJournal("e", "j", record); err != nil {
			t.Fatal(err)
		}
	}
	// A record cut short by a crash has no newline.
	f, err := os.OpenFile(journalPath(d.staging("e"), "j"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"cut`); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var got []string
	err = d.ScanJournal("e", "j", func(record []byte) error {
		got = append(got, string(record))
		// Records appended during the scan are not part of it.
		return d.AppendJournal("e", "j", []byte(`{"later":true}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"a":1}`, string(long), "", `{"b":2}`}
	if !slices.Equal(got, want) {
		t.Errorf("ScanJournal returned %d records, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("record %d has %d bytes, want %d", i, len(got[i]), len(want[i]))
		}
	}
	if err := d.ScanJournal("e", "missing", func([]byte) error { return errors.New("called") }); err != nil {
		t.Errorf("ScanJournal of a missing journal: %v", err)
	}
}

func TestIsStaged(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Id-", 100)
	for _, id := range []string{"u1", long} {
		if err := d.WriteObject("e", "user", id, []byte(`{"id":"x"}`)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		typ, id string
		want    bool
	}{
		{"user", "u1", true},
		{"user", long, true},
		{"user", "u2", false},
		{"group", "u1", false},
	} {
		got, err := d.IsStaged("e", tc.typ, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("IsStaged(%s, %.20s) = %v, want %v", tc.typ, tc.id, got, tc.want)
		}
	}
}
