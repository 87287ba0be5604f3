package simulator

import (
	"net/http"
	"slices"
	"sort"
	"testing"
)

func expandFixture() *Fixture {
	return &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeUser: {{
			"id": "u1", "name": "Ada", "email": "ada@example.com", "state": "active",
			"skills":         []any{map[string]any{"id": "s1"}},
			"languages":      []any{},
			"locations":      []any{},
			"profileSkills":  []any{"Billing"},
			"certifications": []any{"COPC"},
			"employerInfo":   map[string]any{"employeeId": "E1"},
			"authorization": map[string]any{
				"roles": []any{map[string]any{"id": "r1"}}, "unusedRoles": []any{},
			},
			"groups":             []any{map[string]any{"id": "g1"}},
			"biography":          map[string]any{"biography": "text"},
			"languagePreference": "en-us",
		}},
		typeIntegration: {{
			"id": "i1", "name": "Data Actions", "intendedState": "ENABLED",
			"config": map[string]any{"current": map[string]any{"credentials": map[string]any{}}},
		}},
		typeDataTable: {{"id": "d1", "name": "Table", "schema": map[string]any{"type": "object"}}},
		typeAction: {{
			"id": "a1", "name": "Action", "integrationId": "i1",
			"contract": map[string]any{"input": map[string]any{}},
			"config":   map[string]any{"request": map[string]any{}},
		}},
		typeRole: {{"id": "r1", "name": "Role", "userCount": 3, "unusedPermissions": []any{"x:y:z"}}},
		typeDivision: {
			{"id": "div-a", "name": "Other", "homeDivision": false},
			{"id": "div-h", "name": "Home", "homeDivision": true, "objectCounts": map[string]any{"queue": 1}},
		},
	}}
}

// keys returns an object's keys, sorted.
func keys(obj map[string]any) []string {
	out := make([]string, 0, len(obj))
	for k := range obj {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestUserExpand(t *testing.T) {
	h := newHarness(t, expandFixture(), Options{})
	base := []string{"email", "id", "name", "state"}
	cases := []struct {
		name string
		path string
		want []string
	}{
		{name: "list without expand", path: "/api/v2/users", want: base},
		{name: "get without expand", path: "/api/v2/users/u1", want: base},
		{name: "list comma-separated", path: "/api/v2/users?expand=skills,groups", want: append(slices.Clone(base), "groups", "skills")},
		{name: "get repeated", path: "/api/v2/users/u1?expand=biography&expand=employerInfo", want: append(slices.Clone(base), "biography", "employerInfo")},
		{name: "unknown value ignored", path: "/api/v2/users?expand=skills,noSuchField", want: append(slices.Clone(base), "skills")},
		{name: "all nine", path: "/api/v2/users/u1?expand=skills,languages,locations,profileSkills,certifications,employerInfo,authorization,groups,biography",
			want: append(slices.Clone(base), "authorization", "biography", "certifications", "employerInfo", "groups", "languages", "locations", "profileSkills", "skills")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.get(tc.path)
			if resp.status != http.StatusOK {
				t.Fatalf("status %d; body %s", resp.status, resp.raw)
			}
			obj := resp.body
			if list := resp.entities(); len(list) > 0 {
				obj = list[0]
			}
			want := slices.Clone(tc.want)
			sort.Strings(want)
			if got := keys(obj); !slices.Equal(got, want) {
				t.Errorf("fields %v, want %v", got, want)
			}
		})
	}

	auth := h.get("/api/v2/users/u1?expand=authorization").body["authorization"].(map[string]any)
	if _, ok := auth["unusedRoles"]; ok {
		t.Error("expand=authorization returned unusedRoles, which needs expand=authorization.unusedRoles")
	}
	auth = h.get("/api/v2/users/u1?expand=authorization.unusedRoles").body["authorization"].(map[string]any)
	if _, ok := auth["unusedRoles"]; !ok {
		t.Error("expand=authorization.unusedRoles did not return unusedRoles")
	}
}

func TestIntegrationConfigExpand(t *testing.T) {
	h := newHarness(t, expandFixture(), Options{})
	cases := []struct {
		path       string
		wantConfig bool
	}{
		{path: "/api/v2/integrations", wantConfig: false},
		{path: "/api/v2/integrations?expand=config.current", wantConfig: false},
		{path: "/api/v2/integrations/i1", wantConfig: false},
		{path: "/api/v2/integrations/i1?expand=config.current", wantConfig: true},
	}
	for _, tc := range cases {
		obj := h.get(tc.path).body
		if list := (response{body: obj}).entities(); len(list) > 0 {
			obj = list[0]
		}
		if _, ok := obj["config"]; ok != tc.wantConfig {
			t.Errorf("%s: config present %v, want %v", tc.path, ok, tc.wantConfig)
		}
	}
	current := h.get("/api/v2/integrations/i1?expand=config.current").body["config"].(map[string]any)
	if _, ok := current["current"]; !ok {
		t.Errorf("config %v lacks current", current)
	}
}

func TestDataTableSchemaExpand(t *testing.T) {
	h := newHarness(t, expandFixture(), Options{})
	cases := []struct {
		path       string
		wantSchema bool
	}{
		{path: "/api/v2/flows/datatables", wantSchema: false},
		{path: "/api/v2/flows/datatables?expand=schema", wantSchema: true},
		{path: "/api/v2/flows/datatables/d1", wantSchema: false},
		{path: "/api/v2/flows/datatables/d1?expand=schema", wantSchema: true},
	}
	for _, tc := range cases {
		resp := h.get(tc.path)
		obj := resp.body
		if list := resp.entities(); len(list) > 0 {
			obj = list[0]
		}
		if _, ok := obj["schema"]; ok != tc.wantSchema {
			t.Errorf("%s: schema present %v, want %v", tc.path, ok, tc.wantSchema)
		}
	}
}

func TestActionConfigAndContract(t *testing.T) {
	h := newHarness(t, expandFixture(), Options{})
	cases := []struct {
		path         string
		wantConfig   bool
		wantContract bool
	}{
		{path: "/api/v2/integrations/actions", wantConfig: false, wantContract: false},
		{path: "/api/v2/integrations/actions?includeConfig=true", wantConfig: true, wantContract: false},
		{path: "/api/v2/integrations/actions/a1", wantConfig: false, wantContract: false},
		{path: "/api/v2/integrations/actions/a1?expand=contract&includeConfig=true", wantConfig: true, wantContract: true},
		{path: "/api/v2/integrations/actions/a1?expand=contract&flatten=false", wantConfig: false, wantContract: true},
	}
	for _, tc := range cases {
		resp := h.get(tc.path)
		obj := resp.body
		if list := resp.entities(); len(list) > 0 {
			obj = list[0]
		}
		if _, ok := obj["config"]; ok != tc.wantConfig {
			t.Errorf("%s: config present %v, want %v", tc.path, ok, tc.wantConfig)
		}
		if _, ok := obj["contract"]; ok != tc.wantContract {
			t.Errorf("%s: contract present %v, want %v", tc.path, ok, tc.wantContract)
		}
	}
}

func TestRoleAndDivisionOptions(t *testing.T) {
	h := newHarness(t, expandFixture(), Options{})
	role := h.get("/api/v2/authorization/roles/r1").body
	if role["userCount"] != 3.0 {
		t.Errorf("userCount %v, want 3 by default", role["userCount"])
	}
	if _, ok := role["unusedPermissions"]; ok {
		t.Error("unusedPermissions returned without expand=unusedPermissions")
	}
	role = h.get("/api/v2/authorization/roles/r1?userCount=false&expand=unusedPermissions").body
	if _, ok := role["userCount"]; ok {
		t.Error("userCount returned with userCount=false")
	}
	if _, ok := role["unusedPermissions"]; !ok {
		t.Error("unusedPermissions missing with expand=unusedPermissions")
	}

	home := h.get("/api/v2/authorization/divisions/home")
	if home.body["id"] != "div-h" {
		t.Errorf("home division id %v, want div-h", home.body["id"])
	}
	if _, ok := home.body["objectCounts"]; ok {
		t.Error("objectCounts returned without objectCount=true")
	}
	if got := h.server.ObjectRequests(typeDivision, "div-h"); got != 1 {
		t.Errorf("ObjectRequests for the home division %d, want 1", got)
	}
	counted := h.get("/api/v2/authorization/divisions/div-h?objectCount=true").body
	if _, ok := counted["objectCounts"]; !ok {
		t.Error("objectCounts missing with objectCount=true")
	}
	checkError(t, h.get("/api/v2/authorization/divisions/home?objectCount=true"), 400, "bad.request")
}
