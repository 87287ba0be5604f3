package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"log/slog"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/export"
)

// fakeActivities stand in for the real ones so the workflow's own logic
// (ordering, fan-out, failure isolation) can be checked in milliseconds.
// The end-to-end tests run the real activities on a real server.
type fakeActivities struct {
	mu        sync.Mutex
	plan      export.Plan
	pageCount map[string]int
	failType  map[string]error
	order     []string
	manifest  export.ManifestInput
}

func (f *fakeActivities) Plan(_ context.Context, _ export.PlanInput) (*export.Plan, error) {
	return &f.plan, nil
}

func (f *fakeActivities) ExportPage(_ context.Context, in export.PageInput) (*export.PageResult, error) {
	f.mu.Lock()
	f.order = append(f.order, in.Type)
	f.mu.Unlock()
	if err := f.failType[in.Type]; err != nil {
		return nil, err
	}
	return &export.PageResult{
		Type: in.Type, Partition: in.Partition, Page: in.Page, PageCount: f.pageCount[in.Type],
		Pages: 1, Objects: 10, Requests: map[int]int64{200: 1},
	}, nil
}

func (f *fakeActivities) WriteManifest(_ context.Context, in export.ManifestInput) (*export.Summary, error) {
	f.manifest = in
	return &export.Summary{Status: export.StatusComplete, WorkflowID: in.ExportID}, nil
}

func newEnv(t *testing.T, f *fakeActivities) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(ExportOrg, workflow.RegisterOptions{Name: export.WorkflowName})
	env.RegisterActivityWithOptions(f.Plan, activity.RegisterOptions{Name: export.PlanActivity})
	env.RegisterActivityWithOptions(f.ExportPage, activity.RegisterOptions{Name: export.ExportPageActivity})
	env.RegisterActivityWithOptions(f.WriteManifest, activity.RegisterOptions{Name: export.ManifestActivity})
	return env
}

func twoLayerPlan() export.Plan {
	tp := func(name string, parts ...string) export.TypePlan {
		if len(parts) == 0 {
			parts = []string{"all"}
		}
		return export.TypePlan{Name: name, Paging: "pageNumber", Partitions: parts}
	}
	return export.Plan{
		Org:    export.Org{ID: "org-1"},
		Output: "/backup",
		Layers: []export.Layer{
			{Types: []export.TypePlan{tp("auth_division"), tp("routing_skill")}},
			{Types: []export.TypePlan{tp("user", "active", "inactive")}},
		},
	}
}

func TestExportRunsLayersInOrder(t *testing.T) {
	f := &fakeActivities{plan: twoLayerPlan(), pageCount: map[string]int{"auth_division": 3}}
	env := newEnv(t, f)
	env.ExecuteWorkflow(export.WorkflowName, export.Request{})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	// Every first-layer page must come before the first user page.
	lastFirstLayer, firstUser := -1, len(f.order)
	for i, typ := range f.order {
		if typ == "user" {
			firstUser = min(firstUser, i)
		} else {
			lastFirstLayer = i
		}
	}
	if lastFirstLayer > firstUser {
		t.Errorf("a layer-1 page ran after a user page: %v", f.order)
	}
	if got := f.manifest.Objects["auth_division"]; got != 30 {
		t.Errorf("auth_division objects = %d, want 30 (3 pages of 10)", got)
	}
	if got := f.manifest.Objects["user"]; got != 20 {
		t.Errorf("user objects = %d, want 20 (2 partitions of 10)", got)
	}
	if got := f.manifest.Requests[200]; got != 6 {
		t.Errorf("requests with status 200 = %d, want 6", got)
	}
}

func TestExportIsolatesFailingType(t *testing.T) {
	f := &fakeActivities{
		plan: twoLayerPlan(),
		failType: map[string]error{
			"routing_skill": temporal.NewNonRetryableApplicationError("403 missing.permissions", "Forbidden", nil),
			"auth_division": temporal.NewNonRetryableApplicationError("bad answer", "Invalid", nil),
		},
	}
	env := newEnv(t, f)
	env.ExecuteWorkflow(export.WorkflowName, export.Request{})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	kinds := map[string]string{}
	for _, p := range f.manifest.Problems {
		kinds[p.Type] = p.Kind
	}
	if kinds["routing_skill"] != export.ProblemForbidden {
		t.Errorf("routing_skill problem = %q, want forbidden", kinds["routing_skill"])
	}
	if kinds["auth_division"] != export.ProblemFailed {
		t.Errorf("auth_division problem = %q, want failed", kinds["auth_division"])
	}
	if f.manifest.Objects["user"] != 20 {
		t.Errorf("user objects = %d, want 20: a failing type must not stop the next layer", f.manifest.Objects["user"])
	}
	if strings.Join(f.manifest.Incomplete, ",") != "auth_division,routing_skill" {
		t.Errorf("incomplete = %v", f.manifest.Incomplete)
	}
}

func TestExportRejectsBadRequest(t *testing.T) {
	cases := []struct {
		json string
		want string
	}{
		{`{"inclde":["user"]}`, `unknown field "inclde"`},
		{`{"include":"user"}`, `field "include" must be a JSON array of strings`},
		{`{"maxParallelPages":-1}`, "maxParallelPages is -1"},
		{`{"divisions":"d1"}`, `field "divisions" must be a JSON array of strings`},
	}
	for _, tc := range cases {
		f := &fakeActivities{plan: twoLayerPlan()}
		env := newEnv(t, f)
		// The raw JSON is the payload, as the Temporal UI sends it.
		env.ExecuteWorkflow(export.WorkflowName, json.RawMessage(tc.json))
		err := env.GetWorkflowError()
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			t.Errorf("%s: workflow error = %v, want an application error", tc.json, err)
			continue
		}
		if !appErr.NonRetryable() || !strings.Contains(appErr.Error(), tc.want) {
			t.Errorf("%s: error = %v (non-retryable %v), want it to contain %q", tc.json, appErr, appErr.NonRetryable(), tc.want)
		}
		if len(f.order) > 0 {
			t.Errorf("%s: pages ran for a bad request: %v", tc.json, f.order)
		}
	}
}

func TestProgressQuery(t *testing.T) {
	f := &fakeActivities{plan: twoLayerPlan()}
	env := newEnv(t, f)
	env.ExecuteWorkflow(export.WorkflowName, export.Request{})
	value, err := env.QueryWorkflow(export.ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var pr export.Progress
	if err := value.Get(&pr); err != nil {
		t.Fatal(err)
	}
	if pr.Phase != export.PhaseDone || pr.Layers != 2 || len(pr.Types) != 3 {
		t.Fatalf("progress = %+v", pr)
	}
	for _, tp := range pr.Types {
		if tp.State != export.StateDone {
			t.Errorf("%s state = %s, want done", tp.Name, tp.State)
		}
	}
}
