package activities

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// dependencyFixture is flowFixture(n) with every flow published at
// version "2.0", flow-000 consuming queues queue-000.. and flow-001 a data
// action and a system prompt.
func dependencyFixture(n, queues int, faults ...simulator.Fault) *simulator.Fixture {
	f := flowFixture(n, faults...)
	for _, flow := range f.Resources["flow"] {
		flow["publishedVersion"] = map[string]any{"id": "2.0"}
	}
	var consumed []simulator.Dependency
	for i := range queues {
		consumed = append(consumed, simulator.Dependency{Type: "QUEUE", ID: fmt.Sprintf("queue-%03d", i), Name: fmt.Sprintf("Queue %d", i)})
	}
	f.Dependencies = map[string][]simulator.Dependency{
		"flow-000": consumed,
		"flow-001": {
			{Type: "SYSTEMPROMPT", ID: "PleaseWait_en-us", Name: "PleaseWait"},
			{Type: "DATAACTION", ID: "action-1", Name: "Lookup"},
		},
	}
	return f
}

// newDependencyEnv is newFlowEnv with the simulator's requests logged.
func newDependencyEnv(t *testing.T, f *simulator.Fixture) (*flowEnv, *simulator.RequestLog) {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{})
	if err != nil {
		t.Fatalf("simulator.New: %v", err)
	}
	if err := sim.SetFlowExportOptions(simulator.FlowExportOptions{}); err != nil {
		t.Fatal(err)
	}
	var log simulator.RequestLog
	server := httptest.NewServer(log.Wrap(sim.Handler()))
	t.Cleanup(server.Close)
	client, err := genesys.NewClient(genesys.Config{ClientID: "id", ClientSecret: "secret", APIBaseURL: server.URL})
	if err != nil {
		t.Fatal(err)
	}
	return &flowEnv{t: t, sim: sim, client: client, acts: &Activities{Client: client}, output: t.TempDir()}, &log
}

// stage writes flow objects of the fixture to the export's staging folder,
// as the flow pages of an export do.
func (e *flowEnv) stage(f *simulator.Fixture, ids ...string) {
	e.t.Helper()
	dir, err := sink.Open(e.output)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, flow := range f.Resources["flow"] {
		id := flow["id"].(string)
		if !slices.Contains(ids, id) {
			continue
		}
		data, _ := json.Marshal(flow)
		if err := dir.WriteObject("export-1", "flow", id, data); err != nil {
			e.t.Fatal(err)
		}
	}
}

// stagedDependencies decodes a flow's staged dependencies file, or returns
// nil when there is none.
func (e *flowEnv) stagedDependencies(id string) *flowDependencies {
	e.t.Helper()
	dir, err := sink.Open(e.output)
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := dir.ReadStagedFlowDependencies("export-1", id)
	if err != nil {
		e.t.Fatal(err)
	}
	if data == nil {
		return nil
	}
	var doc flowDependencies
	if err := json.Unmarshal(data, &doc); err != nil {
		e.t.Fatalf("flow %s: dependencies file: %v", id, err)
	}
	return &doc
}

// consumedRequests returns the query of every consumed-resources request.
func consumedRequests(log *simulator.RequestLog) []url.Values {
	var out []url.Values
	for _, r := range log.Requests() {
		if r.Path == consumedResourcesPath {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q)
		}
	}
	return out
}

func TestExportFlowYAMLWritesDependencies(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	f := dependencyFixture(4, 230)
	// flow-002 was never published, and flow-003 is not staged.
	delete(f.Resources["flow"][2], "publishedVersion")
	f.Resources["flow"][2]["checkedInVersion"] = map[string]any{"id": "1.0"}
	f.Dependencies["flow-002"] = []simulator.Dependency{{Type: "QUEUE", ID: "queue-x", Name: "X"}}
	e, log := newDependencyEnv(t, f)
	e.stage(f, "flow-000", "flow-001", "flow-002")

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(4)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 4 || len(res.Problems) != 0 {
		t.Errorf("written %d with problems %+v, want 4 and none", res.Written, res.Problems)
	}

	requests := consumedRequests(log)
	var got []string
	for _, q := range requests {
		got = append(got, q.Get("id")+"/"+q.Get("pageNumber"))
		if q.Get("version") != "2.0" || q.Get("objectType") != "INBOUNDCALLFLOW" || q.Get("pageSize") != "100" {
			t.Errorf("request %v, want version 2.0, objectType INBOUNDCALLFLOW and pageSize 100", q)
		}
	}
	if want := []string{"flow-000/1", "flow-000/2", "flow-000/3", "flow-001/1"}; !slices.Equal(got, want) {
		t.Errorf("consumed-resources requests %v, want %v", got, want)
	}
	if total := int64(e.sim.TotalRequests()); sumRequests(res.Requests) != total {
		t.Errorf("result counts %d requests %v, the simulator %d", sumRequests(res.Requests), res.Requests, total)
	}

	first := e.stagedDependencies("flow-000")
	if first == nil || len(first.ConsumedResources) != 230 {
		t.Fatalf("flow-000 dependencies %+v, want 230 queues", first)
	}
	if first.Flow != (dependencyTarget{ID: "flow-000", Version: "2.0", ObjectType: "INBOUNDCALLFLOW"}) {
		t.Errorf("flow-000 target %+v", first.Flow)
	}
	for i, d := range first.ConsumedResources {
		if want := fmt.Sprintf("queue-%03d", i); d["id"] != want {
			t.Fatalf("entry %d is %v, want %s: entries are not in id order", i, d, want)
		}
	}
	second := e.stagedDependencies("flow-001")
	if second == nil || len(second.ConsumedResources) != 2 {
		t.Fatalf("flow-001 dependencies %+v, want 2", second)
	}
	if second.ConsumedResources[0]["type"] != "DATAACTION" || second.ConsumedResources[1]["type"] != "SYSTEMPROMPT" {
		t.Errorf("flow-001 entries %v, want the data action before the system prompt", second.ConsumedResources)
	}
	for _, id := range []string{"flow-002", "flow-003"} {
		if doc := e.stagedDependencies(id); doc != nil {
			t.Errorf("%s has a dependencies file %+v, want none", id, doc)
		}
	}
}

func TestExportFlowYAMLDependenciesForbidden(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	f := dependencyFixture(3, 2, simulator.Fault{Type: simulator.DependencyFaultType, Status: 403,
		Permission: dependencyTrackingPermission})
	e, log := newDependencyEnv(t, f)
	e.stage(f, flowIDs(3)...)

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(3)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 3 {
		t.Errorf("written %d, want the YAML of all 3 flows", res.Written)
	}
	for i, id := range flowIDs(3) {
		if got := e.staged(id); got != expectedYAML(i) {
			t.Errorf("flow %s YAML:\n%s\nwant:\n%s", id, got, expectedYAML(i))
		}
	}
	if len(res.Problems) != 1 {
		t.Fatalf("problems %+v, want one", res.Problems)
	}
	p := res.Problems[0]
	if p.Kind != export.ProblemForbidden || p.Type != flowDependenciesProblemType || p.ID != "" {
		t.Errorf("problem %+v, want one forbidden %s problem naming no flow", p, flowDependenciesProblemType)
	}
	if !strings.Contains(p.Message, dependencyTrackingPermission) {
		t.Errorf("problem message %q does not name the permission", p.Message)
	}
	if n := len(consumedRequests(log)); n != 1 {
		t.Errorf("%d consumed-resources requests, want 1: a 403 ends the reading", n)
	}
	if res.Requests[403] != 1 {
		t.Errorf("requests %v, want one 403", res.Requests)
	}
}

func TestExportFlowYAMLDependenciesResume(t *testing.T) {
	f := dependencyFixture(2, 3)
	e, log := newDependencyEnv(t, f)
	e.stage(f, flowIDs(2)...)

	// An earlier attempt wrote the YAML of both flows and the dependencies
	// of flow-000, then died.
	state := &flowExportState{Done: flowIDs(2), DepsDone: []string{"flow-000"}, Jobs: 1,
		Requests: map[int]int64{200: 5}}
	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(2)}, state)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	requests := consumedRequests(log)
	if len(requests) != 1 || requests[0].Get("id") != "flow-001" {
		t.Errorf("consumed-resources requests %v, want only flow-001's", requests)
	}
	if len(e.sim.FlowExportJobIDs()) != 0 {
		t.Errorf("the resumed attempt registered %d export jobs, want none", len(e.sim.FlowExportJobIDs()))
	}
	if res.Requests[200] != 5+int64(e.sim.TotalRequests()) {
		t.Errorf("requests %v, want the earlier 5 and this attempt's %d", res.Requests, e.sim.TotalRequests())
	}
	if e.stagedDependencies("flow-001") == nil {
		t.Error("flow-001 has no dependencies file")
	}
}

func TestExportFlowYAMLDependencyProblems(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	f := dependencyFixture(3, 2,
		simulator.Fault{Type: simulator.DependencyFaultType, ID: "flow-001", Status: 404},
		simulator.Fault{Type: simulator.DependencyFaultType, ID: "flow-002", Status: 503},
	)
	e, _ := newDependencyEnv(t, f)
	e.stage(f, flowIDs(3)...)

	// The last attempt records the 503 as a problem instead of failing.
	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(3), MaxAttempts: 1}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 3 {
		t.Errorf("written %d, want 3", res.Written)
	}
	kinds := map[string]string{}
	for _, p := range res.Problems {
		if p.Type != flowDependenciesProblemType {
			t.Errorf("problem %+v is not of type %s", p, flowDependenciesProblemType)
		}
		kinds[p.ID] = p.Kind
	}
	want := map[string]string{"flow-001": export.ProblemGone, "flow-002": export.ProblemFailed}
	if len(kinds) != len(want) || kinds["flow-001"] != want["flow-001"] || kinds["flow-002"] != want["flow-002"] {
		t.Errorf("problems by flow %v, want %v", kinds, want)
	}
	if e.stagedDependencies("flow-000") == nil {
		t.Error("flow-000 has no dependencies file")
	}
}

func TestDependencyCatalogTypesExist(t *testing.T) {
	c := catalog.Default()
	for depType, typ := range dependencyCatalogTypes {
		if _, ok := c.Type(typ); !ok {
			t.Errorf("%s maps to %s, which is not a catalogue type", depType, typ)
		}
		if depType != strings.ToUpper(depType) {
			t.Errorf("%s is not a dependency type name", depType)
		}
	}
	for flowType, objectType := range flowObjectTypes {
		if dependencyCatalogTypes[objectType] != "flow" {
			t.Errorf("flows of type %s are read as %s, which does not map to flow", flowType, objectType)
		}
	}
}

func TestDependencyCatalogTypesMapping(t *testing.T) {
	tests := []struct{ depType, want string }{
		{"QUEUE", "routing_queue"},
		{"DATAACTION", "integration_action"},
		{"DATATABLE", "architect_datatable"},
		{"USERPROMPT", "architect_user_prompt"},
		{"SCHEDULEGROUP", "architect_schedulegroups"},
		{"SCHEDULE", "architect_schedules"},
		{"INBOUNDCALLFLOW", "flow"},
		{"INQUEUECALLFLOW", "flow"},
		{"COMMONMODULEFLOW", "flow"},
		{"WORKFLOW", "flow"},
		{"ACDSKILL", "routing_skill"},
		{"ACDLANGUAGE", "routing_language"},
		{"ACDWRAPUPCODE", "routing_wrapupcode"},
		{"USER", "user"},
		{"GROUP", "group"},
		{"EMERGENCYGROUP", "architect_emergencygroup"},
		{"IVRCONFIGURATION", "architect_ivr"},
		{"COMPOSERSCRIPT", "script"},
		{"SYSTEMPROMPT", ""},
		{"DIVISION", ""},
		{"FLOWOUTCOME", ""},
	}
	for _, tt := range tests {
		if got := dependencyCatalogTypes[tt.depType]; got != tt.want {
			t.Errorf("%s maps to %q, want %q", tt.depType, got, tt.want)
		}
	}
}

// publishedBackup writes raw objects and flow dependencies files as a
// published backup and returns its folder.
func publishedBackup(t *testing.T, objects map[string][]map[string]any, deps map[string]flowDependencies) *sink.Dir {
	t.Helper()
	dir, err := sink.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for typ, list := range objects {
		for _, obj := range list {
			data, _ := json.Marshal(obj)
			if err := dir.WriteObject("export-1", typ, obj["id"].(string), data); err != nil {
				t.Fatal(err)
			}
		}
	}
	for id, doc := range deps {
		data, _ := json.Marshal(doc)
		if err := dir.WriteFlowDependencies("export-1", id, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := dir.Publish("export-1", "run-1"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func consumed(entries ...string) []map[string]any {
	var out []map[string]any
	for _, e := range entries {
		typ, id, _ := strings.Cut(e, "/")
		out = append(out, map[string]any{"type": typ, "id": id, "name": id})
	}
	return out
}

func TestPublishedSourceFlowDependencies(t *testing.T) {
	dir := publishedBackup(t, map[string][]map[string]any{
		"flow": {{"id": "flow-a", "name": "A", "type": "INBOUNDCALL"}},
	}, map[string]flowDependencies{
		"flow-a": {ConsumedResources: consumed("QUEUE/q-1", "SYSTEMPROMPT/p", "INQUEUECALLFLOW/flow-b",
			"FLOWOUTCOME/o", "SYSTEMPROMPT/p2")},
	})
	src := publishedSource{dir: dir, cat: catalog.Default(), unmapped: map[string]int{}}
	refs, err := src.Dependencies("flow", "flow-a")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range refs {
		got = append(got, r.To+"/"+r.ID)
	}
	if want := []string{"routing_queue/q-1", "flow/flow-b"}; !slices.Equal(got, want) {
		t.Errorf("references %v, want %v", got, want)
	}
	if u := src.UnmappedDependencies(); len(u) != 2 || u["SYSTEMPROMPT"] != 2 || u["FLOWOUTCOME"] != 1 {
		t.Errorf("unmapped %v, want 2 SYSTEMPROMPT and 1 FLOWOUTCOME", u)
	}
	if refs, err := src.Dependencies("flow", "flow-without-file"); err != nil || refs != nil {
		t.Errorf("a flow without a file: %v, %v, want no references", refs, err)
	}
}

// TestFlowDependsOnInTerraform writes the Terraform of two flows that call
// each other, a system flow and a queue, and a missing queue.
func TestFlowDependsOnInTerraform(t *testing.T) {
	flow := func(id, name, typ string, system bool) map[string]any {
		return map[string]any{"id": id, "name": name, "type": typ, "system": system,
			"division": map[string]any{"id": "div-1"}}
	}
	dir := publishedBackup(t, map[string][]map[string]any{
		"flow": {
			flow("flow-a", "Alpha", "INBOUNDCALL", false),
			flow("flow-b", "Beta", "INBOUNDCALL", false),
			flow("flow-s", "Default In-Queue Flow", "INQUEUECALL", true),
		},
		"routing_queue": {{"id": "q-1", "name": "Support"}},
		"auth_division": {{"id": "div-1", "name": "Home", "homeDivision": true}},
	}, map[string]flowDependencies{
		"flow-a": {ConsumedResources: consumed("INBOUNDCALLFLOW/flow-b", "QUEUE/q-1", "INQUEUECALLFLOW/flow-s",
			"QUEUE/q-gone", "SYSTEMPROMPT/p")},
		"flow-b": {ConsumedResources: consumed("INBOUNDCALLFLOW/flow-a", "QUEUE/q-1")},
	})
	// The flows' YAML is not part of this test: the files are referenced
	// by path only.
	if err := os.MkdirAll(filepath.Join(dir.Root(), "flows"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := dir.ResetTerraform(); err != nil {
		t.Fatal(err)
	}
	src := publishedSource{dir: dir, cat: catalog.Default(), unmapped: map[string]int{}}
	rep, err := terraform.Write(catalog.Default(), src, terraform.Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}

	files := map[string][]byte{}
	for _, name := range rep.Files {
		data, err := os.ReadFile(filepath.Join(dir.Root(), "terraform", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	if err := terraform.Check(files); err != nil {
		t.Errorf("terraform check: %v", err)
	}

	var flowCycles []terraform.Cycle
	for _, c := range rep.Cycles {
		if c.Broken.From.Type == "flow" && c.Broken.To.Type == "flow" {
			flowCycles = append(flowCycles, c)
		}
	}
	if len(flowCycles) != 1 {
		t.Fatalf("cycles %+v, want one between the two flows", rep.Cycles)
	}
	broken := flowCycles[0].Broken
	if broken.Attr != "depends_on" || broken.From.ID != "flow-b" || broken.To.ID != "flow-a" {
		t.Errorf("broken edge %+v, want Beta's depends_on Alpha, the edge that sorts last", broken)
	}

	var doc struct {
		Resource map[string]map[string]map[string]any `json:"resource"`
	}
	if err := json.Unmarshal(files["flow.tf.json"], &doc); err != nil {
		t.Fatalf("flow.tf.json: %v", err)
	}
	dependsOn := func(label string) []string {
		var out []string
		list, _ := doc.Resource["genesyscloud_flow"][label]["depends_on"].([]any)
		for _, v := range list {
			out = append(out, v.(string))
		}
		return out
	}
	wantA := []string{"data.genesyscloud_flow.INQUEUECALL_Default_In-Queue_Flow", "genesyscloud_flow.INBOUNDCALL_Beta",
		"genesyscloud_routing_queue.Support"}
	if got := dependsOn("INBOUNDCALL_Alpha"); !slices.Equal(got, wantA) {
		t.Errorf("Alpha depends_on %v, want %v", got, wantA)
	}
	if got := dependsOn("INBOUNDCALL_Beta"); !slices.Equal(got, []string{"genesyscloud_routing_queue.Support"}) {
		t.Errorf("Beta depends_on %v, want only the queue once its edge to Alpha is broken", got)
	}

	var missing []terraform.Dangling
	for _, d := range rep.Dangling {
		if d.Attr == "depends_on" {
			missing = append(missing, d)
		}
	}
	if len(missing) != 1 || missing[0].To.ID != "q-gone" || missing[0].Reason != terraform.ReasonMissing || !missing[0].Omitted {
		t.Errorf("dangling depends_on %+v, want the missing queue q-gone, omitted", missing)
	}
	if rep.UnmappedDependencies["SYSTEMPROMPT"] != 1 || len(rep.UnmappedDependencies) != 1 {
		t.Errorf("unmapped dependencies %v, want one SYSTEMPROMPT", rep.UnmappedDependencies)
	}
}
