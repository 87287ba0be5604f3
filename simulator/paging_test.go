package simulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func pagingFixture() *Fixture {
	return &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeSkill:    objects("skill", 60, nil),
		typeLanguage: objects("language", 3, nil),
		typeUser: objects("user", 12, func(i int, u map[string]any) {
			if i%3 == 0 {
				u["state"] = "inactive"
			}
		}),
		typeCredential: objects("cred", 7, func(i int, c map[string]any) {
			c["type"] = map[string]any{"name": "basicAuth"}
			c["credentialFields"] = map[string]any{"userName": fmt.Sprintf("svc%d", i)}
			c["createdDate"] = "2025-01-01T00:00:00.000Z"
		}),
		typeOAuthClient: objects("client", 2, func(i int, c map[string]any) {
			c["secret"] = "must-not-leak"
		}),
	}}
}

func TestPageEnvelope(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	cases := []struct {
		page         int
		ids          int
		next, prev   bool
		wantFirstID  string
		wantPrevPage string
		wantNextPage string
	}{
		{page: 1, ids: 25, next: true, prev: false, wantFirstID: "skill-000", wantNextPage: "2"},
		{page: 2, ids: 25, next: true, prev: true, wantFirstID: "skill-025", wantPrevPage: "1", wantNextPage: "3"},
		{page: 3, ids: 10, next: false, prev: true, wantFirstID: "skill-050", wantPrevPage: "2"},
		{page: 4, ids: 0, next: false, prev: true, wantPrevPage: "3"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("page %d", tc.page), func(t *testing.T) {
			resp := h.get(fmt.Sprintf("/api/v2/routing/skills?name=Bill%%20ing&pageNumber=%d", tc.page))
			if resp.status != http.StatusOK {
				t.Fatalf("status %d; body %s", resp.status, resp.raw)
			}
			ids := resp.ids()
			if len(ids) != tc.ids {
				t.Errorf("%d entities, want %d", len(ids), tc.ids)
			}
			if tc.wantFirstID != "" && len(ids) > 0 && ids[0] != tc.wantFirstID {
				t.Errorf("first id %s, want %s", ids[0], tc.wantFirstID)
			}
			if got := resp.number("total"); got != 60 {
				t.Errorf("total %d, want 60", got)
			}
			if got := resp.number("pageCount"); got != 3 {
				t.Errorf("pageCount %d, want 3", got)
			}
			if got := resp.number("pageSize"); got != 25 {
				t.Errorf("pageSize %d, want the default 25", got)
			}
			if got := resp.number("pageNumber"); got != tc.page {
				t.Errorf("pageNumber %d, want %d", got, tc.page)
			}
			_, hasNext := resp.body["nextUri"]
			if hasNext != tc.next {
				t.Errorf("nextUri present %v, want %v", hasNext, tc.next)
			}
			_, hasPrev := resp.body["previousUri"]
			if hasPrev != tc.prev {
				t.Errorf("previousUri present %v, want %v", hasPrev, tc.prev)
			}
			wantSelf := fmt.Sprintf("/api/v2/routing/skills?pageSize=25&pageNumber=%d&name=Bill%%20ing", tc.page)
			if resp.body["selfUri"] != wantSelf {
				t.Errorf("selfUri %v, want %s", resp.body["selfUri"], wantSelf)
			}
			if resp.body["firstUri"] != "/api/v2/routing/skills?pageSize=25&pageNumber=1&name=Bill%20ing" {
				t.Errorf("firstUri %v", resp.body["firstUri"])
			}
			if resp.body["lastUri"] != "/api/v2/routing/skills?pageSize=25&pageNumber=3&name=Bill%20ing" {
				t.Errorf("lastUri %v", resp.body["lastUri"])
			}
			if tc.next && queryOf(t, resp.body["nextUri"].(string)).Get("pageNumber") != tc.wantNextPage {
				t.Errorf("nextUri %v, want pageNumber %s", resp.body["nextUri"], tc.wantNextPage)
			}
			if tc.prev && queryOf(t, resp.body["previousUri"].(string)).Get("pageNumber") != tc.wantPrevPage {
				t.Errorf("previousUri %v, want pageNumber %s", resp.body["previousUri"], tc.wantPrevPage)
			}
			if next, ok := resp.body["nextUri"].(string); ok && queryOf(t, next).Get("name") != "Bill ing" {
				t.Errorf("nextUri %s lost the name parameter", next)
			}
		})
	}
}

func TestPageEnvelopeEmptyList(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	resp := h.get("/api/v2/groups")
	if resp.status != http.StatusOK {
		t.Fatalf("status %d", resp.status)
	}
	if got := len(resp.entities()); got != 0 {
		t.Errorf("%d entities, want 0", got)
	}
	if got := resp.number("total"); got != 0 {
		t.Errorf("total %d, want 0", got)
	}
	if got := resp.number("pageCount"); got != 0 {
		t.Errorf("pageCount %d, want 0", got)
	}
	if _, ok := resp.body["nextUri"]; ok {
		t.Error("an empty list has a nextUri")
	}
	if list, ok := resp.body["entities"].([]any); !ok || list == nil {
		t.Errorf("entities %v, want []", resp.body["entities"])
	}
}

func TestPageSizeLimits(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	cases := []struct {
		path   string
		status int
		max    string
	}{
		{path: "/api/v2/users?pageSize=500", status: 200},
		{path: "/api/v2/users?pageSize=501", status: 400, max: "500"},
		{path: "/api/v2/routing/skills?pageSize=500", status: 200},
		{path: "/api/v2/routing/languages?pageSize=100", status: 200},
		{path: "/api/v2/routing/languages?pageSize=101", status: 400, max: "100"},
		{path: "/api/v2/authorization/roles?pageSize=101", status: 400, max: "100"},
		{path: "/api/v2/integrations/credentials/listing?pageSize=200", status: 200},
		{path: "/api/v2/integrations/credentials/listing?pageSize=201", status: 400, max: "200"},
		{path: "/api/v2/routing/skills?pageSize=0", status: 400},
		{path: "/api/v2/routing/skills?pageNumber=0", status: 400},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp := h.get(tc.path)
			if tc.status == 200 {
				if resp.status != 200 {
					t.Fatalf("status %d, want 200; body %s", resp.status, resp.raw)
				}
				return
			}
			checkError(t, resp, tc.status, "bad.request")
			message, _ := resp.body["message"].(string)
			if !strings.Contains(message, "page") {
				t.Errorf("message %q does not name the paging parameter", message)
			}
			if tc.max != "" && (!strings.Contains(message, "pageSize") || !strings.Contains(message, tc.max)) {
				t.Errorf("message %q does not name pageSize and the maximum %s", message, tc.max)
			}
		})
	}
}

func TestInactiveUsersResultLimit(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	cases := []struct {
		path   string
		status int
	}{
		{path: "/api/v2/users?state=inactive&pageSize=500&pageNumber=20", status: 200},
		{path: "/api/v2/users?state=inactive&pageSize=500&pageNumber=21", status: 400},
		{path: "/api/v2/users?state=inactive&pageSize=100&pageNumber=101", status: 400},
		{path: "/api/v2/users?state=active&pageSize=500&pageNumber=21", status: 200},
		{path: "/api/v2/users?state=any&pageSize=500&pageNumber=21", status: 200},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp := h.get(tc.path)
			if tc.status == 400 {
				checkError(t, resp, 400, "bad.request")
				return
			}
			if resp.status != tc.status {
				t.Errorf("status %d, want %d; body %s", resp.status, tc.status, resp.raw)
			}
		})
	}
}

func TestUserStateFilter(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	cases := []struct {
		query string
		total int
	}{
		{query: "", total: 8},
		{query: "?state=active", total: 8},
		{query: "?state=inactive", total: 4},
		{query: "?state=any", total: 12},
		{query: "?state=deleted", total: 0},
	}
	for _, tc := range cases {
		resp := h.get("/api/v2/users" + tc.query)
		if got := resp.number("total"); got != tc.total {
			t.Errorf("users%s: total %d, want %d", tc.query, got, tc.total)
		}
	}
	checkError(t, h.get("/api/v2/users?state=gone"), 400, "invalid.value")
}

func TestCredentialsCursorPaging(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	var seen []string
	path := "/api/v2/integrations/credentials/listing?pageSize=3"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("cursor paging does not end")
		}
		resp := h.get(path)
		if resp.status != http.StatusOK {
			t.Fatalf("GET %s: status %d; body %s", path, resp.status, resp.raw)
		}
		for _, e := range resp.entities() {
			if _, ok := e["credentialFields"]; ok {
				t.Errorf("listing entity %v carries credentialFields", e["id"])
			}
			if e["createdDate"] == nil {
				t.Errorf("listing entity %v lacks createdDate", e["id"])
			}
		}
		if pages == 1 {
			if prev, _ := resp.body["previousUri"].(string); queryOf(t, prev).Get("before") != "cred-003" {
				t.Errorf("second page previousUri %q, want before=cred-003", prev)
			}
		}
		seen = append(seen, resp.ids()...)
		if resp.body["selfUri"] != path {
			t.Errorf("selfUri %v, want %s", resp.body["selfUri"], path)
		}
		path, _ = resp.body["nextUri"].(string)
		if path != "" && queryOf(t, path).Get("after") != seen[len(seen)-1] {
			t.Errorf("nextUri %s: after is not the id of the page's last entity %s", path, seen[len(seen)-1])
		}
	}
	want := []string{"cred-000", "cred-001", "cred-002", "cred-003", "cred-004", "cred-005", "cred-006"}
	if !slices.Equal(seen, want) {
		t.Errorf("ids %v, want %v", seen, want)
	}

	before := h.get("/api/v2/integrations/credentials/listing?pageSize=2&before=cred-004")
	if ids := before.ids(); !slices.Equal(ids, []string{"cred-002", "cred-003"}) {
		t.Errorf("before=cred-004: ids %v, want [cred-002 cred-003]", ids)
	}
	checkError(t, h.get("/api/v2/integrations/credentials/listing?after=a&before=b"), 400, "bad.request")

	full := h.get("/api/v2/integrations/credentials/cred-001")
	if fields, ok := full.body["credentialFields"].(map[string]any); !ok || fields["userName"] != "svc1" {
		t.Errorf("get-by-id credentialFields %v, want userName svc1", full.body["credentialFields"])
	}
	if _, ok := full.body["createdDate"]; ok {
		t.Error("get-by-id Credential carries createdDate, which only CredentialInfo has")
	}
}

func TestOAuthClientsUnpaged(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	resp := h.get("/api/v2/oauth/clients")
	if resp.status != http.StatusOK {
		t.Fatalf("status %d", resp.status)
	}
	if got := resp.number("total"); got != 2 {
		t.Errorf("total %d, want 2", got)
	}
	if got := len(resp.entities()); got != 2 {
		t.Errorf("%d entities, want 2", got)
	}
	if got := resp.number("pageCount"); got != 1 {
		t.Errorf("pageCount %d, want 1", got)
	}
	for _, e := range resp.entities() {
		if _, ok := e["secret"]; ok {
			t.Errorf("listed client %v carries its secret", e["id"])
		}
	}
	if got := h.get("/api/v2/oauth/clients/client-001"); got.body["secret"] != nil {
		t.Error("get-by-id client carries its secret")
	}
	checkError(t, h.get("/api/v2/oauth/clients?pageSize=10"), 400, "bad.request")
}
