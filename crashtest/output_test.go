package crashtest

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/sink"
)

// comparedFolders are the folders of a backup that two exports of one org
// must write byte for byte alike.
var comparedFolders = []string{sink.RawDir, sink.FlowsDir, sink.TerraformDir}

// maskedFields are, per top-level file, the fields that differ between two
// exports of one org: the run's ids and times, and the request counts,
// which include the requests of attempts that a kill cut short.
var maskedFields = map[string][]string{
	sink.ManifestFile: {"workflowId", "runId", "startedAt", "finishedAt", "requests"},
	sink.ReportFile:   {"workflowId"},
}

// readFolder returns every regular file under dir by its slash-separated
// path relative to dir.
func readFolder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	return files
}

// compareFolders checks that got holds the same files as want under every
// compared folder, byte for byte.
func compareFolders(t *testing.T, want, got string) {
	t.Helper()
	for _, folder := range comparedFolders {
		wantFiles := readFolder(t, filepath.Join(want, folder))
		gotFiles := readFolder(t, filepath.Join(got, folder))
		if len(wantFiles) == 0 {
			t.Errorf("%s/ of the undisturbed export is empty", folder)
		}
		var missing, extra, differ []string
		for name, data := range wantFiles {
			gotData, ok := gotFiles[name]
			switch {
			case !ok:
				missing = append(missing, name)
			case !bytes.Equal(data, gotData):
				differ = append(differ, name)
			}
		}
		for name := range gotFiles {
			if _, ok := wantFiles[name]; !ok {
				extra = append(extra, name)
			}
		}
		report := func(kind string, names []string) {
			if len(names) == 0 {
				return
			}
			slices.Sort(names)
			examples := names
			if len(examples) > 10 {
				examples = examples[:10]
			}
			t.Errorf("%s/: %d files %s, such as %s", folder, len(names), kind, strings.Join(examples, ", "))
		}
		report("missing after the kills", missing)
		report("only after the kills", extra)
		report("with other bytes after the kills", differ)
		t.Logf("%s/: compared %d files", folder, len(wantFiles))
	}
}

// compareMasked checks that the top-level JSON file name is equal in both
// backups once its masked fields are removed.
func compareMasked(t *testing.T, want, got, name string) {
	t.Helper()
	wantValue := readMasked(t, filepath.Join(want, name))
	gotValue := readMasked(t, filepath.Join(got, name))
	wantJSON, err := sink.MarshalIndent(wantValue)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, err := sink.MarshalIndent(gotValue)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(wantJSON, gotJSON) {
		t.Errorf("%s differs beyond %v:\nundisturbed:\n%s\nafter the kills:\n%s",
			name, maskedFields[name], wantJSON, gotJSON)
	}
}

func readMasked(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var value map[string]any
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, field := range maskedFields[filepath.Base(path)] {
		if _, ok := value[field]; !ok {
			t.Errorf("%s has no field %q to mask", path, field)
		}
		delete(value, field)
	}
	return value
}

// leftovers returns the paths under dir of what an export must not leave
// behind: its staging folder and the temporary files of atomic writes.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if name == ".staging" || strings.HasPrefix(name, ".tmp-") || strings.HasPrefix(name, ".probe-") {
			rel, _ := filepath.Rel(dir, path)
			found = append(found, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	return found
}
