package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// tfBlocks is the resource section of a .tf.json file.
type tfBlocks struct {
	Resource map[string]map[string]map[string]any `json:"resource"`
}

func readTFBlocks(t *testing.T, files map[string][]byte, name, resourceType string) map[string]map[string]any {
	t.Helper()
	var doc tfBlocks
	if err := json.Unmarshal(files[name], &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc.Resource[resourceType]
}

// consumedFile is the part of flows/<id>.dependencies.json the test reads.
type consumedFile struct {
	ConsumedResources []struct {
		Type, ID, Name string
		Deleted        bool
	} `json:"consumedResources"`
}

// TestFlowDependenciesOfSampleOrg exports the sample org twice, the second
// time with the API's lists in another order. The flows' consumed resources
// become depends_on entries, the cycle of Main IVR and "Emergency: building
// closed" is broken at one depends_on edge named in report.json, and the
// files are the same bytes both times.
func TestFlowDependenciesOfSampleOrg(t *testing.T) {
	f := simulator.SampleFixture()
	h := newHarness(t, f)
	summary, err := h.run("e2e-flowdeps-1", json.RawMessage(`{}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	files := checkTerraform(t, h.output, ".tf.json")
	rep := readTerraformReport(t, h.output)

	flowIDs := map[string]string{} // name and type to id
	for _, flow := range f.Resources["flow"] {
		flowIDs[flow["type"].(string)+"/"+flow["name"].(string)] = flow["id"].(string)
	}
	mainIVR, emergency := flowIDs["INBOUNDCALL/Main IVR"], flowIDs["INBOUNDCALL/Emergency: building closed"]

	t.Run("cycle broken once", func(t *testing.T) {
		var flowCycles []terraform.Cycle
		for _, c := range rep.Cycles {
			if c.Broken.From.Type == "flow" && c.Broken.To.Type == "flow" {
				flowCycles = append(flowCycles, c)
			}
		}
		if len(flowCycles) != 1 {
			t.Fatalf("flow cycles %+v, want one", flowCycles)
		}
		c := flowCycles[0]
		var members []string
		for _, o := range c.Objects {
			members = append(members, o.ID)
		}
		sort.Strings(members)
		want := []string{mainIVR, emergency}
		sort.Strings(want)
		if !slices.Equal(members, want) {
			t.Errorf("cycle objects %v, want Main IVR and the emergency flow %v", members, want)
		}
		pair := []string{c.Broken.From.ID, c.Broken.To.ID}
		sort.Strings(pair)
		if c.Broken.Attr != "depends_on" || !slices.Equal(pair, want) {
			t.Errorf("broken edge %+v, want a depends_on between the two flows", c.Broken)
		}

		// The broken edge is gone from the configuration and the other
		// direction is kept.
		flows := readTFBlocks(t, files, "flow.tf.json", "genesyscloud_flow")
		from := flows[c.Broken.From.Label]
		to := flows[c.Broken.To.Label]
		if from == nil || to == nil {
			t.Fatalf("no flow blocks %s and %s", c.Broken.From.Label, c.Broken.To.Label)
		}
		if slices.Contains(dependsOnOf(from), "genesyscloud_flow."+c.Broken.To.Label) {
			t.Errorf("%s still depends_on %s", c.Broken.From.Label, c.Broken.To.Label)
		}
		if !slices.Contains(dependsOnOf(to), "genesyscloud_flow."+c.Broken.From.Label) {
			t.Errorf("%s lost its depends_on %s, the edge that was kept", c.Broken.To.Label, c.Broken.From.Label)
		}
	})

	t.Run("queues and data actions", func(t *testing.T) {
		flows := readTFBlocks(t, files, "flow.tf.json", "genesyscloud_flow")
		queues := readTFBlocks(t, files, "routing_queue.tf.json", "genesyscloud_routing_queue")
		actions := readTFBlocks(t, files, "integration_action.tf.json", "genesyscloud_integration_action")
		checked := 0
		for _, flow := range f.Resources["flow"] {
			id := flow["id"].(string)
			consumed := readConsumed(t, h.output, id)
			if flow["system"] == true || consumed == nil {
				continue
			}
			block := flowBlock(t, flows, id)
			var wantQueues, wantActions, gotQueues, gotActions []string
			for _, d := range consumed.ConsumedResources {
				switch {
				case d.Deleted:
				case d.Type == "QUEUE":
					wantQueues = append(wantQueues, d.Name)
				case d.Type == "DATAACTION":
					wantActions = append(wantActions, d.Name)
				}
			}
			for _, addr := range dependsOnOf(block) {
				typ, label, _ := strings.Cut(addr, ".")
				switch typ {
				case "genesyscloud_routing_queue":
					gotQueues = append(gotQueues, queues[label]["name"].(string))
				case "genesyscloud_integration_action":
					gotActions = append(gotActions, actions[label]["name"].(string))
				}
			}
			for _, l := range [][]string{wantQueues, wantActions, gotQueues, gotActions} {
				sort.Strings(l)
			}
			if !slices.Equal(gotQueues, wantQueues) {
				t.Errorf("flow %s depends_on queues %v, want %v", flow["name"], gotQueues, wantQueues)
			}
			if !slices.Equal(gotActions, wantActions) {
				t.Errorf("flow %s depends_on data actions %v, want %v", flow["name"], gotActions, wantActions)
			}
			checked += len(wantQueues) + len(wantActions)
		}
		if checked < 15 {
			t.Errorf("only %d queue and data action dependencies checked", checked)
		}
	})

	t.Run("dangling and unmapped", func(t *testing.T) {
		var deleted []terraform.Dangling
		for _, d := range rep.Dangling {
			if d.Attr == "depends_on" && d.From.Type == "flow" {
				deleted = append(deleted, d)
			}
		}
		if len(deleted) != 1 || deleted[0].From.ID != mainIVR || deleted[0].To.Type != "integration_action" ||
			deleted[0].Reason != terraform.ReasonMissing || !deleted[0].Omitted {
			t.Errorf("dangling depends_on %+v, want Main IVR's deleted data action, missing and omitted", deleted)
		}
		if rep.UnmappedDependencies["SYSTEMPROMPT"] != 2 || len(rep.UnmappedDependencies) != 1 {
			t.Errorf("unmapped dependencies %v, want the 2 system prompts of published non-system flows",
				rep.UnmappedDependencies)
		}
		never := flowIDs["INBOUNDCALL/Draft – never published"]
		if readConsumed(t, h.output, never) != nil {
			t.Error("the never-published flow has a dependencies file")
		}
	})

	second := newHarnessWith(t, simulator.SampleFixture(), simulator.Options{ListOrderSeed: 7})
	if _, err := second.run("e2e-flowdeps-2", json.RawMessage(`{"maxParallelTypes":1}`)); err != nil {
		t.Fatalf("second export failed: %v", err)
	}
	a, b := readTree(t, h.output), readTree(t, second.output)
	compared := 0
	for name, data := range a {
		if !strings.HasPrefix(name, "flows"+string(filepath.Separator)) &&
			!strings.HasPrefix(name, "terraform"+string(filepath.Separator)) {
			continue
		}
		compared++
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between the exports", name)
		}
	}
	if compared < 40 {
		t.Errorf("only %d files of flows/ and terraform/ compared", compared)
	}
	again := readTerraformReport(t, second.output)
	first, _ := json.Marshal(rep)
	other, _ := json.Marshal(again)
	if !bytes.Equal(first, other) {
		t.Error("the Terraform reports of the two exports differ")
	}
}

// readTerraformReport returns the Terraform part of a backup's report.json.
func readTerraformReport(t *testing.T, dir string) *terraform.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Terraform *terraform.Report `json:"terraform"`
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	if report.Terraform == nil {
		t.Fatal("report.json has no terraform section")
	}
	return report.Terraform
}

// readConsumed decodes a flow's published dependencies file, or returns nil
// when the flow has none.
func readConsumed(t *testing.T, dir, flowID string) *consumedFile {
	t.Helper()
	name, err := sink.FileName(flowID)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "flows", name+".dependencies.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc consumedFile
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("flow %s: %v", flowID, err)
	}
	return &doc
}

// flowBlock finds a flow's resource by the YAML file it names.
func flowBlock(t *testing.T, flows map[string]map[string]any, flowID string) map[string]any {
	t.Helper()
	name, err := sink.FileName(flowID)
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range flows {
		if block["filepath"] == "../flows/"+name+".yaml" {
			return block
		}
	}
	t.Fatalf("no genesyscloud_flow names ../flows/%s.yaml", name)
	return nil
}

func dependsOnOf(block map[string]any) []string {
	list, _ := block["depends_on"].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}
