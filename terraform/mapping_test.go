package terraform

import (
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

func TestMappingsNameCatalogueTypes(t *testing.T) {
	cat := catalog.Default()
	var visit func(typ string, attrs []Attr)
	visit = func(typ string, attrs []Attr) {
		seen := map[string]bool{}
		for _, a := range attrs {
			if seen[a.Name] {
				t.Errorf("%s maps %s twice", typ, a.Name)
			}
			seen[a.Name] = true
			targets := []string{a.Ref, a.Child}
			if a.RefSwitch != nil {
				for _, to := range a.RefSwitch.Types {
					targets = append(targets, to)
				}
			}
			for _, to := range targets {
				if _, ok := cat.Type(to); to != "" && !ok {
					t.Errorf("%s.%s names %q, which is not a catalogue type", typ, a.Name, to)
				}
			}
			if a.Build == nil && a.Kind == 0 {
				t.Errorf("%s.%s has no kind", typ, a.Name)
			}
			visit(typ, a.Attrs)
		}
	}
	for typ, m := range mappings {
		if _, ok := cat.Type(typ); !ok && !isSubjectType(typ) {
			t.Errorf("mapping %s is not a catalogue type", typ)
		}
		visit(typ, m.Attrs)
		visit(typ, m.DataAttrs)
	}
	for _, core := range []string{"auth_division", "auth_role", "user", "group", "routing_skill",
		"routing_language", "routing_wrapupcode", "routing_queue", "architect_schedules",
		"architect_schedulegroups", "architect_datatable", "flow", "integration_credential",
		"integration", "integration_action", "oauth_client"} {
		if mappings[core] == nil {
			t.Errorf("core type %s has no mapping", core)
		}
	}
}
