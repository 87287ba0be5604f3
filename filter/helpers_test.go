package filter

import (
	"encoding/json"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

// testCatalog returns a catalogue of a few real type names, declared here so
// that the tests do not change when the default catalogue grows. The
// division references match the default catalogue's, and datatable_row
// covers catalog.Type.IDField.
func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	division := catalog.Ref{Path: "division.id", To: "auth_division"}
	declare := func(name string, refs ...catalog.Ref) catalog.Type {
		return catalog.Type{
			Name: name, ListPath: "/" + name, GetPath: "/" + name + "/{id}",
			Paging: catalog.PagingNone, Refs: refs,
		}
	}
	cat, err := catalog.New([]catalog.Type{
		declare("auth_division"),
		declare("architect_datatable", division),
		declare("architect_schedulegroups", division,
			catalog.Ref{Path: "openSchedules[].id", To: "architect_schedules"}),
		declare("architect_schedules", division),
		declare("flow", division),
		declare("group"),
		declare("integration",
			catalog.Ref{Path: "config.current.credentials.*.id", To: "integration_credential"}),
		declare("integration_credential"),
		declare("oauth_client", catalog.Ref{Path: "roleIds[]", To: "auth_role"}),
		declare("auth_role"),
		declare("routing_queue", division),
		declare("routing_skill"),
		declare("routing_wrapupcode", division),
		declare("user", division, catalog.Ref{Path: "skills[].id", To: "routing_skill"}),
		{
			Name:     "datatable_row",
			Parent:   "architect_datatable",
			ListPath: "/architect_datatable/" + catalog.ParentToken + "/rows",
			GetPath:  "/architect_datatable/" + catalog.ParentToken + "/rows/{id}",
			Paging:   catalog.PagingNone,
			IDField:  "key",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func mustCompile(t testing.TB, cat *catalog.Catalog, include, exclude, divisions []string) *Set {
	t.Helper()
	s, err := Compile(cat, include, exclude, divisions)
	if err != nil {
		t.Fatalf("Compile(%q, %q, %q): %v", include, exclude, divisions, err)
	}
	return s
}

func decodeObject(t testing.TB, doc string) map[string]any {
	t.Helper()
	if doc == "" {
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(doc), &obj); err != nil {
		t.Fatalf("decode %s: %v", doc, err)
	}
	return obj
}
