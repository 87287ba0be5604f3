package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// TestDataActionContractBringsItsSchemas exports two data actions whose
// contracts point at custom schemas with "$ref", with their dependencies:
// the schemas are in the backup, in a layer before the actions, and the
// actions' Terraform depends on the schema that the provider can create.
func TestDataActionContractBringsItsSchemas(t *testing.T) {
	f := simulator.SampleFixture()
	cat := catalog.Default()
	action, _ := cat.Type("integration_action")
	wantSchemas := map[string]map[string]bool{}
	var include []string
	for _, obj := range f.Resources["integration_action"] {
		found := false
		for _, ref := range action.References(map[string]any(obj)) {
			if !strings.HasSuffix(ref.To, "_schema") {
				continue
			}
			found = true
			if wantSchemas[ref.To] == nil {
				wantSchemas[ref.To] = map[string]bool{}
			}
			wantSchemas[ref.To][ref.ID] = true
		}
		if found {
			include = append(include, `"integration_action::id:`+obj["id"].(string)+`"`)
		}
	}
	if len(include) < 2 || wantSchemas["externalcontacts_contact_schema"] == nil ||
		wantSchemas["task_management_workitem_schema"] == nil {
		t.Fatalf("the sample's data actions point at too few custom schemas: %v", wantSchemas)
	}

	// The closure reads the contact schema first. The work item schema
	// then fails once, so the closure's second attempt must still count the
	// schema its first attempt added.
	for id := range wantSchemas["task_management_workitem_schema"] {
		f.Faults = append(f.Faults, simulator.Fault{Type: "task_management_workitem_schema", ID: id, Status: 500, Times: 1})
	}
	h := newHarness(t, f)
	summary, err := h.run("e2e-action-schemas", json.RawMessage(
		`{"include":[`+strings.Join(include, ",")+`],"withDependencies":true}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	for id := range wantSchemas["task_management_workitem_schema"] {
		if n := h.sim.ObjectRequests("task_management_workitem_schema", id); n != 2 {
			t.Errorf("the work item schema was read %d times, want 2: the 500, then the retried closure", n)
		}
	}
	for typ, ids := range wantSchemas {
		var got []string
		for _, name := range typeFiles(t, h.output, typ) {
			got = append(got, strings.TrimSuffix(name, ".json"))
		}
		for id := range ids {
			if !slices.Contains(got, id) {
				t.Errorf("%s %s, named by a data action's contract, is not in the backup (got %v)", typ, id, got)
			}
		}
		if len(got) != len(ids) {
			t.Errorf("%s: backup holds %v, want only the %d schemas the contracts name", typ, got, len(ids))
		}
	}

	m := readManifest(t, h.output)
	for typ, ids := range wantSchemas {
		if m.Types[typ].Count != len(ids) {
			t.Errorf("manifest counts %d %s, want %d", m.Types[typ].Count, typ, len(ids))
		}
	}
	layerOf := map[string]int{}
	for i, layer := range m.Layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	actionLayer, ok := layerOf["integration_action"]
	if !ok {
		t.Fatalf("integration_action is in no layer: %v", m.Layers)
	}
	for typ := range wantSchemas {
		if l, ok := layerOf[typ]; !ok || l >= actionLayer {
			t.Errorf("%s (layer %d, in a layer: %v) is not in a layer before integration_action (layer %d): %v", typ, l, ok, actionLayer, m.Layers)
		}
	}

	// The provider has a work item schema resource, so the action that
	// names one depends on it.
	data, err := os.ReadFile(filepath.Join(h.output, "terraform", "integration_action.tf.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "genesyscloud_task_management_workitem_schema.") {
		t.Errorf("no data action depends on its work item schema:\n%s", data)
	}
}
