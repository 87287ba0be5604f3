package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/workflows"
)

// millionOrg gives the object counts of a 1,000,000-object org: users,
// external contacts, data table rows and queue members in the hundreds of
// thousands, as in a large contact centre, and the rest spread over every
// other type.
func millionOrg(cat *catalog.Catalog) map[string]int {
	counts := map[string]int{
		"user":                            330_000,
		"externalcontacts_contact":        250_000,
		"architect_datatable_row":         250_000,
		"routing_queue_member":            80_000,
		"routing_wrapupcode":              55_000,
		"telephony_providers_edges_phone": 15_000,
		"group":                           5_000,
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	rest := []string{}
	for _, name := range cat.Names() {
		if _, ok := counts[name]; !ok {
			rest = append(rest, name)
		}
	}
	for i, name := range rest {
		counts[name] = (1_000_000 - total) / len(rest)
		if i == 0 {
			counts[name] += (1_000_000 - total) % len(rest)
		}
	}
	return counts
}

// fakeExport stands in for the activities: it answers from object counts
// at once, without an API or a disk, so that a plan for a million objects
// runs through the real workflows on the real server in seconds.
type fakeExport struct {
	cat    *catalog.Catalog
	counts map[string]int
}

func (f *fakeExport) pageSize(typ string) int {
	t, _ := f.cat.Type(typ)
	return max(t.PageSize, 1)
}

func (f *fakeExport) Plan(ctx context.Context, in export.PlanInput) (*export.Plan, error) {
	plan := &export.Plan{Org: export.Org{ID: "org-1m", Name: "A million objects", Region: "mypurecloud.com"},
		Output: "/nowhere", Requests: map[int]int64{200: 1}}
	for _, layer := range f.cat.Layers(f.cat.Names()) {
		var l export.Layer
		for _, name := range layer {
			t, _ := f.cat.Type(name)
			tp := export.TypePlan{Name: name, Paging: string(t.Paging), Parent: t.Parent, Singleton: t.Singleton}
			// One partition per type: the counts are per type.
			tp.Partitions = []string{t.PartitionsOf()[0].Name}
			l.Types = append(l.Types, tp)
		}
		plan.Layers = append(plan.Layers, l)
	}
	return plan, nil
}

func (f *fakeExport) ExportPage(ctx context.Context, in export.PageInput) (*export.PageResult, error) {
	n, size := f.counts[in.Type], f.pageSize(in.Type)
	pages := max((n+size-1)/size, 1)
	objects := min(size, n-(in.Page-1)*size)
	res := &export.PageResult{Type: in.Type, Partition: in.Partition, Page: in.Page, Pages: 1,
		Objects: objects, Listed: objects, Requests: map[int]int64{200: 1}}
	if in.Page == 1 {
		res.PageCount, res.Total = pages, int64(n)
	}
	return res, nil
}

// ExportCursor serves cursor and parent-listed types: one activity lists
// them whole, heartbeating its cursor, so its history cost is constant.
func (f *fakeExport) ExportCursor(ctx context.Context, in export.PageInput) (*export.PageResult, error) {
	n, size := f.counts[in.Type], f.pageSize(in.Type)
	pages := max((n+size-1)/size, 1)
	return &export.PageResult{Type: in.Type, Partition: in.Partition, Pages: pages,
		Objects: n, Listed: n, Requests: map[int]int64{200: int64(pages)}}, nil
}

func (f *fakeExport) WriteManifest(ctx context.Context, in export.ManifestInput) (*export.Summary, error) {
	total := 0
	for _, n := range in.Objects {
		total += n
	}
	if total != 1_000_000 {
		return nil, fmt.Errorf("the manifest counts %d objects, want 1,000,000", total)
	}
	return &export.Summary{Status: export.StatusComplete, Org: in.Org, WorkflowID: in.WorkflowID, RunID: in.RunID}, nil
}

// TestMillionObjectPlanHistoriesStayBounded runs the real workflows on a
// plan for a 1,000,000-object org and reads back every execution they
// made: the parent, each ExportPages child, and each run a child continued
// as new into. None holds 10,000 events or more.
func TestMillionObjectPlanHistoriesStayBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs some 1,000 activities")
	}
	cat := catalog.Default()
	fake := &fakeExport{cat: cat, counts: millionOrg(cat)}
	c := server.GetDefaultClient()
	queue := "e2e-million"
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(workflows.ExportOrg, workflow.RegisterOptions{Name: export.WorkflowName})
	w.RegisterWorkflowWithOptions(workflows.ExportPages, workflow.RegisterOptions{Name: export.PagesWorkflowName})
	w.RegisterActivityWithOptions(fake.Plan, activity.RegisterOptions{Name: export.PlanActivity})
	w.RegisterActivityWithOptions(fake.ExportPage, activity.RegisterOptions{Name: export.ExportPageActivity})
	w.RegisterActivityWithOptions(fake.ExportCursor, activity.RegisterOptions{Name: export.ExportCursorActivity})
	w.RegisterActivityWithOptions(fake.ExportCursor, activity.RegisterOptions{Name: export.ExportChildrenActivity})
	w.RegisterActivityWithOptions(fake.WriteManifest, activity.RegisterOptions{Name: export.ManifestActivity})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "e2e-million", TaskQueue: queue},
		export.WorkflowName, export.Request{SkipFlowYAML: true, MaxParallelPages: 16, MaxParallelTypes: 8})
	if err != nil {
		t.Fatal(err)
	}
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		t.Fatalf("export failed: %v", err)
	}

	type execution struct{ id, runID string }
	queueOf := []execution{{"e2e-million", run.GetRunID()}}
	largest, runs, continued := 0, 0, 0
	for len(queueOf) > 0 {
		e := queueOf[0]
		queueOf = queueOf[1:]
		runs++
		events := 0
		iter := c.GetWorkflowHistory(ctx, e.id, e.runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for iter.HasNext() {
			event, err := iter.Next()
			if err != nil {
				t.Fatal(err)
			}
			events++
			if a := event.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
				queueOf = append(queueOf, execution{a.WorkflowExecution.WorkflowId, a.WorkflowExecution.RunId})
			}
			if a := event.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				continued++
				queueOf = append(queueOf, execution{e.id, a.NewExecutionRunId})
			}
		}
		if events >= 10_000 {
			t.Errorf("%s run %s has %d events, want fewer than 10,000", e.id, e.runID, events)
		}
		largest = max(largest, events)
	}
	t.Logf("%d executions, largest history %d events, %d continued as new", runs, largest, continued)
	if runs < 3 || continued == 0 {
		t.Errorf("%d executions and %d continue-as-new: the plan should need child workflows and continue-as-new", runs, continued)
	}
}
