package simulator

import (
	"net/http"
	"strings"
	"testing"
	"unicode"
)

// reference is a field path of a type that contains ids of another type. A
// path element ending in "[]" is an array, and "*" matches every value of a
// map.
type reference struct {
	typ, path, target string
}

var sampleReferences = []reference{
	{typeUser, "division.id", typeDivision},
	{typeUser, "manager.id", typeUser},
	{typeUser, "skills[].id", typeSkill},
	{typeUser, "languages[].id", typeLanguage},
	{typeUser, "authorization.roles[].id", typeRole},
	{typeUser, "groups[].id", typeGroup},
	{typeUser, "locations[].locationDefinition.id", typeLocation},
	{typeGroup, "owners[].id", typeUser},
	{typeRole, "permissionPolicies[].resourceConditionNode.operands[].queue.id", typeQueue},
	{typeRole, "permissionPolicies[].resourceConditionNode.operands[].user.id", typeUser},
	{typeRole, "permissionPolicies[].resourceConditionNode.terms[].operands[].queue.id", typeQueue},
	{typeWrapupCode, "division.id", typeDivision},
	{typeWrapupCode, "createdBy", typeUser},
	{typeWrapupCode, "modifiedBy", typeUser},
	{typeQueue, "division.id", typeDivision},
	{typeQueue, "queueFlow.id", typeFlow},
	{typeQueue, "emailInQueueFlow.id", typeFlow},
	{typeQueue, "messageInQueueFlow.id", typeFlow},
	{typeQueue, "memberGroups[].id", typeGroup},
	{typeQueue, "bullseye.rings[].actions.skillsToRemove[].id", typeSkill},
	{typeQueue, "createdBy", typeUser},
	{typeQueue, "modifiedBy", typeUser},
	{typeQueue, "whisperPrompt.id", typePrompt},
	{typeQueue, "onHoldPrompt.id", typePrompt},
	{typeQueue, "defaultScripts.*.id", typeScript},
	{typeQueue, "outboundEmailAddress.domain.id", typeEmailDomain},
	{typeQueue, "outboundEmailAddress.route.id", typeEmailRoute},
	{typeSchedule, "division.id", typeDivision},
	{typeSchedule, "createdBy", typeUser},
	{typeSchedule, "modifiedBy", typeUser},
	{typeScheduleGroup, "division.id", typeDivision},
	{typeScheduleGroup, "openSchedules[].id", typeSchedule},
	{typeScheduleGroup, "closedSchedules[].id", typeSchedule},
	{typeScheduleGroup, "holidaySchedules[].id", typeSchedule},
	{typeScheduleGroup, "createdBy", typeUser},
	{typeDataTable, "division.id", typeDivision},
	{typeFlow, "division.id", typeDivision},
	{typeFlow, "currentOperation.client.id", typeOAuthClient},
	{typeFlow, "lockedUser.id", typeUser},
	{typeCredential, "credentialFields.clientId", typeOAuthClient},
	{typeIntegration, "config.current.credentials.*.id", typeCredential},
	{typeAction, "integrationId", typeIntegration},
	{typeOAuthClient, "roleDivisions[].roleId", typeRole},
	{typeOAuthClient, "roleDivisions[].divisionId", typeDivision},
	{typeOAuthClient, "roleIds[]", typeRole},
	{typeOAuthClient, "createdBy.id", typeUser},
	{typeFlowVersion, "createdBy.id", typeUser},
	{typeLocation, "contactUser.id", typeUser},
	{typePhone, "lines[].defaultForUser.id", typeUser},
	{typeContactSchema, "createdBy.id", typeUser},
}

// valuesAt returns the strings found at a reference path of v.
func valuesAt(v any, path []string) []string {
	if len(path) == 0 {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		return []string{s}
	}
	key, isArray := strings.CutSuffix(path[0], "[]")
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var children []any
	if key == "*" {
		for _, child := range m {
			children = append(children, child)
		}
	} else {
		children = []any{m[key]}
	}
	var out []string
	for _, child := range children {
		if isArray {
			items, _ := child.([]any)
			for _, item := range items {
				out = append(out, valuesAt(item, path[1:])...)
			}
			continue
		}
		out = append(out, valuesAt(child, path[1:])...)
	}
	return out
}

// sampleIndex indexes a fixture's objects by type and id field. Objects
// listed under a parent are indexed by their own id field too, which
// references use; the same id under two parents indexes once.
func sampleIndex(f *Fixture) map[string]map[string]map[string]any {
	index := map[string]map[string]map[string]any{}
	for typ, objects := range f.Resources {
		field := endpointFor(typ).idName()
		index[typ] = map[string]map[string]any{}
		for _, obj := range objects {
			index[typ][obj[field].(string)] = obj
		}
	}
	return index
}

func TestSampleShape(t *testing.T) {
	f := SampleFixture()
	total := 0
	srv, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range typeNames() {
		n := len(f.Resources[typ])
		if endpointFor(typ).derived {
			n = len(srv.objects[typ])
		}
		if n == 0 {
			t.Errorf("type %s has no objects", typ)
		}
		total += n
	}
	if total < 300 {
		t.Errorf("%d objects, want at least 300", total)
	}
	for _, fault := range f.Faults {
		if fault.RateLimit != nil {
			t.Error("the sample has a rateLimit fault, which would slow every export of it")
		}
	}
}

func TestSampleReferencesResolve(t *testing.T) {
	f := SampleFixture()
	index := sampleIndex(f)
	for _, ref := range sampleReferences {
		found := 0
		for _, obj := range f.Resources[ref.typ] {
			for _, id := range valuesAt(obj, strings.Split(ref.path, ".")) {
				if strings.HasSuffix(ref.path, "division.id") && id == "*" {
					continue
				}
				found++
				if index[ref.target][id] == nil {
					t.Errorf("%s %s: %s %q is not a %s of the sample", ref.typ, obj["id"], ref.path, id, ref.target)
				}
			}
		}
		if found == 0 {
			t.Errorf("no %s in the sample has %s, so the check proves nothing", ref.typ, ref.path)
		}
	}
}

func TestSampleSpecialCases(t *testing.T) {
	f := SampleFixture()

	managerOf := map[string]string{}
	inactive := 0
	for _, u := range f.Resources[typeUser] {
		managerOf[u["id"].(string)] = stringAt(u, "manager", "id")
		if u["state"] == "inactive" {
			inactive++
		}
	}
	mutual := 0
	for user, manager := range managerOf {
		if manager != "" && managerOf[manager] == user {
			mutual++
		}
	}
	if mutual < 2 {
		t.Error("no two users manage each other")
	}
	if inactive == 0 {
		t.Error("no inactive users")
	}

	homes := 0
	for _, d := range f.Resources[typeDivision] {
		if d["homeDivision"] == true {
			homes++
		}
	}
	if homes != 1 || len(f.Resources[typeDivision]) < 3 {
		t.Errorf("%d home divisions of %d, want 1 of several", homes, len(f.Resources[typeDivision]))
	}

	builtIn, custom := 0, 0
	for _, r := range f.Resources[typeRole] {
		if r["default"] == true {
			builtIn++
		} else {
			custom++
		}
	}
	if builtIn == 0 || custom == 0 {
		t.Errorf("%d built-in and %d custom roles, want both", builtIn, custom)
	}

	everywhere := 0
	for _, w := range f.Resources[typeWrapupCode] {
		if stringAt(w, "division", "id") == "*" {
			everywhere++
		}
	}
	if everywhere == 0 {
		t.Error("no wrap-up code has division id *")
	}

	systemFlow := false
	for _, fl := range f.Resources[typeFlow] {
		systemFlow = systemFlow || fl["system"] == true
	}
	if !systemFlow {
		t.Error("no built-in (system) flow")
	}
}

func TestSampleNames(t *testing.T) {
	f := SampleFixture()
	duplicateTypes, nonLatinTypes := 0, 0
	for _, typ := range typeNames() {
		seen := map[string]bool{}
		duplicate, nonLatin := false, false
		for _, obj := range f.Resources[typ] {
			name, _ := obj["name"].(string)
			duplicate = duplicate || seen[name]
			seen[name] = true
			for _, r := range name {
				if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin) {
					nonLatin = true
				}
			}
		}
		if duplicate {
			duplicateTypes++
		}
		if nonLatin {
			nonLatinTypes++
		}
	}
	if duplicateTypes < 4 {
		t.Errorf("%d types have duplicate names, want at least 4", duplicateTypes)
	}
	if nonLatinTypes < 8 {
		t.Errorf("%d types have non-Latin names, want at least 8", nonLatinTypes)
	}
}

// TestSampleCycleCase checks the OAuth client, credential and integration
// that refer to each other, and the 409 fault on that integration.
func TestSampleCycleCase(t *testing.T) {
	f := SampleFixture()
	index := sampleIndex(f)
	var integration, credential, client map[string]any
	for _, in := range f.Resources[typeIntegration] {
		if stringAt(in, "integrationType", "id") == "purecloud-data-actions" {
			integration = in
		}
	}
	if integration == nil {
		t.Fatal("no purecloud-data-actions integration")
	}
	if integration["intendedState"] != "ENABLED" {
		t.Errorf("intendedState %v, want ENABLED", integration["intendedState"])
	}
	credentials := valuesAt(integration, []string{"config", "current", "credentials", "pureCloudOAuthClient", "id"})
	if len(credentials) != 1 {
		t.Fatalf("config.current.credentials.pureCloudOAuthClient.id: %v", credentials)
	}
	credential = index[typeCredential][credentials[0]]
	if stringAt(credential, "type", "name") != "purecloudOAuthClient" {
		t.Fatalf("credential %v is not of type purecloudOAuthClient", credential)
	}
	client = index[typeOAuthClient][stringAt(credential, "credentialFields", "clientId")]
	if client == nil {
		t.Fatal("the credential's clientId is not an OAuth client of the sample")
	}
	if client["authorizedGrantType"] != "CLIENT-CREDENTIALS" {
		t.Errorf("authorizedGrantType %v, want CLIENT-CREDENTIALS", client["authorizedGrantType"])
	}
	if grants, _ := client["roleDivisions"].([]any); len(grants) == 0 {
		t.Error("the OAuth client has no roleDivisions")
	}
	if _, ok := client["secret"]; ok {
		t.Error("the OAuth client holds a secret")
	}

	actions := 0
	for _, a := range f.Resources[typeAction] {
		if a["integrationId"] == integration["id"] {
			actions++
		}
	}
	if actions == 0 {
		t.Error("no action belongs to the cycle-case integration")
	}

	want := Fault{Type: typeIntegration, ID: integration["id"].(string), Status: 409, Times: 2}
	if len(f.Faults) != 1 || f.Faults[0] != want {
		t.Errorf("faults %+v, want only %+v", f.Faults, want)
	}
}

func TestSampleServed(t *testing.T) {
	h := newHarness(t, SampleFixture(), Options{})
	active := h.get("/api/v2/users?pageSize=500").number("total")
	inactive := h.get("/api/v2/users?pageSize=500&state=inactive").number("total")
	if active+inactive != h.server.Counts()[typeUser] {
		t.Errorf("%d active + %d inactive users, want %d", active, inactive, h.server.Counts()[typeUser])
	}
	if resp := h.get("/api/v2/organizations/me"); resp.status != http.StatusOK || resp.body["name"] == "" {
		t.Errorf("organizations/me: status %d body %s", resp.status, resp.raw)
	}
}

// TestSampleDuplicateIntegrations checks the duplicates an export must keep
// apart: two integrations of one type with one name, and two actions of one
// integration with one name.
func TestSampleDuplicateIntegrations(t *testing.T) {
	f := SampleFixture()
	integrations := map[string][]string{}
	for _, in := range f.Resources[typeIntegration] {
		key := stringAt(in, "name") + " / " + stringAt(in, "integrationType", "id")
		integrations[key] = append(integrations[key], stringAt(in, "id"))
	}
	actions := map[string][]string{}
	for _, a := range f.Resources[typeAction] {
		key := stringAt(a, "name") + " / " + stringAt(a, "integrationId")
		actions[key] = append(actions[key], stringAt(a, "id"))
	}
	for what, groups := range map[string]map[string][]string{"integrations": integrations, "actions": actions} {
		pairs := 0
		for key, ids := range groups {
			if len(ids) < 2 {
				continue
			}
			pairs++
			if ids[0] == ids[1] {
				t.Errorf("%s %q share the id %s", what, key, ids[0])
			}
		}
		if pairs == 0 {
			t.Errorf("no two %s share a name and a parent or type", what)
		}
	}
}

// TestSampleScanHasEmptyPage checks that scanning the sample's external
// organizations meets a page with no entities that still carries a cursor,
// so that an export of the sample must not stop at an empty page.
func TestSampleScanHasEmptyPage(t *testing.T) {
	h := newHarness(t, SampleFixture(), Options{})
	path := "/api/v2/externalcontacts/scan/organizations?limit=200"
	empty, total := 0, 0
	for requests := 0; path != ""; requests++ {
		if requests > 2*scanShards {
			t.Fatal("the scan does not end")
		}
		resp := h.get(path)
		total += len(resp.entities())
		path, _ = resp.body["nextUri"].(string)
		if len(resp.entities()) == 0 && path != "" {
			empty++
		}
	}
	if empty == 0 {
		t.Error("no page of the scan is empty with a cursor")
	}
	if want := len(SampleFixture().Resources[typeExternalOrganization]); total != want {
		t.Errorf("the scan returned %d organizations, want %d", total, want)
	}
}
