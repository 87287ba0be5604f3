package simulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validOrg = `"org":{"id":"o1","name":"Org","region":"mypurecloud.de"}`

func TestParseFixtureErrors(t *testing.T) {
	cases := []struct {
		name    string
		json    string
		mention []string
	}{
		{name: "unknown top-level key", json: `{` + validOrg + `,"resources":{},"fautls":[]}`, mention: []string{`"fautls"`}},
		{name: "unknown org key", json: `{"org":{"id":"o","name":"n","region":"mypurecloud.com","domain":"x"},"resources":{}}`, mention: []string{`"domain"`}},
		{name: "unknown fault key", json: `{` + validOrg + `,"resources":{},"faults":[{"type":"flow","status":409,"count":2}]}`, mention: []string{`"count"`}},
		{name: "unknown type", json: `{` + validOrg + `,"resources":{"users":[{"id":"u"}]}}`, mention: []string{`"users"`, "unknown type", `did you mean "user"?`}},
		{name: "missing id", json: `{` + validOrg + `,"resources":{"user":[{"id":"u"},{"name":"x"}]}}`, mention: []string{`resources["user"][1]`, `"id"`}},
		{name: "number id", json: `{` + validOrg + `,"resources":{"flow":[{"id":7}]}}`, mention: []string{`resources["flow"][0]`, `"id"`}},
		{name: "duplicate id", json: `{` + validOrg + `,"resources":{"group":[{"id":"g"},{"id":"h"},{"id":"g"}]}}`, mention: []string{`resources["group"][2]`, `duplicate id "g"`, "index 0"}},
		{name: "fault unknown id", json: `{` + validOrg + `,"resources":{"integration":[{"id":"i1"}]},"faults":[{"type":"integration","id":"i2","status":409}]}`, mention: []string{"faults[0]", `"i2"`, "not found"}},
		{name: "fault unknown type", json: `{` + validOrg + `,"resources":{},"faults":[{"type":"journey_action_map","status":403}]}`, mention: []string{"faults[0]", `"journey_action_map"`}},
		{name: "fault without type", json: `{` + validOrg + `,"resources":{},"faults":[{"status":503}]}`, mention: []string{"faults[0]", "missing type"}},
		{name: "fault status", json: `{` + validOrg + `,"resources":{},"faults":[{"type":"flow","status":200}]}`, mention: []string{"faults[0]", "status 200"}},
		{name: "times and seconds", json: `{` + validOrg + `,"resources":{},"faults":[{"type":"flow","status":409,"times":1,"seconds":5}]}`, mention: []string{"times or seconds"}},
		{name: "retryAfter on 503", json: `{` + validOrg + `,"resources":{},"faults":[{"type":"flow","status":503,"retryAfter":5}]}`, mention: []string{"retryAfter", "429"}},
		{name: "rateLimit with status", json: `{` + validOrg + `,"resources":{},"faults":[{"status":429,"rateLimit":{"perMinute":5}}]}`, mention: []string{"rateLimit"}},
		{name: "rateLimit zero", json: `{` + validOrg + `,"resources":{},"faults":[{"rateLimit":{"perMinute":0}}]}`, mention: []string{"perMinute"}},
		{name: "two rateLimits", json: `{` + validOrg + `,"resources":{},"faults":[{"rateLimit":{"perMinute":5}},{"rateLimit":{"perMinute":6}}]}`, mention: []string{"faults[1]", "rateLimit"}},
		{name: "unknown region", json: `{"org":{"id":"o","name":"n","region":"example.com"},"resources":{}}`, mention: []string{`"example.com"`, "region"}},
		{name: "missing org id", json: `{"org":{"name":"n","region":"mypurecloud.com"},"resources":{}}`, mention: []string{"org", "id"}},
		{name: "two home divisions", json: `{` + validOrg + `,"resources":{"auth_division":[{"id":"a","homeDivision":true},{"id":"b","homeDivision":true}]}}`, mention: []string{`resources["auth_division"][1]`, "homeDivision"}},
		{name: "row without _parentId", json: `{` + validOrg + `,"resources":{"architect_datatable":[{"id":"t"}],"architect_datatable_row":[{"key":"k"}]}}`, mention: []string{`resources["architect_datatable_row"][0]`, `"_parentId"`}},
		{name: "row of an unknown table", json: `{` + validOrg + `,"resources":{"architect_datatable":[{"id":"t"}],"architect_datatable_row":[{"key":"k","_parentId":"u"}]}}`, mention: []string{`"u"`, "architect_datatable"}},
		{name: "row without key", json: `{` + validOrg + `,"resources":{"architect_datatable":[{"id":"t"}],"architect_datatable_row":[{"id":"k","_parentId":"t"}]}}`, mention: []string{`"key"`}},
		{name: "duplicate key in a table", json: `{` + validOrg + `,"resources":{"architect_datatable":[{"id":"t"}],"architect_datatable_row":[{"key":"k","_parentId":"t"},{"key":"k","_parentId":"t"}]}}`, mention: []string{`resources["architect_datatable_row"][1]`, `duplicate key "k"`, `"t"`}},
		{name: "_parentId on a top-level type", json: `{` + validOrg + `,"resources":{"routing_skill":[{"id":"s","_parentId":"x"}]}}`, mention: []string{`"_parentId"`, "routing_skill"}},
		{name: "subject of no user", json: `{` + validOrg + `,"resources":{"user":[{"id":"u"}],"user_roles":[{"id":"v","grants":[]}]}}`, mention: []string{`resources["user_roles"][0]`, `"v"`, "user"}},
		{name: "core type without name", json: `{` + validOrg + `,"resources":{"dataextensions_coretype":[{"id":"text"}]}}`, mention: []string{`"name"`}},
		{name: "fault on a row by key alone", json: `{` + validOrg + `,"resources":{"architect_datatable":[{"id":"t"}],"architect_datatable_row":[{"key":"k","_parentId":"t"}]},"faults":[{"type":"architect_datatable_row","id":"k","status":409}]}`, mention: []string{"faults[0]", `"k"`, "<parentId>_<key>"}},
		{name: "trailing data", json: `{` + validOrg + `,"resources":{}} {}`, mention: []string{"after the top-level object"}},
		{name: "not JSON", json: `org: x`, mention: []string{"invalid JSON"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFixture([]byte(tc.json))
			if err == nil {
				t.Fatal("ParseFixture accepted the fixture")
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %s", err, m)
				}
			}
		})
	}
}

func TestParseFixtureValid(t *testing.T) {
	f, err := ParseFixture([]byte(`{` + validOrg + `,
		"resources":{"routing_queue":[{"id":"q1","memberCount":12345678901234567890}]},
		"faults":[{"type":"routing_queue","id":"q1","status":409,"times":4},
		          {"type":"routing_queue","status":403},
		          {"rateLimit":{"perMinute":300}}]}`))
	if err != nil {
		t.Fatalf("ParseFixture: %v", err)
	}
	if f.Org.Region != "mypurecloud.de" {
		t.Errorf("region %q, want mypurecloud.de", f.Org.Region)
	}
	if len(f.Faults) != 3 {
		t.Fatalf("%d faults, want 3", len(f.Faults))
	}
	if f.Faults[2].RateLimit == nil || f.Faults[2].RateLimit.PerMinute != 300 {
		t.Errorf("third fault %+v, want rateLimit.perMinute 300", f.Faults[2])
	}
	h := newHarness(t, f, Options{})
	checkError(t, h.get("/api/v2/routing/queues/q1"), 409, "general.conflict")
	checkError(t, h.get("/api/v2/routing/queues"), 403, "not.authorized")
}

func TestFixtureNumbersKeptExactly(t *testing.T) {
	f, err := ParseFixture([]byte(`{` + validOrg + `,"resources":{"routing_queue":[{"id":"q1","memberCount":12345678901234567890}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, f, Options{})
	if resp := h.get("/api/v2/routing/queues/q1"); !strings.Contains(resp.raw, "12345678901234567890") {
		t.Errorf("large number changed: %s", resp.raw)
	}
}

func TestLoadFixture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.json")
	if err := os.WriteFile(path, []byte(`{`+validOrg+`,"resources":{"flow":[{"id":"f"}]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFixture(path)
	if err != nil {
		t.Fatalf("LoadFixture: %v", err)
	}
	if len(f.Resources[typeFlow]) != 1 {
		t.Errorf("flows %d, want 1", len(f.Resources[typeFlow]))
	}
	if _, err := LoadFixture(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadFixture of a missing file returned no error")
	}
	if err := os.WriteFile(path, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFixture(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name the file", err)
	}
}

func TestNewCopiesFixture(t *testing.T) {
	f := &Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeSkill: {{"id": "s1", "name": "Before"}},
	}}
	h := newHarness(t, f, Options{})
	f.Resources[typeSkill][0]["name"] = "After"
	if got := h.get("/api/v2/routing/skills/s1").body["name"]; got != "Before" {
		t.Errorf("name %v, want Before: New must copy the fixture", got)
	}
}

func TestNewRejectsInvalidFixture(t *testing.T) {
	cases := []struct {
		name    string
		fixture *Fixture
		mention string
	}{
		{name: "nil", fixture: nil, mention: "nil fixture"},
		{name: "unknown type", fixture: &Fixture{Org: testOrg, Resources: map[string][]map[string]any{"phones": {{"id": "p"}}}}, mention: `"phones"`},
		{name: "not encodable", fixture: &Fixture{Org: testOrg, Resources: map[string][]map[string]any{typeFlow: {{"id": "f", "bad": func() {}}}}}, mention: `resources["flow"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.fixture, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %v, want one mentioning %s", err, tc.mention)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	h := newHarness(t, pagingFixture(), Options{})
	counts := h.server.Counts()
	want := map[string]int{typeSkill: 60, typeUser: 12, typeGroup: 0}
	for typ, n := range want {
		if got, ok := counts[typ]; !ok || got != n {
			t.Errorf("Counts()[%s] = %d (present %v), want %d", typ, got, ok, n)
		}
	}
	if len(counts) != len(endpoints) {
		t.Errorf("%d types counted, want all %d", len(counts), len(endpoints))
	}
}

func TestParseFixtureParentListed(t *testing.T) {
	f, err := ParseFixture([]byte(`{` + validOrg + `,"resources":{
		"architect_datatable":[{"id":"t1"},{"id":"t2"}],
		"architect_datatable_row":[{"key":"k","_parentId":"t1"},{"key":"k","_parentId":"t2"}],
		"user":[{"id":"u1"}],
		"user_roles":[{"id":"u1","grants":[]}]},
		"faults":[{"type":"architect_datatable_row","id":"t2_k","status":409,"times":1}]}`))
	if err != nil {
		t.Fatalf("ParseFixture: %v", err)
	}
	h := newHarness(t, f, Options{})
	checkError(t, h.get("/api/v2/flows/datatables/t2/rows/k"), 409, "general.conflict")
	if resp := h.get("/api/v2/flows/datatables/t1/rows/k"); resp.status != 200 {
		t.Errorf("row k of t1: status %d, want 200: the fault names t2's row", resp.status)
	}
	if got := h.server.Counts()[typeDataTableRow]; got != 2 {
		t.Errorf("Counts() rows %d, want 2", got)
	}
}

func TestParseFixtureErrorsSpeakJSON(t *testing.T) {
	cases := []struct {
		json, want string
	}{
		{"{\n  \"org\": {\"id\": \"o\"},\n  \"resources\": {\"routing_queue\": {\"id\": \"q\"}}\n}",
			"resources.routing_queue (line 3, column 35) must be an array of objects, not a JSON object"},
		{"{\n  \"org\": {\"id\": \"o\",}\n}", "invalid JSON at line 2, column 22"},
		{"[]", "the top level (line 1, column 2) must be an object, not a JSON array"},
		{"{\n  \"org\": {\"id\": \"o\"},\n  \"resources\": {", "the file ends at line 3, column 17, before its top-level object is complete"},
	}
	for _, tc := range cases {
		_, err := ParseFixture([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFixture(%q) = %v, want it to contain %q", tc.json, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "interface {}") {
			t.Errorf("ParseFixture(%q) names a Go type: %v", tc.json, err)
		}
	}
}
