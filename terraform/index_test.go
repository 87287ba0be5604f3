package terraform

import (
	"bytes"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

// objectKey names an object by type and backup id, as the test Sources key
// their objects.
type objectKey struct{ typ, id string }

// creatorDir is a fileDir that counts the files it takes as streams.
type creatorDir struct {
	fileDir
	streamed *int
}

func (d creatorDir) CreateFile(name string) (io.WriteCloser, error) {
	*d.streamed++
	return d.fileDir.CreateFile(name)
}

// TestWriteStreamsToFileCreator checks that an OutputDir that takes
// streams receives the same files as one that takes whole files.
func TestWriteStreamsToFileCreator(t *testing.T) {
	src := fixtureSource(t, sampleResources(t))
	for _, format := range []Format{FormatJSON, FormatHCL} {
		want, wantReport := write(t, src, Options{Format: format})
		dir := t.TempDir()
		streamed := 0
		gotReport, err := Write(catalog.Default(), src, Options{Format: format}, creatorDir{fileDir(dir), &streamed})
		if err != nil {
			t.Fatalf("%s: Write: %v", format, err)
		}
		if streamed != len(gotReport.Types) {
			t.Errorf("%s: %d files streamed, want one per type (%d)", format, streamed, len(gotReport.Types))
		}
		if !reflect.DeepEqual(gotReport, wantReport) {
			t.Errorf("%s: the reports differ", format)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(want) {
			t.Errorf("%s: %d files written, want %d", format, len(entries), len(want))
		}
		for name, data := range want {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Errorf("%s: %v", format, err)
				continue
			}
			if !bytes.Equal(got, data) {
				t.Errorf("%s: %s differs from the file WriteFile received", format, name)
			}
		}
	}
}

// changingSource returns users without their division from the second
// read on.
type changingSource struct {
	*memSource
	reads map[string]int
}

func (s changingSource) Object(typ, id string) (map[string]any, error) {
	obj, err := s.memSource.Object(typ, id)
	if err != nil || typ != "user" {
		return obj, err
	}
	s.reads[id]++
	if s.reads[id] == 1 {
		return obj, nil
	}
	changed := maps.Clone(obj)
	delete(changed, "division")
	return changed, nil
}

func TestWriteRejectsChangedObject(t *testing.T) {
	src := fixtureSource(t, sampleResources(t))
	_, err := Write(catalog.Default(), changingSource{src, map[string]int{}}, Options{}, memDir{})
	if err == nil || !strings.Contains(err.Error(), "changed between two reads") {
		t.Errorf("Write error = %v, want a changed object", err)
	}
}
