package terraform

import (
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

func idRef(id string) map[string]any { return map[string]any{"id": id} }

func user(id, name, manager string) map[string]any {
	u := map[string]any{"id": id, "name": name, "email": strings.ToLower(name) + "@example.com"}
	if manager != "" {
		u["manager"] = idRef(manager)
	}
	return u
}

// checkBroken writes src in both formats, checks the output, and returns
// the report of the JSON run after verifying the broken edge is absent.
func checkBroken(t *testing.T, src Source, wantCycles int) *Report {
	t.Helper()
	var rep *Report
	for _, format := range []Format{FormatJSON, FormatHCL} {
		files, r := write(t, src, Options{Format: format})
		if err := Check(files); err != nil {
			t.Fatalf("%s: Check: %v", format, err)
		}
		if len(r.Cycles) != wantCycles {
			t.Fatalf("%s: %d cycles, want %d: %+v", format, len(r.Cycles), wantCycles, r.Cycles)
		}
		if rep == nil {
			rep = r
		}
	}
	return rep
}

func TestCycleUserManagers(t *testing.T) {
	src := &memSource{}
	src.add("user", "u1", user("u1", "Ana", "u2"))
	src.add("user", "u2", user("u2", "Ben", "u3"))
	src.add("user", "u3", user("u3", "Cy", "u1"))
	src.add("user", "u4", user("u4", "Dee", "u1"))
	rep := checkBroken(t, src, 1)
	c := rep.Cycles[0]
	if len(c.Objects) != 3 {
		t.Errorf("cycle objects = %v, want u1, u2, u3", c.Objects)
	}
	// The broken edge is the one whose (type, label, attribute) sorts
	// last: Cy's manager.
	if c.Broken.From.ID != "u3" || c.Broken.Attr != "manager" || c.Broken.To.ID != "u1" {
		t.Errorf("broken edge = %+v, want u3 manager -> u1", c.Broken)
	}
	files, _ := write(t, src, Options{})
	users := resourceBlocks(decodeJSONFile(t, files, "user.tf.json"), "resource", "genesyscloud_user")
	if _, ok := users["cy_example_com"]["manager"]; ok {
		t.Error("the broken manager reference is still written")
	}
	if users["dee_example_com"]["manager"] != "${genesyscloud_user.ana_example_com.id}" {
		t.Errorf("Dee's manager = %v", users["dee_example_com"]["manager"])
	}
}

func TestCycleQueueBackups(t *testing.T) {
	src := &memSource{}
	queue := func(id, name, backup string) map[string]any {
		return map[string]any{"id": id, "name": name, "directRouting": map[string]any{"backupQueueId": backup}}
	}
	src.add("routing_queue", "q1", queue("q1", "East", "q2"))
	src.add("routing_queue", "q2", queue("q2", "West", "q1"))

	// A queue that names itself as the first conditional routing rule's
	// queue, as the API does.
	src.add("routing_queue", "q3", map[string]any{"id": "q3", "name": "North",
		"conditionalGroupRouting": map[string]any{"rules": []any{
			map[string]any{"queue": idRef("q3"), "operator": "GreaterThan", "conditionValue": 10.0,
				"groups": []any{map[string]any{"id": "g1", "type": "GROUP"}}},
		}}})
	src.add("group", "g1", map[string]any{"id": "g1", "name": "Agents"})

	rep := checkBroken(t, src, 1)
	c := rep.Cycles[0]
	if c.Broken.From.Label != "West" || c.Broken.Attr != "direct_routing.backup_queue_id" {
		t.Errorf("broken edge = %+v, want West's backup queue", c.Broken)
	}
	if len(rep.SelfRefsDropped) != 1 || rep.SelfRefsDropped[0].From.ID != "q3" ||
		rep.SelfRefsDropped[0].Attr != "conditional_group_routing_rules.queue_id" {
		t.Errorf("self references = %+v, want North's rule queue", rep.SelfRefsDropped)
	}

	files, _ := write(t, src, Options{})
	north := resourceBlocks(decodeJSONFile(t, files, "routing_queue.tf.json"), "resource", "genesyscloud_routing_queue")["North"]
	rules, _ := north["conditional_group_routing_rules"].([]any)
	if len(rules) != 1 {
		t.Fatalf("North's rules = %v, want the rule kept without its queue", north["conditional_group_routing_rules"])
	}
	if _, ok := rules[0].(map[string]any)["queue_id"]; ok {
		t.Error("North's rule still names North")
	}
}

func TestCycleSites(t *testing.T) {
	src := &memSource{}
	src.add("location", "l1", map[string]any{"id": "l1", "name": "HQ"})
	site := func(id, name string, primary ...string) map[string]any {
		var refs []any
		for _, p := range primary {
			refs = append(refs, idRef(p))
		}
		return map[string]any{"id": id, "name": name, "mediaModel": "Premises",
			"location": idRef("l1"), "primarySites": refs}
	}
	src.add("telephony_providers_edges_site", "s1", site("s1", "Alpha", "s2"))
	src.add("telephony_providers_edges_site", "s2", site("s2", "Beta", "s1"))
	rep := checkBroken(t, src, 1)
	if b := rep.Cycles[0].Broken; b.From.Label != "Beta" || b.Attr != "primary_sites" {
		t.Errorf("broken edge = %+v, want Beta's primary_sites", b)
	}
}

func TestCycleFlowDependsOnQueue(t *testing.T) {
	src := &memSource{}
	src.add("flow", "f1", map[string]any{"id": "f1", "name": "Support", "type": "INQUEUECALL"})
	src.add("routing_queue", "q1", map[string]any{"id": "q1", "name": "Support", "queueFlow": idRef("f1")})
	src.add("routing_queue", "q2", map[string]any{"id": "q2", "name": "Sales"})
	// The flow's YAML transfers to both queues, so the flow depends on them,
	// and Support's in-queue flow is the flow: a cycle through depends_on.
	src.deps = map[objectKey][]catalog.Reference{
		{"flow", "f1"}: {{Path: "yaml", To: "routing_queue", ID: "q1"}, {Path: "yaml", To: "routing_queue", ID: "q2"},
			{Path: "yaml", To: "routing_queue", ID: "gone"}},
	}
	rep := checkBroken(t, memDeps{src}, 1)
	b := rep.Cycles[0].Broken
	if b.From.Type != "routing_queue" || b.Attr != "queue_flow_id" {
		t.Errorf("broken edge = %+v, want the queue's in-queue flow", b)
	}
	files, _ := write(t, memDeps{src}, Options{})
	flow := resourceBlocks(decodeJSONFile(t, files, "flow.tf.json"), "resource", "genesyscloud_flow")["INQUEUECALL_Support"]
	deps, _ := flow["depends_on"].([]any)
	if len(deps) != 2 || deps[0] != "genesyscloud_routing_queue.Sales" || deps[1] != "genesyscloud_routing_queue.Support" {
		t.Errorf("depends_on = %v", flow["depends_on"])
	}
	if len(rep.Dangling) != 1 || !rep.Dangling[0].Omitted || rep.Dangling[0].Attr != "depends_on" {
		t.Errorf("dangling = %+v, want the omitted depends_on entry", rep.Dangling)
	}
}

func TestCycleCredentialOAuthClient(t *testing.T) {
	// The API's JSON lets a credential name its OAuth client but not the
	// reverse, so the pair alone forms no cycle. A dependency that the
	// source adds from the client to the credential closes one, as the
	// provider's integration_credential_id would. It is broken at the edge
	// that sorts last.
	src := &memSource{}
	src.add("oauth_client", "c1", map[string]any{"id": "c1", "name": "Actions", "authorizedGrantType": "CLIENT-CREDENTIALS"})
	src.add("integration_credential", "k1", map[string]any{"id": "k1", "name": "Actions credential",
		"type": map[string]any{"name": "pureCloudOAuthClient"}, "credentialFields": map[string]any{"clientId": "c1"}})
	checkBroken(t, src, 0)
	src.deps = map[objectKey][]catalog.Reference{
		{"oauth_client", "c1"}: {{Path: "integrationCredentialId", To: "integration_credential", ID: "k1"}},
	}
	rep := checkBroken(t, memDeps{src}, 1)
	b := rep.Cycles[0].Broken
	if b.From.Type != "oauth_client" || b.Attr != "depends_on" || b.To.ID != "k1" {
		t.Errorf("broken edge = %+v, want the client's depends_on entry", b)
	}
}
