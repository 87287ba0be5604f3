package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// expectedClosure computes, from the fixture alone, the objects a closure
// export of the given types must hold: those objects, their children, and
// everything they reference, transitively.
func expectedClosure(f *simulator.Fixture, cat *catalog.Catalog, types []string) map[string]map[string]bool {
	want := map[string]map[string]bool{}
	var queue []catalog.Reference
	add := func(typ, id string) {
		if want[typ] == nil {
			want[typ] = map[string]bool{}
		}
		if want[typ][id] {
			return
		}
		want[typ][id] = true
		t, _ := cat.Type(typ)
		for _, obj := range f.Resources[typ] {
			if obj["id"] == id {
				queue = append(queue, t.References(any(obj))...)
			}
		}
	}
	for _, typ := range types {
		for _, obj := range f.Resources[typ] {
			add(typ, obj["id"].(string))
		}
	}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		for _, obj := range f.Resources[ref.To] {
			if obj["id"] == ref.ID {
				add(ref.To, ref.ID)
			}
		}
	}
	return want
}

func TestClosureBringsReferencedObjects(t *testing.T) {
	f := simulator.SampleFixture()
	h := newHarness(t, f)
	summary, err := h.run("e2e-closure", json.RawMessage(`{"include":["routing_queue"],"withDependencies":true}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	saveHistory(t, h, "e2e-closure", "closure-export")
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	want := expectedClosure(f, catalog.Default(), []string{"routing_queue"})
	if len(want) < 3 {
		t.Fatalf("the sample's queues reference too little to test a closure: %v", want)
	}
	m := readManifest(t, h.output)
	for _, typ := range catalog.Default().Names() {
		var got []string
		for _, name := range typeFiles(t, h.output, typ) {
			got = append(got, strings.TrimSuffix(name, ".json"))
		}
		var wantIDs []string
		for id := range want[typ] {
			wantIDs = append(wantIDs, id)
		}
		sort.Strings(wantIDs)
		if strings.Join(got, ",") != strings.Join(wantIDs, ",") {
			t.Errorf("%s: backup holds %d objects %v, want %d %v", typ, len(got), got, len(wantIDs), wantIDs)
		}
		if len(wantIDs) > 0 {
			if _, ok := m.Types[typ]; !ok {
				t.Errorf("%s is in the backup but not in the manifest", typ)
			}
		}
	}
	// Referenced types come in layers before the queues that need them.
	layerOf := map[string]int{}
	for i, layer := range m.Layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	for typ := range want {
		if typ != "routing_queue" && layerOf[typ] >= layerOf["routing_queue"] {
			t.Errorf("%s (layer %d) is not before routing_queue (layer %d)", typ, layerOf[typ], layerOf["routing_queue"])
		}
	}
}
