package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/sink"
)

// flowFixture is an org with n inbound-call flows "flow-000".. named
// "Flow 0"...
func flowFixture(n int, faults ...simulator.Fault) *simulator.Fixture {
	flows := make([]map[string]any, n)
	for i := range flows {
		flows[i] = map[string]any{
			"id":          fmt.Sprintf("flow-%03d", i),
			"name":        fmt.Sprintf("Flow %d", i),
			"description": fmt.Sprintf("Inbound flow %d", i),
			"type":        "INBOUNDCALL",
			"division":    map[string]any{"id": "div-1", "name": "Home"},
		}
	}
	return &simulator.Fixture{
		Org:       simulator.Org{ID: "org-1", Name: "Flow Org", Region: "mypurecloud.com"},
		Resources: map[string][]map[string]any{"flow": flows},
		Faults:    faults,
	}
}

// expectedYAML is the simulator's export document of flow i of flowFixture.
func expectedYAML(i int) string {
	return fmt.Sprintf("inboundCall:\n  name: Flow %d\n  description: Inbound flow %d\n  division: Home\n"+
		"  defaultLanguage: en-us\n", i, i)
}

func flowIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("flow-%03d", i)
	}
	return ids
}

// flowEnv is a simulator on 127.0.0.1 and Activities whose client uses it.
type flowEnv struct {
	t      *testing.T
	sim    *simulator.Server
	client *genesys.Client
	acts   *Activities
	output string
}

func newFlowEnv(t *testing.T, f *simulator.Fixture, opts simulator.FlowExportOptions) *flowEnv {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{})
	if err != nil {
		t.Fatalf("simulator.New: %v", err)
	}
	if err := sim.SetFlowExportOptions(opts); err != nil {
		t.Fatalf("SetFlowExportOptions: %v", err)
	}
	baseURL, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { sim.Close() })
	client, err := genesys.NewClient(genesys.Config{ClientID: "id", ClientSecret: "secret", APIBaseURL: baseURL})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return &flowEnv{t: t, sim: sim, client: client, acts: &Activities{Client: client}, output: t.TempDir()}
}

// run executes ExportFlowYAML in the SDK's activity test environment, with
// heartbeat details from an earlier attempt when state is not nil.
func (e *flowEnv) run(in export.FlowYAMLInput, state *flowExportState) (*export.FlowYAMLResult, error) {
	e.t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(e.acts.ExportFlowYAML)
	if state != nil {
		env.SetHeartbeatDetails(*state)
	}
	if in.ExportID == "" {
		in.ExportID = "export-1"
	}
	if in.Output == "" {
		in.Output = e.output
	}
	value, err := env.ExecuteActivity(e.acts.ExportFlowYAML, in)
	if err != nil {
		return nil, err
	}
	var res export.FlowYAMLResult
	if err := value.Get(&res); err != nil {
		e.t.Fatalf("decode result: %v", err)
	}
	return &res, nil
}

// staged returns the YAML text written for a flow.
func (e *flowEnv) staged(id string) string {
	e.t.Helper()
	dir, err := sink.Open(e.output)
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := dir.ReadStagedFlowYAML("export-1", id)
	if err != nil {
		e.t.Fatalf("flow %s: %v", id, err)
	}
	return string(data)
}

// jobPolls returns the simulator's poll times of the only job registered.
func (e *flowEnv) jobPolls() []time.Time {
	e.t.Helper()
	ids := e.sim.FlowExportJobIDs()
	if len(ids) != 1 {
		e.t.Fatalf("the simulator registered %d jobs, want 1", len(ids))
	}
	return e.sim.FlowExportPolls(ids[0])
}

// setPollDelays shortens the poll backoff for one test.
func setPollDelays(t *testing.T, initial, maximum time.Duration) {
	oldInitial, oldMax := flowPollInitial, flowPollMax
	flowPollInitial, flowPollMax = initial, maximum
	t.Cleanup(func() { flowPollInitial, flowPollMax = oldInitial, oldMax })
}

func sumRequests(requests map[int]int64) int64 {
	var n int64
	for _, v := range requests {
		n += v
	}
	return n
}

func TestExportFlowYAMLWritesEveryFlow(t *testing.T) {
	setPollDelays(t, 50*time.Millisecond, time.Second)
	e := newFlowEnv(t, flowFixture(3), simulator.FlowExportOptions{StartedPolls: 1})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: append(flowIDs(3), "flow-001")}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Flows != 3 || res.Written != 3 {
		t.Errorf("flows %d, written %d, want 3 and 3", res.Flows, res.Written)
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems %+v, want none", res.Problems)
	}
	if res.Jobs != 1 || res.Polls != 2 {
		t.Errorf("jobs %d, polls %d, want 1 and 2", res.Jobs, res.Polls)
	}
	for i, id := range flowIDs(3) {
		if got := e.staged(id); got != expectedYAML(i) {
			t.Errorf("flow %s YAML:\n%s\nwant:\n%s", id, got, expectedYAML(i))
		}
	}
	total := int64(e.sim.TotalRequests())
	if got := e.client.Stats().Total; got != total {
		t.Errorf("client counted %d requests, the simulator %d", got, total)
	}
	if got := sumRequests(res.Requests); got != total {
		t.Errorf("result counts %d requests %v, the simulator %d", got, res.Requests, total)
	}
}

func TestExportFlowYAMLBatchesOfMaxFlows(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	n := maxFlowsPerExportJob + 1
	e := newFlowEnv(t, flowFixture(n), simulator.FlowExportOptions{})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(n)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Jobs != 2 {
		t.Errorf("jobs %d, want 2: one of %d flows and one of 1", res.Jobs, maxFlowsPerExportJob)
	}
	if res.Written != n || len(res.Problems) != 0 {
		t.Errorf("written %d with problems %+v, want %d and none", res.Written, res.Problems, n)
	}
	for _, i := range []int{0, 57, n - 1} {
		id := fmt.Sprintf("flow-%03d", i)
		if got := e.staged(id); got != expectedYAML(i) {
			t.Errorf("flow %s YAML:\n%s\nwant:\n%s", id, got, expectedYAML(i))
		}
	}
}

func TestExportFlowYAMLPollBackoffGrows(t *testing.T) {
	const initial = 100 * time.Millisecond
	setPollDelays(t, initial, 10*time.Second)
	e := newFlowEnv(t, flowFixture(1), simulator.FlowExportOptions{StartedPolls: 3})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(1)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 1 {
		t.Errorf("written %d, want 1", res.Written)
	}
	polls := e.jobPolls()
	if len(polls) != 4 {
		t.Fatalf("the simulator saw %d polls, want 4 (3 Started, 1 Success)", len(polls))
	}
	var previous time.Duration
	for i := 1; i < len(polls); i++ {
		gap := polls[i].Sub(polls[i-1])
		want := initial << i
		if gap < want {
			t.Errorf("gap before poll %d is %s, want at least %s", i+1, gap, want)
		}
		if gap <= previous {
			t.Errorf("gap before poll %d is %s, not longer than the previous %s", i+1, gap, previous)
		}
		previous = gap
	}
}

func TestNextPollDelayCapped(t *testing.T) {
	setPollDelays(t, time.Second, 30*time.Second)
	want := []time.Duration{2, 4, 8, 16, 30, 30}
	delay := flowPollInitial
	for i, w := range want {
		delay = nextPollDelay(delay)
		if delay != w*time.Second {
			t.Errorf("delay %d is %s, want %s", i+1, delay, w*time.Second)
		}
	}
}

func TestExportFlowYAMLWaitsRetryAfter(t *testing.T) {
	const retryAfter = time.Second
	// A poll delay of 600 ms distinguishes a wait of Retry-After alone from
	// one of Retry-After plus the backoff.
	setPollDelays(t, 600*time.Millisecond, 10*time.Second)
	e := newFlowEnv(t, flowFixture(1,
		simulator.Fault{Type: "flow", ID: "flow-000", Status: 429, RetryAfter: int(retryAfter / time.Second), Times: 1},
	), simulator.FlowExportOptions{})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(1)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 1 {
		t.Errorf("written %d, want 1", res.Written)
	}
	if res.Requests[429] != 1 {
		t.Errorf("requests %v, want one 429", res.Requests)
	}
	polls := e.jobPolls()
	if len(polls) != 2 {
		t.Fatalf("the simulator saw %d polls, want 2 (429, then Success)", len(polls))
	}
	gap := polls[1].Sub(polls[0])
	if gap < retryAfter {
		t.Errorf("gap between the 429 and the next poll is %s, want at least Retry-After %s", gap, retryAfter)
	}
	if gap >= retryAfter+500*time.Millisecond {
		t.Errorf("gap between the 429 and the next poll is %s, want Retry-After %s without the backoff",
			gap, retryAfter)
	}
}

func TestExportFlowYAMLResumesHeartbeatJob(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	e := newFlowEnv(t, flowFixture(2), simulator.FlowExportOptions{StartedPolls: 1})

	// An earlier attempt registered the job and died while polling it.
	body := map[string]any{"flows": []any{map[string]any{"flow": map[string]any{"id": "flow-001"}, "fileName": "flow-001"}}}
	data, err := e.client.Post(context.Background(), flowExportJobsPath, nil, body)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	var job struct{ ID string }
	if err := json.Unmarshal(data, &job); err != nil || job.ID == "" {
		t.Fatalf("register returned %s", data)
	}
	state := &flowExportState{JobID: job.ID, JobFlows: []string{"flow-001"}, Jobs: 1, Requests: map[int]int64{200: 1}}

	res, err := e.run(export.FlowYAMLInput{FlowIDs: []string{"flow-001"}}, state)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if ids := e.sim.FlowExportJobIDs(); len(ids) != 1 {
		t.Errorf("the simulator has %d jobs, want only the earlier attempt's", len(ids))
	}
	if polls := e.sim.FlowExportPolls(job.ID); len(polls) != 2 {
		t.Errorf("the earlier job was polled %d times, want 2", len(polls))
	}
	if res.Jobs != 1 || res.Written != 1 {
		t.Errorf("jobs %d, written %d, want 1 and 1", res.Jobs, res.Written)
	}
	if res.Requests[200] != 4 {
		t.Errorf("requests %v, want 4 with status 200 over both attempts", res.Requests)
	}
	if got := e.staged("flow-001"); got != expectedYAML(1) {
		t.Errorf("flow-001 YAML:\n%s\nwant:\n%s", got, expectedYAML(1))
	}
}

func TestExportFlowYAMLLostJobRegisteredAgain(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	e := newFlowEnv(t, flowFixture(1), simulator.FlowExportOptions{})

	// The heartbeat names a job that the API no longer has.
	state := &flowExportState{JobID: "expired-job", JobFlows: []string{"flow-000"}, Jobs: 1}
	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(1)}, state)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 1 || len(res.Problems) != 0 {
		t.Errorf("written %d with problems %+v, want 1 and none", res.Written, res.Problems)
	}
	if res.Jobs != 2 {
		t.Errorf("jobs %d, want 2: the lost one and its replacement", res.Jobs)
	}
	if res.Requests[404] != 1 {
		t.Errorf("requests %v, want one 404 for the lost job", res.Requests)
	}
	if got := e.staged("flow-000"); got != expectedYAML(0) {
		t.Errorf("flow-000 YAML:\n%s\nwant:\n%s", got, expectedYAML(0))
	}
}

func TestExportFlowYAMLFailingFlowIsProblem(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	e := newFlowEnv(t, flowFixture(4), simulator.FlowExportOptions{
		FailingFlows: map[string]string{"flow-001": "Flow 'Flow 1' has validation errors"},
	})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(4)}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 3 {
		t.Errorf("written %d, want 3", res.Written)
	}
	if len(res.Problems) != 1 {
		t.Fatalf("problems %+v, want one", res.Problems)
	}
	p := res.Problems[0]
	if p.Kind != export.ProblemFailed || p.Type != flowYAMLProblemType || p.ID != "flow-001" {
		t.Errorf("problem %+v, want failed flow flow-001", p)
	}
	if !strings.Contains(p.Message, "has validation errors") {
		t.Errorf("problem message %q does not carry the job's message", p.Message)
	}
	// [0 1 2 3] fails, [0 1] fails, then [0], [1] and [2 3] run.
	if res.Jobs != 5 {
		t.Errorf("jobs %d, want 5", res.Jobs)
	}
	for _, i := range []int{0, 2, 3} {
		id := fmt.Sprintf("flow-%03d", i)
		if got := e.staged(id); got != expectedYAML(i) {
			t.Errorf("flow %s YAML:\n%s\nwant:\n%s", id, got, expectedYAML(i))
		}
	}
}

func TestExportFlowYAMLRejectedFlowIsProblem(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	e := newFlowEnv(t, flowFixture(3), simulator.FlowExportOptions{})

	res, err := e.run(export.FlowYAMLInput{FlowIDs: []string{"flow-000", "flow-999", "flow-002"}}, nil)
	if err != nil {
		t.Fatalf("ExportFlowYAML: %v", err)
	}
	if res.Written != 2 {
		t.Errorf("written %d, want 2", res.Written)
	}
	if len(res.Problems) != 1 {
		t.Fatalf("problems %+v, want one", res.Problems)
	}
	p := res.Problems[0]
	if p.Kind != export.ProblemFailed || p.ID != "flow-999" || !strings.Contains(p.Message, "400") {
		t.Errorf("problem %+v, want a failed flow-999 naming the 400", p)
	}
	for _, i := range []int{0, 2} {
		id := fmt.Sprintf("flow-%03d", i)
		if got := e.staged(id); got != expectedYAML(i) {
			t.Errorf("flow %s YAML:\n%s\nwant:\n%s", id, got, expectedYAML(i))
		}
	}
}

func TestExportFlowYAMLLastAttemptRecordsProblems(t *testing.T) {
	setPollDelays(t, 10*time.Millisecond, 100*time.Millisecond)
	unavailable := simulator.Fault{Type: "flow", Status: 503}

	e := newFlowEnv(t, flowFixture(2, unavailable), simulator.FlowExportOptions{})
	_, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(2), MaxAttempts: 3}, nil)
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("attempt 1 of 3: error %v, want an application error", err)
	}
	if appErr.Type() != string(genesys.ClassTransient) || appErr.NonRetryable() {
		t.Errorf("attempt 1 of 3: type %s, non-retryable %v, want a retryable Transient",
			appErr.Type(), appErr.NonRetryable())
	}

	res, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(2), MaxAttempts: 1}, nil)
	if err != nil {
		t.Fatalf("last attempt: %v", err)
	}
	if len(res.Problems) != 2 {
		t.Fatalf("problems %+v, want one per flow", res.Problems)
	}
	for i, p := range res.Problems {
		if p.Kind != export.ProblemFailed || p.ID != flowIDs(2)[i] || !strings.Contains(p.Message, "503") {
			t.Errorf("problem %+v, want a failed flow-%03d naming the 503", p, i)
		}
	}
}

func TestExportFlowYAMLForbiddenFails(t *testing.T) {
	e := newFlowEnv(t, flowFixture(1, simulator.Fault{Type: "flow", Status: 403}), simulator.FlowExportOptions{})
	_, err := e.run(export.FlowYAMLInput{FlowIDs: flowIDs(1), MaxAttempts: 1}, nil)
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("error %v, want an application error", err)
	}
	if appErr.Type() != string(genesys.ClassForbidden) || !appErr.NonRetryable() {
		t.Errorf("type %s, non-retryable %v, want a non-retryable Forbidden", appErr.Type(), appErr.NonRetryable())
	}
}

func TestExportFlowYAMLInvalidInput(t *testing.T) {
	e := newFlowEnv(t, flowFixture(1), simulator.FlowExportOptions{})
	tests := []struct {
		name string
		in   export.FlowYAMLInput
		want string
	}{
		{"empty flow id", export.FlowYAMLInput{FlowIDs: []string{"flow-000", " "}}, "flowIds[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.run(tt.in, nil)
			var appErr *temporal.ApplicationError
			if !errors.As(err, &appErr) {
				t.Fatalf("error %v, want an application error", err)
			}
			if appErr.Type() != string(genesys.ClassInvalid) || !appErr.NonRetryable() {
				t.Errorf("type %s, non-retryable %v, want a non-retryable Invalid", appErr.Type(), appErr.NonRetryable())
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestExportFlowYAMLNoOutput(t *testing.T) {
	acts := &Activities{}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(acts.ExportFlowYAML)
	_, err := env.ExecuteActivity(acts.ExportFlowYAML, export.FlowYAMLInput{ExportID: "x", FlowIDs: []string{"f"}})
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.Type() != string(genesys.ClassInvalid) || !appErr.NonRetryable() {
		t.Errorf("error %v, want a non-retryable Invalid", err)
	}
}
