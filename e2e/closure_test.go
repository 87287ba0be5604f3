package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// storedID returns the id a fixture object is stored under: its own id, or
// for a type listed under a parent, "<parentId>_<id>" (an authorization
// subject is stored under its parent's id alone).
func storedID(t *catalog.Type, obj map[string]any) string {
	field := t.IDField
	if field == "" {
		field = "id"
	}
	id, _ := obj[field].(string)
	if t.Parent == "" {
		return id
	}
	if t.Paging == catalog.PagingObject {
		id, _ = obj["id"].(string)
		return id
	}
	parent, _ := obj["_parentId"].(string)
	return parent + "_" + id
}

// expectedClosure computes, from the fixture alone, the objects a closure
// export of the given types must hold: those objects, the objects of their
// sub-resource types, and everything they reference, transitively.
// ids, when set, limits the selected objects of the types to those ids.
func expectedClosure(f *simulator.Fixture, cat *catalog.Catalog, types []string, ids map[string]bool) map[string]map[string]bool {
	want := map[string]map[string]bool{}
	var queue []catalog.Reference
	add := func(typ string, obj map[string]any) {
		t, _ := cat.Type(typ)
		id := storedID(t, obj)
		if want[typ] == nil {
			want[typ] = map[string]bool{}
		}
		if want[typ][id] {
			return
		}
		want[typ][id] = true
		clean := map[string]any{}
		for k, v := range obj {
			if k != "_parentId" {
				clean[k] = v
			}
		}
		queue = append(queue, t.References(any(clean))...)
	}
	selected := map[string]bool{}
	for _, typ := range types {
		selected[typ] = true
		for _, obj := range f.Resources[typ] {
			if id, _ := obj["id"].(string); ids == nil || ids[id] {
				add(typ, obj)
			}
		}
	}
	for _, name := range cat.Names() {
		t, _ := cat.Type(name)
		if t.Parent == "" || !selected[t.Parent] {
			continue
		}
		for _, obj := range f.Resources[name] {
			parent, _ := obj["_parentId"].(string)
			if t.Paging == catalog.PagingObject {
				parent, _ = obj["id"].(string)
			}
			if ids == nil || ids[parent] {
				add(name, obj)
			}
		}
	}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		t, _ := cat.Type(ref.To)
		if t == nil || t.Parent != "" {
			continue
		}
		for _, obj := range f.Resources[ref.To] {
			if obj["id"] == ref.ID {
				add(ref.To, obj)
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
	checkClosure(t, f, h, summary, nil)
}

func TestClosureOfOneQueue(t *testing.T) {
	f := simulator.SampleFixture()
	var queue string
	for _, q := range f.Resources["routing_queue"] {
		if q["name"] == "Sales EMEA" {
			queue = q["id"].(string)
		}
	}
	h := newHarness(t, f)
	summary, err := h.run("e2e-closure-one", json.RawMessage(
		`{"include":["routing_queue::id:`+queue+`"],"withDependencies":true}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	want := checkClosure(t, f, h, summary, map[string]bool{queue: true})
	// The queue brings its members and wrap-up codes, their users and
	// codes, and the division and flows it names.
	for _, typ := range []string{"routing_queue_member", "routing_queue_wrapupcode", "user", "routing_wrapupcode", "auth_division", "flow"} {
		if len(want[typ]) == 0 {
			t.Errorf("the closure of one queue holds no %s", typ)
		}
	}
	// Other queues come in only when something in the closure names them.
	if got := len(typeFiles(t, h.output, "routing_queue")); got >= len(f.Resources["routing_queue"]) {
		t.Errorf("the closure of one queue holds all %d queues", got)
	}
}

// checkClosure compares the backup with the closure computed from the
// fixture, type by type, and returns the expected objects.
func checkClosure(t *testing.T, f *simulator.Fixture, h *harness, summary *export.Summary, ids map[string]bool) map[string]map[string]bool {
	t.Helper()
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	want := expectedClosure(f, catalog.Default(), []string{"routing_queue"}, ids)
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
	// The types a queue references come in layers before the queues.
	layerOf := map[string]int{}
	for i, layer := range m.Layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	for _, typ := range catalog.Default().Dependencies("routing_queue") {
		if _, exported := want[typ]; !exported {
			continue
		}
		if typ != "routing_queue" && layerOf[typ] >= layerOf["routing_queue"] {
			t.Errorf("%s (layer %d) is not before routing_queue (layer %d)", typ, layerOf[typ], layerOf["routing_queue"])
		}
	}
	return want
}
