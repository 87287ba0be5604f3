package simulator

import (
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

// unusedSampleRefs lists catalogue references that no sample object holds,
// with the reason.
var unusedSampleRefs = map[string]string{
	// No sample queue routes to another queue: conditional group routing
	// and direct routing backups are left for fixtures built in tests.
	"routing_queue conditionalGroupRouting.rules[].queue.id": "no conditional group routing",
	"routing_queue directRouting.backupQueueId":              "no direct routing",
	// No role condition names a user inside terms.
	"auth_role permissionPolicies[].resourceConditionNode.terms[].operands[].user.id": "no user term",
	// The Swagger's Ring holds skillsToRemove under actions, where the
	// sample has them (bullseye.rings[].actions.skillsToRemove[].id), so
	// this catalogue path finds nothing in a real queue either.
	"routing_queue bullseye.rings[].skillsToRemove[].id": "the API path has actions",
	// Sample data actions point their contracts at a contact schema and a
	// work item schema only.
	"integration_action contract $ref externalcontacts_organization_schema":  "no contract points at it",
	"integration_action contract $ref user_customattributes_schema":          "no contract points at it",
	"integration_action contract $ref conversations_customattributes_schema": "no contract points at it",
	"integration_action contract $ref business_rules_schema":                 "no contract points at it",
}

// TestSampleHoldsCatalogueReferences checks the sample against the
// exporter's catalogue: every type of the catalogue is served, and every
// reference the catalogue declares resolves to an object of the sample.
func TestSampleHoldsCatalogueReferences(t *testing.T) {
	c := catalog.Default()
	f := SampleFixture()
	index := sampleIndex(f)
	srv, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range c.Names() {
		typ, _ := c.Type(name)
		ep := endpointFor(name)
		if ep == nil {
			t.Errorf("catalogue type %s is not served", name)
			continue
		}
		objects := f.Resources[name]
		if ep.derived {
			objects = srv.objects[name]
		}
		for _, ref := range typ.Refs {
			found := 0
			for _, obj := range objects {
				for _, id := range ref.IDs(map[string]any(obj)) {
					found++
					if index[ref.To][id] == nil {
						t.Errorf("%s %v: %s %q is not a %s of the sample", name, obj["id"], ref.Path, id, ref.To)
					}
				}
			}
			key := name + " " + ref.Path
			if ref.SchemaURI != "" {
				key += " $ref " + ref.To
			}
			_, unused := unusedSampleRefs[key]
			switch {
			case found == 0 && !unused:
				t.Errorf("no %s in the sample has %s, so its reference is never exercised", name, ref.Path)
			case found > 0 && unused:
				t.Errorf("%s is listed as unused but the sample holds it: remove it from unusedSampleRefs", key)
			}
		}
	}
}

// TestSimulatorServesCatalogueEndpoints checks that every catalogue type's
// list and get paths are the simulator's, with the same parent and id field.
func TestSimulatorServesCatalogueEndpoints(t *testing.T) {
	c := catalog.Default()
	for _, name := range c.Names() {
		typ, _ := c.Type(name)
		ep := endpointFor(name)
		if ep == nil {
			t.Errorf("catalogue type %s is not served", name)
			continue
		}
		if ep.parent != typ.Parent {
			t.Errorf("%s: simulator parent %q, catalogue parent %q", name, ep.parent, typ.Parent)
		}
		wantID := typ.IDField
		if wantID == "" {
			wantID = "id"
		}
		if ep.idName() != wantID {
			t.Errorf("%s: simulator id field %q, catalogue %q", name, ep.idName(), wantID)
		}
		listPath := strings.ReplaceAll(typ.ListPath, catalog.ParentToken, parentToken)
		getPath := strings.ReplaceAll(typ.GetPath, catalog.ParentToken, parentToken)
		if typ.Paging == catalog.PagingObject {
			// The object path is the simulator's get-by-id of the subject.
			if want := strings.ReplaceAll(listPath, parentToken, idToken); ep.getTemplate() != want {
				t.Errorf("%s: simulator get path %q, catalogue object path %q", name, ep.getTemplate(), listPath)
			}
			continue
		}
		// Users are listed through the cursor listing, served apart.
		if ep.path != listPath && !(name == typeUser && listPath == usersQueryPath) {
			t.Errorf("%s: simulator list path %q, catalogue %q", name, ep.path, listPath)
		}
		if ep.getTemplate() != "" && ep.getTemplate() != getPath {
			t.Errorf("%s: simulator get path %q, catalogue %q", name, ep.getTemplate(), getPath)
		}
		if typ.PageSize > 0 && typ.PageSize > ep.maxPageSize {
			t.Errorf("%s: catalogue page size %d is over the simulator's maximum %d", name, typ.PageSize, ep.maxPageSize)
		}
	}
	for _, ep := range endpoints {
		_, declared := c.Type(ep.typ)
		_, outside := servedOutsideCatalogue[ep.typ]
		switch {
		case !declared && !outside:
			t.Errorf("the simulator serves %s, which the catalogue does not declare", ep.typ)
		case declared && outside:
			t.Errorf("%s is listed as served outside the catalogue but is declared: remove it from servedOutsideCatalogue", ep.typ)
		}
	}
}

// servedOutsideCatalogue lists the types the simulator serves that the
// exporter does not export, with the reason.
var servedOutsideCatalogue = map[string]string{
	// The exporter lists role grants per role (role_subject_grants). The
	// per-subject reads stay for clients that make them, such as the
	// per-object exporter of the benchmark and Genesys' own exporter.
	typeUserRoles:  "read per subject by other exporters",
	typeGroupRoles: "read per subject by other exporters",
}
