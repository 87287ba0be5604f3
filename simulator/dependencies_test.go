package simulator

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// dependencyFixture has a published inbound flow that consumes five
// resources, a common module that was only checked in, and a flow without
// any version.
func dependencyFixture(faults ...Fault) *Fixture {
	return &Fixture{
		Org: testOrg,
		Resources: map[string][]map[string]any{
			typeFlow: {
				{"id": "flow-a", "name": "Main IVR", "type": "INBOUNDCALL",
					"publishedVersion": map[string]any{"id": "3.0"}, "checkedInVersion": map[string]any{"id": "3.0"}},
				{"id": "flow-b", "name": "Auth Check", "type": "COMMONMODULE",
					"checkedInVersion": map[string]any{"id": "1.0"}},
				{"id": "flow-c", "name": "Draft", "type": "INBOUNDCALL"},
			},
		},
		Dependencies: map[string][]Dependency{
			"flow-a": {
				{Type: "QUEUE", ID: "queue-2", Name: "Sales"},
				{Type: "DATAACTION", ID: "action-1", Name: "Lookup"},
				{Type: "QUEUE", ID: "queue-1", Name: "Support", Deleted: true},
				{Type: "COMMONMODULEFLOW", ID: "flow-b", Name: "Auth Check", Version: "1.0"},
				{Type: "USERPROMPT", ID: "prompt-1", Name: "Welcome"},
			},
		},
		Faults: faults,
	}
}

func consumedPath(q url.Values) string { return consumedResourcesPath + "?" + q.Encode() }

func flowAQuery() url.Values {
	return url.Values{"id": {"flow-a"}, "version": {"3.0"}, "objectType": {"INBOUNDCALLFLOW"}}
}

func TestConsumedResourcesPages(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	q := flowAQuery()
	q.Set("pageSize", "2")
	resp := h.get(consumedPath(q))
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.raw)
	}
	if resp.number("total") != 5 || resp.number("pageCount") != 3 || resp.number("pageSize") != 2 {
		t.Errorf("total %d, pageCount %d, pageSize %d, want 5, 3 and 2",
			resp.number("total"), resp.number("pageCount"), resp.number("pageSize"))
	}
	for _, key := range []string{"firstUri", "selfUri", "lastUri", "nextUri"} {
		if _, ok := resp.body[key].(string); !ok {
			t.Errorf("the first page has no %s", key)
		}
	}
	if _, ok := resp.body["previousUri"]; ok {
		t.Error("the first page has a previousUri")
	}

	var got []string
	pages := 0
	for {
		pages++
		for _, e := range resp.entities() {
			got = append(got, e["type"].(string)+"/"+e["id"].(string))
		}
		next, _ := resp.body["nextUri"].(string)
		if next == "" || pages > 5 {
			break
		}
		if q := queryOf(t, next); q.Get("id") != "flow-a" || q.Get("objectType") != "INBOUNDCALLFLOW" {
			t.Errorf("nextUri %s lost the request's parameters", next)
		}
		resp = h.get(next)
		if resp.status != 200 {
			t.Fatalf("page %d: status %d: %s", pages+1, resp.status, resp.raw)
		}
	}
	want := []string{"COMMONMODULEFLOW/flow-b", "DATAACTION/action-1", "QUEUE/queue-1", "QUEUE/queue-2", "USERPROMPT/prompt-1"}
	if !slices.Equal(got, want) {
		t.Errorf("listed %v over %d pages, want %v", got, pages, want)
	}
}

func TestConsumedResourcesEntityShape(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	resp := h.get(consumedPath(flowAQuery()))
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.raw)
	}
	entities := resp.entities()
	if len(entities) != 5 {
		t.Fatalf("%d entities, want 5", len(entities))
	}
	module := entities[0]
	if module["name"] != "Auth Check" || module["version"] != "1.0" {
		t.Errorf("common module entity %v, want name Auth Check and version 1.0", module)
	}
	for _, flag := range []string{"deleted", "updated", "stateUnknown"} {
		if _, ok := module[flag].(bool); !ok {
			t.Errorf("entity has no boolean %s: %v", flag, module)
		}
	}
	if deleted := entities[2]; deleted["id"] != "queue-1" || deleted["deleted"] != true {
		t.Errorf("entity %v, want the deleted queue-1", deleted)
	}
	if _, ok := entities[1]["version"]; ok {
		t.Errorf("entity %v has a version the fixture does not give", entities[1])
	}
}

func TestConsumedResourcesFilterByType(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	q := flowAQuery()
	q["resourceType"] = []string{"QUEUE", "DATAACTION"}
	resp := h.get(consumedPath(q))
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.raw)
	}
	if got := resp.ids(); !slices.Equal(got, []string{"action-1", "queue-1", "queue-2"}) {
		t.Errorf("ids %v, want the data action and the two queues", got)
	}
	if resp.number("total") != 3 {
		t.Errorf("total %d, want 3", resp.number("total"))
	}
}

func TestConsumedResourcesEmptyList(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	q := url.Values{"id": {"flow-b"}, "version": {"1.0"}, "objectType": {"COMMONMODULEFLOW"}}
	resp := h.get(consumedPath(q))
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.raw)
	}
	if len(resp.entities()) != 0 || resp.number("total") != 0 {
		t.Errorf("entities %v, total %d, want none", resp.entities(), resp.number("total"))
	}
	if _, ok := resp.body["entities"].([]any); !ok {
		t.Errorf("entities is %v, want an empty array", resp.body["entities"])
	}
}

func TestConsumedResourcesErrors(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	with := func(change func(url.Values)) string {
		q := flowAQuery()
		change(q)
		return consumedPath(q)
	}
	tests := []struct {
		name   string
		path   string
		status int
		code   string
		text   string
	}{
		{"missing id", with(func(q url.Values) { q.Del("id") }), 400, "bad.request", "[id]"},
		{"missing version", with(func(q url.Values) { q.Del("version") }), 400, "bad.request", "[version]"},
		{"missing objectType", with(func(q url.Values) { q.Del("objectType") }), 400, "bad.request", "[objectType]"},
		{"pageSize over 100", with(func(q url.Values) { q.Set("pageSize", "101") }), 400, "bad.request", "pageSize [101]"},
		{"pageSize 0", with(func(q url.Values) { q.Set("pageSize", "0") }), 400, "bad.request", "pageSize [0]"},
		{"pageSize not a number", with(func(q url.Values) { q.Set("pageSize", "ten") }), 400, "bad.request", "integer"},
		{"pageNumber 0", with(func(q url.Values) { q.Set("pageNumber", "0") }), 400, "bad.request", "pageNumber [0]"},
		{"unknown objectType", with(func(q url.Values) { q.Set("objectType", "FLOW") }), 400, "invalid.value", "[FLOW]"},
		{"unknown resourceType", with(func(q url.Values) { q.Set("resourceType", "QUEUES") }), 400, "invalid.value", "[QUEUES]"},
		{"unknown parameter", with(func(q url.Values) { q.Set("expand", "all") }), 400, "bad.request", "[expand]"},
		{"unknown flow", with(func(q url.Values) { q.Set("id", "flow-x") }), 404, "not.found", "flow-x"},
		{"objectType of another flow type", with(func(q url.Values) { q.Set("objectType", "INQUEUECALLFLOW") }), 404, "not.found", "INQUEUECALLFLOW"},
		{"unknown version", with(func(q url.Values) { q.Set("version", "9.0") }), 404, "not.found", "9.0"},
		{"flow without versions", with(func(q url.Values) { q.Set("id", "flow-c") }), 404, "not.found", "flow-c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.get(tt.path)
			checkError(t, resp, tt.status, tt.code)
			if msg, _ := resp.body["message"].(string); !strings.Contains(msg, tt.text) {
				t.Errorf("message %q does not name %s", msg, tt.text)
			}
		})
	}
}

func TestConsumedResourcesNeedsToken(t *testing.T) {
	h := newHarness(t, dependencyFixture(), Options{})
	resp := h.getWith("", consumedPath(flowAQuery()))
	if resp.status != 401 {
		t.Errorf("status %d without a token, want 401", resp.status)
	}
}

func TestConsumedResourcesForbiddenFault(t *testing.T) {
	h := newHarness(t, dependencyFixture(Fault{Type: DependencyFaultType, Status: 403,
		Permission: "architect:dependencyTracking:view"}), Options{})
	resp := h.get(consumedPath(flowAQuery()))
	checkError(t, resp, 403, "missing.permissions")
	if msg, _ := resp.body["message"].(string); !strings.Contains(msg, "architect:dependencyTracking:view") {
		t.Errorf("message %q does not name the permission", msg)
	}
	// The fault is the endpoint's only: the flow itself is still served.
	if flow := h.get("/api/v2/flows/flow-a"); flow.status != 200 {
		t.Errorf("GET the flow: status %d, want 200", flow.status)
	}
}

func TestConsumedResourcesFaultOfOneFlow(t *testing.T) {
	h := newHarness(t, dependencyFixture(Fault{Type: DependencyFaultType, ID: "flow-b", Status: 503}), Options{})
	if resp := h.get(consumedPath(flowAQuery())); resp.status != 200 {
		t.Errorf("flow-a: status %d, want 200", resp.status)
	}
	q := url.Values{"id": {"flow-b"}, "version": {"1.0"}, "objectType": {"COMMONMODULEFLOW"}}
	checkError(t, h.get(consumedPath(q)), 503, "service.unavailable")
}

func TestFixtureDependenciesValidated(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *Fixture)
		want   string
	}{
		{"unknown flow", func(f *Fixture) {
			f.Dependencies["flow-x"] = []Dependency{{Type: "QUEUE", ID: "q", Name: "Q"}}
		}, `"flow-x" is not a flow`},
		{"unknown type", func(f *Fixture) { f.Dependencies["flow-a"][0].Type = "QUEUES" }, `invalid type "QUEUES"`},
		{"missing id", func(f *Fixture) { f.Dependencies["flow-a"][0].ID = "" }, "missing id"},
		{"missing name", func(f *Fixture) { f.Dependencies["flow-a"][0].Name = "" }, "missing name"},
		{"duplicate", func(f *Fixture) { f.Dependencies["flow-a"][1] = f.Dependencies["flow-a"][0] }, "duplicate QUEUE"},
		{"fault on an unknown flow", func(f *Fixture) {
			f.Faults = []Fault{{Type: DependencyFaultType, ID: "flow-x", Status: 403}}
		}, `"flow-x" is not a flow`},
		{"fault with a kind", func(f *Fixture) {
			f.Faults = []Fault{{Type: DependencyFaultType, Kind: FaultSlow, Delay: 1}}
		}, "only status faults"},
		{"fault without a status", func(f *Fixture) {
			f.Faults = []Fault{{Type: DependencyFaultType}}
		}, "status 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := dependencyFixture()
			tt.change(f)
			_, err := New(f, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFixtureDependenciesRejectUnknownKeys(t *testing.T) {
	data := `{"org": {"id": "o", "name": "O", "region": "mypurecloud.com"},
		"resources": {"flow": [{"id": "f", "name": "F", "type": "INBOUNDCALL"}]},
		"dependencies": {"f": [{"type": "QUEUE", "id": "q", "name": "Q", "queueId": "q"}]}}`
	if _, err := ParseFixture([]byte(data)); err == nil || !strings.Contains(err.Error(), "queueId") {
		t.Errorf("error %v, want one naming the unknown key queueId", err)
	}
}
