package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
)

// exportedNames returns the sorted names of a type's objects in the backup.
func exportedNames(t *testing.T, f *simulator.Fixture, dir, typ string) []string {
	t.Helper()
	nameOf := map[string]string{}
	for _, obj := range f.Resources[typ] {
		nameOf[obj["id"].(string)+".json"], _ = obj["name"].(string)
	}
	var names []string
	for _, file := range typeFiles(t, dir, typ) {
		names = append(names, nameOf[file])
	}
	sort.Strings(names)
	return names
}

func TestFiltersSelectObjects(t *testing.T) {
	f := simulator.SampleFixture()
	var salesEMEA, mortgages string
	for _, q := range f.Resources["routing_queue"] {
		switch q["name"] {
		case "Sales EMEA":
			salesEMEA = q["id"].(string)
		case "Mortgages":
			mortgages = q["id"].(string)
		}
	}
	cases := []struct {
		name    string
		request map[string]any
		typ     string
		want    []string
	}{
		{
			// "Sales" must match a whole name, so "Sales EMEA" stays out.
			name:    "anchored regex",
			request: map[string]any{"include": []string{"routing_queue::Sales", "routing_queue::SM.*"}},
			typ:     "routing_queue", want: []string{"SMB", "SMS"},
		},
		{
			name: "include and exclude",
			request: map[string]any{
				"include": []string{"routing_queue::S.*"},
				"exclude": []string{"routing_queue::SM.*", "routing_queue::id:" + salesEMEA},
			},
			typ: "routing_queue", want: []string{"Support — Tier 1", "Support — Tier 2"},
		},
		{
			name:    "by id",
			request: map[string]any{"include": []string{"routing_queue::id:" + mortgages}},
			typ:     "routing_queue", want: []string{"Mortgages"},
		},
		{
			name:    "by field",
			request: map[string]any{"include": []string{"integration::integrationType.id=custom-rest-actions"}},
			typ:     "integration", want: []string{"Web Services Data Actions", "Web Services Data Actions"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, f)
			body, err := json.Marshal(tc.request)
			if err != nil {
				t.Fatal(err)
			}
			summary, err := h.run("e2e-filter-"+strings.ReplaceAll(tc.name, " ", "-"), json.RawMessage(body))
			if err != nil {
				t.Fatalf("export failed: %v", err)
			}
			if summary.Status != "complete" {
				t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
			}
			got := exportedNames(t, f, h.output, tc.typ)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%s exported %q, want %q", tc.typ, got, tc.want)
			}
			m := readManifest(t, h.output)
			if len(m.Types) != 1 {
				t.Errorf("manifest types = %v, want only %s", m.Types, tc.typ)
			}
			if m.Scope != "filtered" {
				t.Errorf("manifest scope = %q, want filtered", m.Scope)
			}
		})
	}
}

func TestBadFilterFailsAtOnce(t *testing.T) {
	h := newHarness(t, simulator.SampleFixture())
	_, err := h.run("e2e-bad-regex", json.RawMessage(`{"include":["routing_queue::Sales(","flow"]}`))
	if err == nil || !strings.Contains(err.Error(), `routing_queue::Sales(`) {
		t.Fatalf("export error = %v, want it to name the bad regex", err)
	}
	if h.sim.TotalRequests() != 0 {
		t.Errorf("a bad filter cost %d requests", h.sim.TotalRequests())
	}
}
