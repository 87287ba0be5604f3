package terraform

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator/sample"
)

func TestWriteSampleOrgChecks(t *testing.T) {
	for _, format := range []Format{FormatJSON, FormatHCL} {
		t.Run(string(format), func(t *testing.T) {
			files, rep := write(t, fixtureSource(t, sampleResources(t)), Options{Format: format})
			if err := Check(files); err != nil {
				t.Fatalf("Check: %v", err)
			}
			ext := ".tf.json"
			if format == FormatHCL {
				ext = ".tf"
			}
			for _, typ := range []string{"auth_division", "auth_role", "user", "group", "routing_skill",
				"routing_language", "routing_wrapupcode", "routing_queue", "architect_schedules",
				"architect_schedulegroups", "architect_datatable", "flow", "integration_credential",
				"integration", "integration_action", "oauth_client"} {
				if _, ok := files[typ+ext]; !ok {
					t.Errorf("no file for core type %s", typ)
				}
			}
			for _, name := range []string{"provider" + ext, "variables" + ext, TFVarsExampleFile, RestoreOrderFile} {
				if _, ok := files[name]; !ok {
					t.Errorf("no file %s", name)
				}
			}
			if len(rep.Cycles) == 0 {
				t.Error("the sample's mutual managers gave no cycle in the report")
			}
			if len(rep.NotWritten) == 0 {
				t.Error("report lists no unmapped type, but the sample has flow versions and custom attribute schemas")
			}
		})
	}
}

func TestWriteSampleOrgContent(t *testing.T) {
	files, rep := write(t, fixtureSource(t, sampleResources(t)), Options{})

	divisions := decodeJSONFile(t, files, "auth_division.tf.json")
	home := resourceBlocks(divisions, "data", "genesyscloud_auth_division")
	if len(home) != 1 || home["Home"]["name"] != "Home" {
		t.Errorf("home division data sources = %v, want one labelled Home", home)
	}
	if _, ok := resourceBlocks(divisions, "resource", "genesyscloud_auth_division")["Home"]; ok {
		t.Error("the home division is also written as a resource")
	}

	queues := decodeJSONFile(t, files, "routing_queue.tf.json")
	var sawDivisionRef, sawMembers bool
	for _, q := range resourceBlocks(queues, "resource", "genesyscloud_routing_queue") {
		if d, _ := q["division_id"].(string); strings.HasPrefix(d, "${data.genesyscloud_auth_division.Home.id}") {
			sawDivisionRef = true
		}
		if _, ok := q["members"]; ok {
			sawMembers = true
		}
	}
	if !sawDivisionRef {
		t.Error("no queue references the home division data source")
	}
	if !sawMembers {
		t.Error("no queue has members merged from routing_queue_member")
	}

	flows := decodeJSONFile(t, files, "flow.tf.json")
	for label, f := range resourceBlocks(flows, "resource", "genesyscloud_flow") {
		p, _ := f["filepath"].(string)
		if !strings.HasPrefix(p, "../flows/") || !strings.HasSuffix(p, ".yaml") {
			t.Errorf("flow %s filepath = %q, want ../flows/<id>.yaml", label, p)
		}
		if _, ok := f["file_content_hash"]; ok {
			t.Errorf("flow %s has file_content_hash without LegacyFlowHash", label)
		}
	}
	if len(resourceBlocks(flows, "data", "genesyscloud_flow")) == 0 {
		t.Error("system flows are not data sources")
	}

	creds := decodeJSONFile(t, files, "integration_credential.tf.json")
	oauthCred := resourceBlocks(creds, "resource", "genesyscloud_integration_credential")["Integration-Genesys_Cloud_Data_Actions"]
	fields, _ := oauthCred["fields"].(map[string]any)
	if id, _ := fields["clientId"].(string); !strings.HasPrefix(id, "${genesyscloud_oauth_client.") {
		t.Errorf("clientId = %q, want a reference to the OAuth client", id)
	}
	if s, _ := fields["clientSecret"].(string); !strings.HasPrefix(s, "${var.integration_credential_") {
		t.Errorf("clientSecret = %q, want a variable", s)
	}
	if len(rep.Variables) == 0 {
		t.Fatal("report lists no variable")
	}
	vars := decodeJSONFile(t, files, "variables.tf.json")
	declared, _ := vars["variable"].(map[string]any)
	for _, v := range rep.Variables {
		if _, ok := declared[v]; !ok {
			t.Errorf("variable %s is reported but not declared", v)
		}
		if !bytes.Contains(files[TFVarsExampleFile], []byte(v+" ")) {
			t.Errorf("variable %s has no placeholder in %s", v, TFVarsExampleFile)
		}
	}

	provider := decodeJSONFile(t, files, "provider.tf.json")
	req := provider["terraform"].(map[string]any)["required_providers"].(map[string]any)["genesyscloud"].(map[string]any)
	if req["source"] != "mypurecloud/genesyscloud" || req["version"] != DefaultProviderVersion {
		t.Errorf("required provider = %v", req)
	}

	var order RestoreOrder
	if err := json.Unmarshal(files[RestoreOrderFile], &order); err != nil {
		t.Fatal(err)
	}
	layerOf := map[string]int{}
	for i, layer := range order.Layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	if layerOf["auth_division"] >= layerOf["routing_queue"] {
		t.Errorf("divisions in layer %d, queues in layer %d", layerOf["auth_division"], layerOf["routing_queue"])
	}
	if _, ok := layerOf["routing_queue_member"]; ok {
		t.Error("restore order lists merged type routing_queue_member")
	}
}

func TestWriteGeneratedOrg(t *testing.T) {
	f := sample.Generate(sample.Config{Seed: 1, Scale: 10})
	total := 0
	for _, objs := range f.Resources {
		total += len(objs)
	}
	if total < 5000 {
		t.Fatalf("generated org has %d objects, want at least 5000", total)
	}
	src := fixtureSource(t, f.Resources)
	for _, format := range []Format{FormatJSON, FormatHCL} {
		t.Run(string(format), func(t *testing.T) {
			files, rep := write(t, src, Options{Format: format})
			if err := Check(files); err != nil {
				t.Fatalf("Check: %v", err)
			}
			written := 0
			for _, s := range rep.Types {
				written += s.Resources + s.DataSources
			}
			t.Logf("%d objects, %d blocks in %d files, %d dangling, %d cycles",
				total, written, len(files), len(rep.Dangling), len(rep.Cycles))
			if written < 1000 {
				t.Errorf("only %d blocks written", written)
			}
		})
	}
}

func TestWriteOmitDangling(t *testing.T) {
	src := &memSource{}
	src.add("routing_queue", "q1", map[string]any{"id": "q1", "name": "Q",
		"division": map[string]any{"id": "gone-division"}, "queueFlow": map[string]any{"id": "gone-flow"}})
	src.add("integration_action", "a1", map[string]any{"id": "a1", "name": "A", "category": "C",
		"integrationId": "gone-integration",
		"contract":      map[string]any{"input": map[string]any{"inputSchema": map[string]any{}}, "output": map[string]any{"successSchema": map[string]any{}}}})
	for _, omit := range []bool{false, true} {
		files, rep := write(t, src, Options{OmitDangling: omit})
		q := resourceBlocks(decodeJSONFile(t, files, "routing_queue.tf.json"), "resource", "genesyscloud_routing_queue")["Q"]
		_, hasFlow := q["queue_flow_id"]
		if hasFlow == omit {
			t.Errorf("OmitDangling %v: queue_flow_id present = %v", omit, hasFlow)
		}
		a := resourceBlocks(decodeJSONFile(t, files, "integration_action.tf.json"), "resource", "genesyscloud_integration_action")["A"]
		if a["integration_id"] != "gone-integration" {
			t.Errorf("OmitDangling %v: required integration_id = %v, want the raw id", omit, a["integration_id"])
		}
		if len(rep.Dangling) != 3 {
			t.Errorf("OmitDangling %v: %d dangling references, want 3: %v", omit, len(rep.Dangling), rep.Dangling)
		}
		for _, d := range rep.Dangling {
			if d.Reason != ReasonMissing {
				t.Errorf("dangling %v has reason %q", d.Ref, d.Reason)
			}
		}
	}
}

func TestWriteLegacyFlowHash(t *testing.T) {
	src := &memSource{}
	src.add("flow", "f1", map[string]any{"id": "f1", "name": "Main", "type": "INBOUNDCALL"})
	for _, format := range []Format{FormatJSON, FormatHCL} {
		files, _ := write(t, src, Options{Format: format, LegacyFlowHash: true})
		if err := Check(files); err != nil {
			t.Fatalf("%s: Check: %v", format, err)
		}
		var content []byte
		for name, data := range files {
			if strings.HasPrefix(name, "flow.") {
				content = data
			}
		}
		if !bytes.Contains(content, []byte(`filesha256(`)) || !bytes.Contains(content, []byte(`../flows/f1.yaml`)) {
			t.Errorf("%s: flow file lacks the hash of ../flows/f1.yaml:\n%s", format, content)
		}
	}
}
