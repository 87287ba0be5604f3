package simulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestQueryParameterValidation(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	cases := []struct {
		name    string
		path    string
		code    string
		mention string
	}{
		{name: "unknown on list", path: "/api/v2/routing/skills?pagesize=10", code: "bad.request", mention: "[pagesize]"},
		{name: "unknown on get", path: "/api/v2/routing/skills/skill-001?expand=x", code: "bad.request", mention: "[expand]"},
		{name: "unknown on unpaged list", path: "/api/v2/oauth/clients?pageNumber=1", code: "bad.request", mention: "[pageNumber]"},
		{name: "unknown on organization", path: "/api/v2/organizations/me?expand=x", code: "bad.request", mention: "[expand]"},
		{name: "cursor list rejects pageNumber", path: "/api/v2/integrations/credentials/listing?pageNumber=2", code: "bad.request", mention: "[pageNumber]"},
		{name: "integer expected", path: "/api/v2/routing/skills?pageSize=ten", code: "bad.request", mention: "[pageSize]"},
		{name: "boolean expected", path: "/api/v2/flows?deleted=yes", code: "bad.request", mention: "[deleted]"},
		{name: "single value given twice", path: "/api/v2/users?state=active&state=inactive", code: "bad.request", mention: "[state]"},
		{name: "enum value", path: "/api/v2/users/user-001?state=inactive", code: "invalid.value", mention: "[inactive]"},
		{name: "malformed query", path: "/api/v2/users?state=%zz", code: "bad.request", mention: "query"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.get(tc.path)
			checkError(t, resp, http.StatusBadRequest, tc.code)
			if message, _ := resp.body["message"].(string); !strings.Contains(message, tc.mention) {
				t.Errorf("message %q does not mention %s", message, tc.mention)
			}
		})
	}
}

func TestDocumentedParametersAccepted(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	paths := []string{
		"/api/v2/users?pageSize=10&pageNumber=1&id=a&id=b&jabberId=j&sortOrder=ASC&expand=skills&integrationPresenceSource=ZoomPhone&userCustomAttributeSchemaIds=s&state=any",
		"/api/v2/authorization/divisions?sortBy=name&expand=x&nextPage=n&previousPage=p&objectCount=true&id=a&name=n",
		"/api/v2/authorization/roles?sortBy=name&expand=x&nextPage=n&previousPage=p&name=n&permission=a&defaultRoleId=d&userCount=false&id=i",
		"/api/v2/routing/queues?sortOrder=asc&name=n&id=i&divisionId=d&peerId=p&cannedResponseLibraryId=c&hasPeer=true&expand=identityresolution",
		"/api/v2/flows?type=inboundcall&type=inqueuecall&sortBy=id&sortOrder=asc&secure=any&deleted=false&includeSchemas=true&virtualAgentEnabled=false&publishedAfter=x&publishedBefore=y&divisionId=d&nameOrDescription=n&editableBy=e&lockedBy=l&lockedByClientId=c&publishVersionId=p&description=d&name=n&id=i",
		"/api/v2/integrations?sortBy=name&expand=config.current&nextPage=n&previousPage=p&ids=i&integrationType=t&reportedState=ACTIVE",
		"/api/v2/integrations/actions?sortBy=name&sortOrder=ASC&category=c&name=n&ids=i&secure=true&includeAuthActions=true&includeConfig=true&nextPage=n&previousPage=p",
		"/api/v2/flows/datatables?expand=schema&sortBy=name&sortOrder=ascending&divisionId=d&name=n",
		"/api/v2/architect/schedules?sortBy=name&sortOrder=asc&name=n&divisionId=d",
		"/api/v2/architect/schedulegroups?sortBy=name&sortOrder=ASC&name=n&scheduleIds=s&divisionId=d",
		"/api/v2/routing/wrapupcodes?sortBy=name&sortOrder=ascending&name=n&id=i&divisionId=d",
		"/api/v2/routing/languages?sortOrder=ASC&name=n&id=i",
		"/api/v2/groups?id=i&jabberId=j&sortOrder=ASC",
		"/api/v2/integrations/credentials/listing?pageSize=10&after=x",
	}
	for _, path := range paths {
		if resp := h.get(path); resp.status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200; body %s", path, resp.status, resp.raw)
		}
	}
}

func TestListFilters(t *testing.T) {
	f := &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeWrapupCode: {
			{"id": "w1", "division": map[string]any{"id": "*"}},
			{"id": "w2", "division": map[string]any{"id": "d1"}},
			{"id": "w3", "division": map[string]any{"id": "d2"}},
		},
		typeFlow: {
			{"id": "f1", "type": "INBOUNDCALL"},
			{"id": "f2", "type": "INQUEUECALL"},
			{"id": "f3", "type": "INBOUNDCALL", "deleted": true},
		},
	}}
	h := newHarness(t, f, Options{})
	cases := []struct {
		path string
		ids  string
	}{
		{path: "/api/v2/routing/wrapupcodes?divisionId=d1", ids: "w1,w2"},
		{path: "/api/v2/routing/wrapupcodes?id=w3", ids: "w3"},
		{path: "/api/v2/flows", ids: "f1,f2"},
		{path: "/api/v2/flows?deleted=true", ids: "f1,f2,f3"},
		{path: "/api/v2/flows?type=inboundcall", ids: "f1"},
		{path: "/api/v2/flows?type=inqueuecall,inboundcall&deleted=true", ids: "f1,f2,f3"},
	}
	for _, tc := range cases {
		if got := strings.Join(h.get(tc.path).ids(), ","); got != tc.ids {
			t.Errorf("GET %s: ids %s, want %s", tc.path, got, tc.ids)
		}
	}
}

func TestRoutingErrors(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	checkError(t, h.get("/api/v2/routing/skills/no-such-skill"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/nothing/here"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/routing/skills/skill-001/extra"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/authorization/divisions/home"), http.StatusNotFound, "not.found")

	req, _ := http.NewRequest(http.MethodDelete, h.url+"/api/v2/routing/skills/skill-001", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp := h.do(req)
	checkError(t, resp, http.StatusMethodNotAllowed, "method.not.allowed")
	if resp.header.Get("Allow") != http.MethodGet {
		t.Errorf("Allow %q, want GET", resp.header.Get("Allow"))
	}
	if got := h.server.ObjectRequests(typeSkill, "no-such-skill"); got != 1 {
		t.Errorf("ObjectRequests for a missing id %d, want 1", got)
	}
}
