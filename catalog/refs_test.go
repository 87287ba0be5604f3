package catalog

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestExtract(t *testing.T) {
	obj := decode(t, `{
		"division": {"id": "d1"},
		"skills": [{"id": "s1"}, {"id": "s2"}, {"name": "no id"}],
		"roleIds": ["r1", "", 5, "r2"],
		"config": {"current": {"credentials": {"zeta": {"id": "c2"}, "alpha": {"id": "c1"}}}},
		"wild": {"id": "*"},
		"rings": [{"skillsToRemove": [{"id": "k1"}]}, {"skillsToRemove": [{"id": "k2"}]}],
		"notArray": {"id": "x"}
	}`)
	cases := []struct {
		path string
		want []string
	}{
		{"division.id", []string{"d1"}},
		{"skills[].id", []string{"s1", "s2"}},
		{"roleIds[]", []string{"r1", "r2"}},
		{"config.current.credentials.*.id", []string{"c1", "c2"}},
		{"wild.id", nil},
		{"rings[].skillsToRemove[].id", []string{"k1", "k2"}},
		{"notArray[].id", nil},
		{"missing.id", nil},
		{"division", nil},
	}
	for _, tc := range cases {
		if got := Extract(obj, tc.path); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Extract(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestTypeReferences(t *testing.T) {
	c := Default()
	user, _ := c.Type("user")
	obj := decode(t, `{"id":"u1","division":{"id":"d1"},"manager":{"id":"u2"},
		"skills":[{"id":"s1"}],"authorization":{"roles":[{"id":"r1"}]}}`)
	got := user.References(obj)
	want := []Reference{
		{Path: "division.id", To: "auth_division", ID: "d1"},
		{Path: "manager.id", To: "user", ID: "u2"},
		{Path: "skills[].id", To: "routing_skill", ID: "s1"},
		{Path: "authorization.roles[].id", To: "auth_role", ID: "r1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("References = %+v\nwant %+v", got, want)
	}
}

func TestRoleGrantSubjectByType(t *testing.T) {
	grants, ok := Default().Type("role_subject_grants")
	if !ok {
		t.Fatal("role_subject_grants is not declared")
	}
	cases := []struct {
		entry string
		want  []Reference
	}{
		{`{"id":"u1","type":"PC_USER","divisions":[{"id":"d1"},{"id":"*"}]}`, []Reference{
			{Path: "id", To: "user", ID: "u1"},
			{Path: "divisions[].id", To: "auth_division", ID: "d1"},
		}},
		{`{"id":"g1","type":"PC_GROUP","divisions":[{"id":"d2"}]}`, []Reference{
			{Path: "id", To: "group", ID: "g1"},
			{Path: "divisions[].id", To: "auth_division", ID: "d2"},
		}},
		{`{"id":"c1","type":"PC_OAUTH_CLIENT","divisions":[]}`, nil},
	}
	for _, tc := range cases {
		if got := grants.References(decode(t, tc.entry)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("References(%s) = %+v\nwant %+v", tc.entry, got, tc.want)
		}
	}
}

func TestNewRejectsBadDeclarations(t *testing.T) {
	cases := []struct {
		name  string
		types []Type
		want  string
	}{
		{"duplicate", []Type{stub("a"), stub("a")}, `"a" declared twice`},
		{"unknown ref", []Type{stub("a", "b")}, `unknown type "b"`},
		{"no endpoint", []Type{{Name: "a", Paging: PagingNone}}, "list and a get endpoint"},
		{"no page size", []Type{{Name: "a", ListPath: "/a", GetPath: "/a/{id}", Paging: PagingPageNumber}}, "no page size"},
		{"bad paging", []Type{{Name: "a", ListPath: "/a", GetPath: "/a/{id}", Paging: "offset"}}, `unknown paging "offset"`},
		{"bad path", []Type{{Name: "a", ListPath: "/a", GetPath: "/a/{id}", Paging: PagingNone,
			Refs: []Ref{{Path: "x..id", To: "a"}}}}, "invalid segment"},
		{"bad where", []Type{{Name: "a", ListPath: "/a", GetPath: "/a/{id}", Paging: PagingNone,
			Refs: []Ref{{Path: "id", To: "a", Where: "kind.name=x"}}}}, "must be field=value"},
	}
	for _, tc := range cases {
		_, err := New(tc.types)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New error = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestDefaultDeclarationsAreComplete(t *testing.T) {
	c := Default()
	for _, name := range c.Names() {
		typ, _ := c.Type(name)
		if !strings.HasPrefix(typ.ListPath, "/api/v2/") || !strings.HasPrefix(typ.GetPath, "/api/v2/") {
			t.Errorf("%s: endpoints %q, %q are not Platform API paths", name, typ.ListPath, typ.GetPath)
		}
		// A path that returns one object per parent is its own get path.
		if typ.Paging == PagingObject {
			if typ.GetPath != typ.ListPath {
				t.Errorf("%s: get path %q differs from the object path %q", name, typ.GetPath, typ.ListPath)
			}
			continue
		}
		if !strings.Contains(typ.GetPath, "{id}") {
			t.Errorf("%s: get path %q has no {id}", name, typ.GetPath)
		}
	}
}

func TestSchemaRefIDs(t *testing.T) {
	contract := decode(t, `{"contract": {
		"input": {"inputSchema": {"type": "object", "properties": {
			"claim": {"$ref": "/api/v2/taskmanagement/workitems/schemas/w1/versions/3"},
			"field": {"allOf": [{"$ref": "#/definitions/text"}]},
			"other": {"$ref": "/api/v2/externalcontacts/contacts/schemas/c2"}
		}}},
		"output": {"successSchema": {"items": [
			{"$ref": "https://api.mypurecloud.de/api/v2/externalcontacts/contacts/schemas/c1"},
			{"$ref": "/api/v2/externalcontacts/contacts/schemas/c2"},
			{"$ref": "/api/v2/externalcontacts/contacts/schemas/"},
			{"$ref": 7}
		]}}
	}}`)
	cases := []struct {
		prefix string
		want   []string
	}{
		{"/api/v2/externalcontacts/contacts/schemas/", []string{"c2", "c1"}},
		{"/api/v2/taskmanagement/workitems/schemas/", []string{"w1"}},
		{"/api/v2/businessrules/schemas/", nil},
	}
	for _, tc := range cases {
		r := Ref{Path: "contract", To: "x", SchemaURI: tc.prefix}
		if got := r.IDs(contract); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("IDs under %s = %v, want %v", tc.prefix, got, tc.want)
		}
	}
}

func TestSchemaRefDepthIsBounded(t *testing.T) {
	doc := `{"$ref": "/api/v2/businessrules/schemas/deep"}`
	for range 5000 {
		doc = `{"a":` + doc + `}`
	}
	obj := decode(t, `{"contract":`+doc+`}`)
	r := Ref{Path: "contract", To: "business_rules_schema", SchemaURI: "/api/v2/businessrules/schemas/"}
	if got := r.IDs(obj); got != nil {
		t.Errorf("a $ref 5,000 levels down was followed: %v", got)
	}
}

func TestDataActionsDependOnCustomSchemas(t *testing.T) {
	c := Default()
	deps := c.Dependencies("integration_action")
	for _, schema := range []string{"externalcontacts_contact_schema", "task_management_workitem_schema", "business_rules_schema"} {
		if !slices.Contains(deps, schema) {
			t.Errorf("integration_action does not depend on %s: %v", schema, deps)
		}
	}
	action, _ := c.Type("integration_action")
	obj := decode(t, `{"integrationId": "i1", "contract": {"output": {"successSchema":
		{"properties": {"contact": {"$ref": "/api/v2/externalcontacts/contacts/schemas/c1"}}}}}}`)
	got := action.References(obj)
	want := []Reference{
		{Path: "integrationId", To: "integration", ID: "i1"},
		{Path: "contract", To: "externalcontacts_contact_schema", ID: "c1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("References = %v, want %v", got, want)
	}
}
