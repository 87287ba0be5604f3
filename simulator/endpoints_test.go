package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// childFixture holds types listed under parents, subjects, sites, phones
// and schemas.
func childFixture() *Fixture {
	var rows []map[string]any
	for i := range 130 {
		rows = append(rows, map[string]any{"key": fmt.Sprintf("k%03d", i), "value": i, parentKeyField: "t1"})
	}
	rows = append(rows,
		map[string]any{"key": "k000", "value": "other table", parentKeyField: "t2"},
		map[string]any{"key": "a/b c", "value": "escaped", parentKeyField: "t2"},
	)
	return &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeDataTable:    {{"id": "t1", "name": "Big"}, {"id": "t2", "name": "Small"}, {"id": "t3", "name": "Empty"}},
		typeDataTableRow: rows,
		typeQueue:        {{"id": "q1", "name": "Queue"}},
		typeQueueMember: objects("u", 130, func(i int, m map[string]any) {
			m["memberBy"] = "user"
			if i%10 == 9 {
				m["memberBy"] = "group"
			}
			m[parentKeyField] = "q1"
		}),
		typeUser:       {{"id": "u-001", "name": "Ada"}, {"id": "u-002", "name": "Bo"}},
		typeGroup:      {{"id": "g1", "name": "Group"}},
		typeUserRoles:  {{"id": "u-001", "name": "Ada", "grants": []any{map[string]any{"role": map[string]any{"id": "r1", "name": "Role"}, "division": map[string]any{"id": "d1", "name": "Home"}}}}},
		typeGroupRoles: {{"id": "g1", "name": "Group", "grants": []any{}}},
		typeSite: {
			{"id": "s1", "name": "Cloud", "managed": true},
			{"id": "s2", "name": "Premises", "managed": false},
			{"id": "s3", "name": "Other"},
		},
		typePhone: {{
			"id": "p1", "name": "Phone", "properties": map[string]any{"phone_hardwareId": "x"},
			"lines": []any{map[string]any{"id": "l1", "name": "Line", "properties": map[string]any{"a": 1}, "selfUri": "/l1"}},
		}},
		typeContactSchema: {{"id": "cs1", "name": "Schema", "version": 1}},
		typeRulesSchema:   {{"id": "bs1", "name": "Rules", "version": 1}},
		typeCoreType:      {{"id": "text", "name": "text"}, {"id": "enum", "name": "enum"}},
		typeTeam:          objects("team", 7, nil),
		typeTeamMember: objects("tm", 3, func(i int, m map[string]any) {
			m[parentKeyField] = "team-000"
		}),
		typePrompt: {{"id": "pr1", "name": "Welcome", "resources": []any{
			map[string]any{"id": "en-us", "mediaUri": "https://prompts.example.com/a.wav"},
		}}},
	}}
}

func TestRowsListedUnderTable(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	brief := h.get("/api/v2/flows/datatables/t1/rows?pageSize=100")
	if brief.status != http.StatusOK {
		t.Fatalf("status %d; body %s", brief.status, brief.raw)
	}
	if got := brief.number("total"); got != 130 {
		t.Errorf("total %d, want 130", got)
	}
	if got := brief.number("pageCount"); got != 2 {
		t.Errorf("pageCount %d, want 2", got)
	}
	if first := brief.entities()[0]; len(first) != 1 || first["key"] != "k000" {
		t.Errorf("showbrief default: first row %v, want only its key k000", first)
	}
	if self := brief.body["selfUri"]; self != "/api/v2/flows/datatables/t1/rows?pageSize=100&pageNumber=1" {
		t.Errorf("selfUri %v", self)
	}

	full := h.get("/api/v2/flows/datatables/t1/rows?pageSize=100&pageNumber=2&showbrief=false")
	entities := full.entities()
	if len(entities) != 30 {
		t.Fatalf("page 2: %d rows, want 30", len(entities))
	}
	if entities[0]["key"] != "k100" || entities[0]["value"] != float64(100) {
		t.Errorf("showbrief=false: row %v, want key k100 and value 100", entities[0])
	}
	if _, ok := entities[0][parentKeyField]; ok {
		t.Errorf("row carries the fixture-only %s", parentKeyField)
	}

	other := h.get("/api/v2/flows/datatables/t2/rows?showbrief=false")
	if keys := strings.Join(idsOf(other, "key"), ","); keys != "a/b c,k000" {
		t.Errorf("table t2 keys %s, want a/b c,k000", keys)
	}
	if got := other.entities()[1]["value"]; got != "other table" {
		t.Errorf("table t2 row k000 value %v, want the t2 row", got)
	}
	if empty := h.get("/api/v2/flows/datatables/t3/rows"); empty.status != http.StatusOK || len(empty.entities()) != 0 {
		t.Errorf("empty table: status %d, %d rows", empty.status, len(empty.entities()))
	}
	checkError(t, h.get("/api/v2/flows/datatables/nope/rows"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/flows/datatables/t1/rows?pageSize=101"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/flows/datatables/t1/rows?expand=schema"), http.StatusBadRequest, "bad.request")
}

func TestRowGetByKey(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	if got := h.get("/api/v2/flows/datatables/t1/rows/k007").body; len(got) != 1 || got["key"] != "k007" {
		t.Errorf("showbrief default: row %v, want only its key", got)
	}
	if got := h.get("/api/v2/flows/datatables/t2/rows/k000?showbrief=false").body["value"]; got != "other table" {
		t.Errorf("t2 row k000 value %v, want other table", got)
	}
	escaped := "/api/v2/flows/datatables/t2/rows/" + url.PathEscape("a/b c") + "?showbrief=false"
	if got := h.get(escaped).body["value"]; got != "escaped" {
		t.Errorf("escaped key: value %v, want escaped", got)
	}
	checkError(t, h.get("/api/v2/flows/datatables/t3/rows/k000"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/flows/datatables/nope/rows/k000"), http.StatusNotFound, "not.found")
	if got := h.server.ObjectRequests(typeDataTableRow, "t1_k007"); got != 1 {
		t.Errorf("ObjectRequests(t1_k007) = %d, want 1", got)
	}
	if got := h.server.Counts()[typeDataTableRow]; got != 132 {
		t.Errorf("Counts() rows %d, want 132 under every table", got)
	}
}

func idsOf(r response, field string) []string {
	var ids []string
	for _, e := range r.entities() {
		ids = append(ids, fmt.Sprint(e[field]))
	}
	return ids
}

func TestQueueMembersOpenEnvelope(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	page := h.get("/api/v2/routing/queues/q1/members?pageSize=100&memberBy=user")
	if page.status != http.StatusOK {
		t.Fatalf("status %d; body %s", page.status, page.raw)
	}
	for _, field := range []string{"total", "pageCount", "lastUri"} {
		if _, ok := page.body[field]; ok {
			t.Errorf("QueueMemberEntityListing has %s", field)
		}
	}
	if got := len(page.entities()); got != 100 {
		t.Errorf("%d members, want 100", got)
	}

	next, _ := page.body["nextUri"].(string)
	if queryOf(t, next).Get("pageNumber") != "2" || queryOf(t, next).Get("memberBy") != "user" {
		t.Errorf("nextUri %q, want page 2 with memberBy=user", next)
	}
	last := h.get(next)
	if got := len(last.entities()); got != 17 {
		t.Errorf("page 2: %d members, want the 17 of 117 direct members left", got)
	}
	if _, ok := last.body["nextUri"]; ok {
		t.Error("the last page has a nextUri")
	}
	for _, m := range last.entities() {
		if m["memberBy"] != "user" {
			t.Errorf("memberBy=user returned member %v added by %v", m["id"], m["memberBy"])
		}
	}

	checkError(t, h.get("/api/v2/routing/queues/q1/members?memberBy=team"), http.StatusBadRequest, "invalid.value")
	checkError(t, h.get("/api/v2/routing/queues/q2/members"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/routing/queues/q1/members/u-001"), http.StatusNotFound, "not.found")
}

func TestScanPaging(t *testing.T) {
	contacts := objects("contact", 60, func(i int, c map[string]any) {
		c["division"] = map[string]any{"id": []string{"d1", "d2"}[i%2]}
	})
	h := newHarness(t, &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeExternalContact: contacts,
	}}, Options{})

	seen := map[string]int{}
	emptyWithCursor := 0
	path := "/api/v2/externalcontacts/scan/contacts?limit=10"
	requests := 0
	for ; path != ""; requests++ {
		if requests > 100 {
			t.Fatal("the scan does not end")
		}
		resp := h.get(path)
		if resp.status != http.StatusOK {
			t.Fatalf("GET %s: status %d; body %s", path, resp.status, resp.raw)
		}
		for _, id := range resp.ids() {
			seen[id]++
		}
		cursors, _ := resp.body["cursors"].(map[string]any)
		after, _ := cursors["after"].(string)
		next, _ := resp.body["nextUri"].(string)
		if (after == "") != (next == "") {
			t.Errorf("cursors.after %q and nextUri %q disagree", after, next)
		}
		if after != "" && len(resp.entities()) == 0 {
			emptyWithCursor++
		}
		if next != "" && queryOf(t, next).Get("cursor") != after {
			t.Errorf("nextUri %s does not carry cursors.after %s", next, after)
		}
		path = next
	}
	if len(seen) != 60 {
		t.Errorf("the scan returned %d of 60 contacts", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("contact %s returned %d times", id, n)
		}
	}
	if requests < scanShards {
		t.Errorf("%d requests, want at least one per shard (%d)", requests, scanShards)
	}

	// 3 objects in 16 shards leave shards empty: their pages have no
	// entities but a cursor.
	small := newHarness(t, &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeExternalOrganization: objects("org", 3, nil),
	}}, Options{})
	path = "/api/v2/externalcontacts/scan/organizations"
	total := 0
	for requests = 0; path != "" && requests < 20; requests++ {
		resp := small.get(path)
		total += len(resp.entities())
		if len(resp.entities()) == 0 && resp.body["nextUri"] != nil {
			emptyWithCursor++
		}
		path, _ = resp.body["nextUri"].(string)
	}
	if total != 3 || requests != scanShards {
		t.Errorf("small scan: %d objects in %d requests, want 3 in %d", total, requests, scanShards)
	}
	if emptyWithCursor == 0 {
		t.Error("no page was empty yet carried a cursor")
	}

	division := h.get("/api/v2/externalcontacts/scan/contacts?limit=200&divisionId=d2")
	for _, e := range division.entities() {
		if stringAt(e, "division", "id") != "d2" {
			t.Errorf("divisionId=d2 returned contact %v of %v", e["id"], e["division"])
		}
	}
	if next, _ := division.body["nextUri"].(string); queryOf(t, next).Get("divisionId") != "d2" {
		t.Errorf("nextUri %q lost divisionId", next)
	}
	checkError(t, h.get("/api/v2/externalcontacts/scan/contacts?limit=9"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/externalcontacts/scan/contacts?limit=201"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/externalcontacts/scan/contacts?cursor=not-a-cursor"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/externalcontacts/scan/contacts?pageSize=10"), http.StatusBadRequest, "bad.request")
	if got := h.get("/api/v2/externalcontacts/contacts/contact-007").body["id"]; got != "contact-007" {
		t.Errorf("get-by-id id %v, want contact-007", got)
	}
}

func TestAuthorizationSubjects(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	user := h.get("/api/v2/authorization/subjects/u-001")
	if user.status != http.StatusOK {
		t.Fatalf("status %d; body %s", user.status, user.raw)
	}
	grants, _ := user.body["grants"].([]any)
	if len(grants) != 1 {
		t.Fatalf("grants %v, want one", user.body["grants"])
	}
	grant := grants[0].(map[string]any)
	if stringAt(grant, "role", "id") != "r1" || stringAt(grant, "division", "id") != "d1" {
		t.Errorf("grant %v, want role r1 in division d1", grant)
	}
	if group := h.get("/api/v2/authorization/subjects/g1?includeDuplicates=true"); group.status != http.StatusOK || group.body["id"] != "g1" {
		t.Errorf("group subject: status %d body %s", group.status, group.raw)
	}
	if got := h.server.ObjectRequests(typeGroupRoles, "g1"); got != 1 {
		t.Errorf("ObjectRequests(group_roles, g1) = %d, want 1", got)
	}
	checkError(t, h.get("/api/v2/authorization/subjects/u-002"), http.StatusNotFound, "not.found")
	checkError(t, h.get("/api/v2/authorization/subjects/u-001?expand=x"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/authorization/subjects"), http.StatusNotFound, "not.found")
}

func TestSitesByManaged(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	cases := map[string]string{
		"":               "s1,s2,s3",
		"?managed=true":  "s1",
		"?managed=false": "s2,s3",
	}
	for query, want := range cases {
		if got := strings.Join(h.get("/api/v2/telephony/providers/edges/sites"+query).ids(), ","); got != want {
			t.Errorf("sites%s: %s, want %s", query, got, want)
		}
	}
	checkError(t, h.get("/api/v2/telephony/providers/edges/sites?managed=maybe"), http.StatusBadRequest, "bad.request")
}

func TestPhonesResultLimit(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	capped := []string{
		"?pageSize=100&pageNumber=101",
		"?pageSize=100&pageNumber=101&sortBy=name",
		"?pageSize=100&pageNumber=101&sortBy=id&site.id=s1",
	}
	for _, q := range capped {
		checkError(t, h.get("/api/v2/telephony/providers/edges/phones"+q), http.StatusBadRequest, "bad.request")
	}
	if resp := h.get("/api/v2/telephony/providers/edges/phones?pageSize=100&pageNumber=101&sortBy=id"); resp.status != http.StatusOK {
		t.Errorf("sorted by id only: status %d, want 200 past 10,000 results", resp.status)
	}
	checkError(t, h.get("/api/v2/telephony/providers/edges/phones?sortBy=model"), http.StatusBadRequest, "invalid.value")
}

func TestPhoneListExpand(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	plain := h.get("/api/v2/telephony/providers/edges/phones").entities()[0]
	if _, ok := plain["properties"]; ok {
		t.Error("the list returned properties without expand")
	}
	if line := plain["lines"].([]any)[0].(map[string]any); len(line) != 3 {
		t.Errorf("line without expand %v, want id, name and selfUri", line)
	}
	full := h.get("/api/v2/telephony/providers/edges/phones?expand=lines&expand=properties").entities()[0]
	if _, ok := full["properties"]; !ok {
		t.Error("expand=properties left properties out")
	}
	if line := full["lines"].([]any)[0].(map[string]any); line["properties"] == nil {
		t.Errorf("expand=lines: line %v has no properties", line)
	}
	if got := h.get("/api/v2/telephony/providers/edges/phones/p1").body; got["properties"] == nil {
		t.Error("get-by-id left properties out")
	}
}

func TestSchemaListings(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	schemas := h.get("/api/v2/externalcontacts/contacts/schemas")
	if keys := strings.Join(keys(schemas.body), ","); keys != "entities,selfUri,total" {
		t.Errorf("schema listing keys %s, want entities,selfUri,total", keys)
	}
	if schemas.number("total") != 1 || schemas.body["selfUri"] != "/api/v2/externalcontacts/contacts/schemas" {
		t.Errorf("schema listing %s", schemas.raw)
	}
	rules := h.get("/api/v2/businessrules/schemas")
	if keys := strings.Join(keys(rules.body), ","); keys != "entities,selfUri" {
		t.Errorf("business rules listing keys %s, want entities,selfUri", keys)
	}
	core := h.get("/api/v2/dataextensions/coretypes")
	if ids := strings.Join(idsOf(core, "name"), ","); ids != "enum,text" {
		t.Errorf("core types %s, want enum,text", ids)
	}
	if got := h.get("/api/v2/dataextensions/coretypes/text").body["name"]; got != "text" {
		t.Errorf("core type by name: %v", got)
	}
	checkError(t, h.get("/api/v2/externalcontacts/contacts/schemas?pageSize=10"), http.StatusBadRequest, "bad.request")
	if got := h.get("/api/v2/externalcontacts/contacts/schemas/cs1").body["name"]; got != "Schema" {
		t.Errorf("schema get-by-id name %v", got)
	}
}

func TestTeamsAfterPaging(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	var seen []string
	path := "/api/v2/teams?pageSize=3"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("team paging does not end")
		}
		resp := h.get(path)
		seen = append(seen, resp.ids()...)
		path, _ = resp.body["nextUri"].(string)
	}
	if len(seen) != 7 || !slices.IsSorted(seen) {
		t.Errorf("teams %v, want 7 in id order", seen)
	}
	members := h.get("/api/v2/teams/team-000/members?pageSize=100")
	if got := strings.Join(members.ids(), ","); got != "tm-000,tm-001,tm-002" {
		t.Errorf("team members %s", got)
	}
	checkError(t, h.get("/api/v2/teams?pageSize=101"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/teams?pageNumber=2"), http.StatusBadRequest, "bad.request")
	checkError(t, h.get("/api/v2/teams/team-000/members?expand=division"), http.StatusBadRequest, "invalid.value")
}

func TestPromptResources(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	if got := h.get("/api/v2/architect/prompts/pr1?includeResources=false").body; got["resources"] != nil {
		t.Errorf("includeResources=false returned resources %v", got["resources"])
	}
	listed := h.get("/api/v2/architect/prompts?includeMediaUris=false").entities()[0]
	if resource := listed["resources"].([]any)[0].(map[string]any); resource["mediaUri"] != nil {
		t.Errorf("includeMediaUris=false returned mediaUri %v", resource["mediaUri"])
	}
	if got := h.get("/api/v2/architect/prompts").entities()[0]["resources"].([]any)[0].(map[string]any); got["mediaUri"] == nil {
		t.Error("the default list left mediaUri out")
	}
}

func TestDocumentedParametersOfNewTypes(t *testing.T) {
	h := newHarness(t, childFixture(), Options{})
	paths := []string{
		"/api/v2/architect/emergencygroups?pageSize=100&pageNumber=1&sortBy=name&sortOrder=ASC&name=n",
		"/api/v2/architect/ivrs?pageSize=100&sortBy=name&sortOrder=ASC&name=n&dnis=1&scheduleGroup=s&expand=identityresolution",
		"/api/v2/architect/prompts?pageSize=100&name=a&name=b&description=d&nameOrDescription=n&sortBy=id&sortOrder=asc&includeMediaUris=true&includeResources=true&language=en-us",
		"/api/v2/flows/datatables/t1/rows?pageSize=100&showbrief=false&sortOrder=descending",
		"/api/v2/routing/email/domains?pageSize=100&excludeStatus=true&filter=x&expand=settings",
		"/api/v2/routing/skillgroups?pageSize=100&name=n&after=a",
		"/api/v2/routing/utilization/labels?pageSize=100&sortOrder=ascending&name=n",
		"/api/v2/routing/queues/q1/members?pageSize=100&sortOrder=asc&expand=skills&name=n&profileSkills=p&skills=s&languages=l&routingStatus=IDLE&presence=p&memberBy=group&joined=true",
		"/api/v2/routing/queues/q1/wrapupcodes?pageSize=100&name=n",
		"/api/v2/groups/g1/members?pageSize=100&sortOrder=ascending&expand=skills",
		"/api/v2/teams?pageSize=100&name=n&expand=division",
		"/api/v2/externalcontacts/scan/organizations?limit=200&divisionId=*",
		"/api/v2/outbound/contactlists?pageSize=100&includeImportStatus=true&includeSize=true&allowEmptyResult=true&filterType=Prefix&name=n&id=i&divisionId=d&sortBy=name&sortOrder=ascending",
		"/api/v2/outbound/campaigns?pageSize=100&filterType=Prefix&name=n&id=i&contactListId=c&dncListIds=d&distributionQueueId=q&edgeGroupId=e&callAnalysisResponseSetId=c&divisionId=d&sortBy=name&sortOrder=ascending",
		"/api/v2/scripts?pageSize=100&expand=x&name=n&feature=f&flowId=f&sortBy=name&sortOrder=ascending&scriptDataVersion=1&divisionIds=d",
		"/api/v2/locations?pageSize=100&id=a&sortOrder=asc",
		"/api/v2/telephony/providers/edges/sites?pageSize=100&sortBy=name&sortOrder=ASC&name=n&location.id=l&managed=true&expand=edges",
		"/api/v2/telephony/providers/edges/phones?pageSize=100&sortBy=id&sortOrder=ASC&expand=lines&fields=webRtcUser",
		"/api/v2/telephony/providers/edges/phonebasesettings?pageSize=100&sortBy=name&sortOrder=ASC&expand=lines&name=n",
		"/api/v2/telephony/providers/edges/trunkbasesettings?pageSize=100&sortBy=name&sortOrder=ASC&recordingEnabled=true&ignoreHidden=true&managed=false&expand=x&name=n",
		"/api/v2/telephony/providers/edges/trunks?pageSize=100&sortBy=name&sortOrder=ASC&edge.id=e&trunkBase.id=t&trunkType=EXTERNAL",
		"/api/v2/telephony/providers/edges/edgegroups?pageSize=100&name=n&sortBy=name&managed=false",
		"/api/v2/telephony/providers/edges/extensionpools?pageSize=100&sortBy=startNumber&number=1000",
		"/api/v2/telephony/providers/edges/didpools?pageSize=100&sortBy=number&id=i",
	}
	for _, path := range paths {
		if resp := h.get(path); resp.status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200; body %s", path, resp.status, resp.raw)
		}
	}
	unknown := []string{
		"/api/v2/architect/ivrs?divisionId=d",
		"/api/v2/routing/queues/q1/wrapupcodes?sortOrder=asc",
		"/api/v2/telephony/providers/edges/phones?siteId=s1",
		"/api/v2/telephony/providers/edges/didpools?pageSize=101",
	}
	for _, path := range unknown {
		checkError(t, h.get(path), http.StatusBadRequest, "bad.request")
	}
}
