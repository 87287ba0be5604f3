package simulator

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// roleGrantsFixture has two roles, two users and a group: the first user
// holds r1 in two divisions and r2 everywhere, the second holds r1 once
// directly and once through the group, which holds r1 in d2.
func roleGrantsFixture() *Fixture {
	grant := func(subject, role, division string) map[string]any {
		return map[string]any{"subjectId": subject, "role": map[string]any{"id": role},
			"division": map[string]any{"id": division, "name": "division " + division}}
	}
	return &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeDivision: objects("d", 0, nil),
		typeRole: {
			{"id": "r1", "name": "Agent"},
			{"id": "r2", "name": "Admin"},
		},
		typeUser: {
			{"id": "u1", "name": "Ann", "selfUri": "/api/v2/users/u1"},
			{"id": "u2", "name": "Bob", "selfUri": "/api/v2/users/u2"},
		},
		typeGroup: {{"id": "g1", "name": "Agents", "selfUri": "/api/v2/groups/g1"}},
		typeUserRoles: {
			{"id": "u1", "grants": []any{grant("u1", "r1", "d2"), grant("u1", "r1", "d1"), grant("u1", "r2", "*")}},
			{"id": "u2", "grants": []any{grant("u2", "r1", "d1"), grant("g1", "r1", "d2")}},
		},
		typeGroupRoles: {{"id": "g1", "grants": []any{grant("g1", "r1", "d2")}}},
	}}
}

func TestRoleSubjectGrantsListing(t *testing.T) {
	h := newHarness(t, roleGrantsFixture(), Options{})
	r := h.get("/api/v2/authorization/roles/r1/subjectgrants?pageSize=100&pageNumber=1")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	if got, want := r.ids(), []string{"g1", "u1", "u2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ids = %v, want %v", got, want)
	}
	if got := r.number("total"); got != 3 {
		t.Errorf("total = %d, want 3", got)
	}
	entities := r.entities()
	if got := entities[0]["type"]; got != subjectTypeGroup {
		t.Errorf("g1 type = %v, want %s", got, subjectTypeGroup)
	}
	u1 := entities[1]
	if u1["type"] != subjectTypeUser || u1["name"] != "Ann" || u1["selfUri"] != "/api/v2/users/u1" {
		t.Errorf("u1 entry = %v", u1)
	}
	var divisions []string
	for _, d := range u1["divisions"].([]any) {
		divisions = append(divisions, d.(map[string]any)["id"].(string))
	}
	if want := []string{"d1", "d2"}; !reflect.DeepEqual(divisions, want) {
		t.Errorf("u1 divisions = %v, want %v", divisions, want)
	}
	if got := len(entities[2]["divisions"].([]any)); got != 1 {
		t.Errorf("u2 has %d divisions, want 1: its grant through g1 is the group's", got)
	}
	if _, leaked := u1[parentKeyField]; leaked {
		t.Errorf("entry holds the fixture-only field %s", parentKeyField)
	}

	all := h.get("/api/v2/authorization/roles/r2/subjectgrants")
	if got := all.ids(); !reflect.DeepEqual(got, []string{"u1"}) {
		t.Errorf("r2 ids = %v, want [u1]", got)
	}
	if d := all.entities()[0]["divisions"].([]any)[0].(map[string]any); d["id"] != "*" {
		t.Errorf("r2 division = %v, want every division (*)", d)
	}
}

func TestRoleSubjectGrantsPaging(t *testing.T) {
	h := newHarness(t, roleGrantsFixture(), Options{})
	r := h.get("/api/v2/authorization/roles/r1/subjectgrants?pageSize=2&pageNumber=2")
	if got := r.ids(); !reflect.DeepEqual(got, []string{"u2"}) {
		t.Errorf("page 2 ids = %v, want [u2]", got)
	}
	if got := r.number("pageCount"); got != 2 {
		t.Errorf("pageCount = %d, want 2", got)
	}
	checkError(t, h.get("/api/v2/authorization/roles/r1/subjectgrants?pageSize=101"), http.StatusBadRequest, "bad.request")
}

func TestRoleSubjectGrantsUnknownRole(t *testing.T) {
	h := newHarness(t, roleGrantsFixture(), Options{})
	checkError(t, h.get("/api/v2/authorization/roles/nope/subjectgrants"), http.StatusNotFound, "not.found")
}

func TestFixtureRejectsDerivedType(t *testing.T) {
	f := roleGrantsFixture()
	f.Resources[typeRoleSubjectGrants] = []map[string]any{{"id": "u1", parentKeyField: "r1"}}
	_, err := New(f, Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot be given") {
		t.Errorf("New error = %v, want a rejection of %s", err, typeRoleSubjectGrants)
	}
}
