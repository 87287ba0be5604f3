package terraform

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// memSource is a Source over objects held in memory, keyed the way a
// backup stores them.
type memSource struct {
	objects map[string]map[string]map[string]any
	// shuffle, when set, lists types and ids in a random order.
	shuffle *rand.Rand
	deps    map[objectKey][]catalog.Reference
}

func (s *memSource) Types() []string {
	out := sortedKeys(s.objects)
	if s.shuffle != nil {
		s.shuffle.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

func (s *memSource) IDs(typ string) ([]string, error) {
	out := sortedKeys(s.objects[typ])
	if s.shuffle != nil {
		s.shuffle.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out, nil
}

func (s *memSource) Object(typ, id string) (map[string]any, error) {
	o, ok := s.objects[typ][id]
	if !ok {
		return nil, fmt.Errorf("no %s %s", typ, id)
	}
	return o, nil
}

// memDeps adds Dependencies to a memSource.
type memDeps struct{ *memSource }

func (s memDeps) Dependencies(typ, id string) ([]catalog.Reference, error) {
	return s.deps[objectKey{typ, id}], nil
}

// add stores an object under its backup id.
func (s *memSource) add(typ, id string, obj map[string]any) {
	if s.objects == nil {
		s.objects = map[string]map[string]map[string]any{}
	}
	if s.objects[typ] == nil {
		s.objects[typ] = map[string]map[string]any{}
	}
	s.objects[typ][id] = obj
}

// fixtureSource stores a simulator fixture's objects as a backup does: a
// child object as "<parentId>_<id>", and without the fixture-only
// _parentId field.
func fixtureSource(t testing.TB, resources map[string][]map[string]any) *memSource {
	t.Helper()
	cat := catalog.Default()
	src := &memSource{}
	for typ, objs := range exportedResources(t, resources) {
		ct, ok := cat.Type(typ)
		if !ok {
			t.Fatalf("fixture type %s is not in the catalogue", typ)
		}
		idField := ct.IDField
		if idField == "" {
			idField = "id"
		}
		for _, o := range objs {
			// Round-trip through JSON, as a backup file is read, so numbers
			// are float64 and the fixture's maps are not shared.
			data, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			var obj map[string]any
			if err := json.Unmarshal(data, &obj); err != nil {
				t.Fatal(err)
			}
			parent, _ := obj["_parentId"].(string)
			delete(obj, "_parentId")
			id := fmt.Sprint(obj[idField])
			if ct.Parent != "" && ct.Paging != catalog.PagingObject {
				id = parent + "_" + id
			}
			src.add(typ, id, obj)
		}
	}
	return src
}

// sampleResources returns the simulator's bundled sample org.
func sampleResources(t testing.TB) map[string][]map[string]any {
	t.Helper()
	return simulator.SampleFixture().Resources
}

// exportedResources returns a fixture's resources as an export reads them:
// the role grants listed per role, as the simulator builds them, in place of
// the users' and groups' authorization subjects.
func exportedResources(t testing.TB, resources map[string][]map[string]any) map[string][]map[string]any {
	t.Helper()
	if resources["user_roles"] == nil && resources["group_roles"] == nil {
		return resources
	}
	derived, err := simulator.DerivedResources(&simulator.Fixture{Org: simulator.SampleFixture().Org, Resources: resources})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]map[string]any{}
	for typ, objects := range resources {
		if typ != "user_roles" && typ != "group_roles" {
			out[typ] = objects
		}
	}
	for typ, objects := range derived {
		out[typ] = objects
	}
	return out
}

// memDir is an OutputDir in memory.
type memDir map[string][]byte

func (d memDir) WriteFile(name string, data []byte) error {
	if _, dup := d[name]; dup {
		return fmt.Errorf("%s written twice", name)
	}
	d[name] = append([]byte(nil), data...)
	return nil
}

// write runs Write and fails the test on an error.
func write(t testing.TB, src Source, opts Options) (memDir, *Report) {
	t.Helper()
	out := memDir{}
	rep, err := Write(catalog.Default(), src, opts, out)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return out, rep
}

// decodeJSONFile decodes one written .tf.json file.
func decodeJSONFile(t testing.TB, files memDir, name string) map[string]any {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no file %s; files: %v", name, sortedKeys(files))
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// resourceBlocks returns the resource blocks of one type in a decoded
// .tf.json file, by label.
func resourceBlocks(file map[string]any, kind, tfType string) map[string]map[string]any {
	out := map[string]map[string]any{}
	group, _ := file[kind].(map[string]any)
	blocks, _ := group[tfType].(map[string]any)
	for label, b := range blocks {
		out[label], _ = b.(map[string]any)
	}
	return out
}

func sortedLabels(m map[string]map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
