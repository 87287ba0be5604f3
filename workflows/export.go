// Package workflows holds the ExportOrg workflow. It is deterministic code:
// no I/O, no wall clock, no map iteration without sorting. Everything that
// touches the API or the disk runs in activities, which it calls by their
// registered names.
package workflows

import (
	"errors"
	"fmt"
	"sort"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/export"
)

// Change ids of workflow.GetVersion, one per change to the workflow's
// commands, so that exports running when a worker is upgraded replay the
// code path they started on.
const (
	changeFlowYAML = "flow-yaml"
	// changeLockSweep adds the lock sweep and runs the closure before
	// flow YAML.
	changeLockSweep = "lock-sweep"
	// changeChildPages runs the pages of partitions with many pages in
	// ExportPages child workflows.
	changeChildPages = "child-pages"
	// changeSearchAttributes upserts the org, region and status search
	// attributes, and gives activities and children summaries.
	changeSearchAttributes = "search-attributes"
)

// ExportOrg exports the org that the worker's credentials reach, as the
// request selects, into the worker's backup folder, and returns the summary
// that the manifest also records.
func ExportOrg(ctx workflow.Context, req export.Request) (*export.Summary, error) {
	attrs := newSearchAttributes(ctx)
	summary, err := exportOrg(ctx, req, attrs)
	if err != nil {
		attrs.set(ctx, export.SearchAttributeStatus.ValueSet(export.SearchStatusFailed))
		return nil, err
	}
	attrs.set(ctx, export.SearchAttributeStatus.ValueSet(summary.Status))
	return summary, nil
}

func exportOrg(ctx workflow.Context, req export.Request, attrs *searchAttributes) (*export.Summary, error) {
	if err := req.Validate(); err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), "Invalid", nil)
	}
	info := workflow.GetInfo(ctx)
	run := &exportRun{
		req: req,
		// Objects are staged per run: two runs of one workflow id, on two
		// servers or one after the other, never write into each other.
		exportID:  info.WorkflowExecution.ID + "@" + info.WorkflowExecution.RunID,
		progress:  newProgress(),
		requests:  map[int]int64{},
		objects:   map[string]int{},
		listed:    map[string]int{},
		divisions: map[string]bool{},
		summaries: attrs.version >= 1,
	}
	if err := workflow.SetQueryHandler(ctx, export.ProgressQuery, run.progress.snapshot); err != nil {
		return nil, err
	}
	startedAt := workflow.Now(ctx)

	var plan export.Plan
	planCtx := workflow.WithActivityOptions(ctx, run.summarized(shortOptions(), "plan the export"))
	err := workflow.ExecuteActivity(planCtx, export.PlanActivity, export.PlanInput{Request: req}).Get(ctx, &plan)
	if err != nil {
		return nil, rootFailure("plan the export", err)
	}
	run.plan = plan
	attrs.set(ctx, export.SearchAttributeOrgID.ValueSet(plan.Org.ID), export.SearchAttributeRegion.ValueSet(plan.Org.Region))
	addRequests(run.requests, plan.Requests)
	run.progress.start(&plan)
	run.childPages = workflow.GetVersion(ctx, changeChildPages, workflow.DefaultVersion, 1) >= 1
	progressSignals := workflow.GetSignalChannel(ctx, export.PageProgressSignal)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var p export.PageProgress
			if !progressSignals.Receive(ctx, &p) {
				return
			}
			run.progress.addBatch(p)
		}
	})
	workflow.GetLogger(ctx).Info("export planned", "org", plan.Org.ID, "layers", len(plan.Layers), "output", plan.Output)

	for i, layer := range plan.Layers {
		run.progress.setLayer(i)
		run.exportLayer(ctx, layer)
	}

	var flowYAML *export.FlowYAMLResult
	layers := plan.LayerNames()
	// Exports started before the lock sweep existed replay the older
	// order: flow YAML, then the closure.
	if workflow.GetVersion(ctx, changeLockSweep, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		// Exports started before the flow YAML step existed replay without it.
		flowYAMLVersion := workflow.GetVersion(ctx, changeFlowYAML, workflow.DefaultVersion, 1)
		if flowYAMLVersion >= 1 && !req.SkipFlowYAML && run.planned("flow") {
			flowYAML = run.exportFlowYAML(ctx)
		}
		if req.WithDependencies {
			if closed, ok := run.closeDependencies(ctx, 0, run.plannedTypes()); ok {
				layers = closed
			}
		}
	} else {
		// The closure comes before the sweep, so that the objects it
		// found locked are swept too, and a second round follows the
		// references of the objects the sweep added. Flow YAML comes last,
		// so that flows the closure added have theirs.
		if req.WithDependencies {
			if closed, ok := run.closeDependencies(ctx, 0, run.plannedTypes()); ok {
				layers = closed
			}
		}
		if run.sweepLocks(ctx) > 0 && req.WithDependencies {
			if closed, ok := run.closeDependencies(ctx, 1, run.exportedTypes()); ok {
				layers = closed
			}
		}
		if !req.SkipFlowYAML && (run.planned("flow") || run.objects["flow"] > 0) {
			flowYAML = run.exportFlowYAML(ctx)
		}
	}

	run.progress.setPhase(export.PhaseManifest)
	var summary export.Summary
	manifestCtx := workflow.WithActivityOptions(ctx, run.summarized(shortOptions(), "publish the backup and write the manifest"))
	err = workflow.ExecuteActivity(manifestCtx, export.ManifestActivity, export.ManifestInput{
		ExportID:         run.exportID,
		WorkflowID:       info.WorkflowExecution.ID,
		Filters:          export.FiltersOf(req),
		WithDependencies: req.WithDependencies,
		RunID:            info.WorkflowExecution.RunID,
		Output:           plan.Output,
		Org:              plan.Org,
		StartedAt:        startedAt,
		Layers:           layers,
		Objects:          run.objects,
		Listed:           run.listed,
		Problems:         sortProblems(run.problems),
		Requests:         run.requests,
		Incomplete:       run.incompleteTypes(),
		FlowYAML:         flowYAML,
		TerraformFormat:  req.TerraformFormat,
		OmitDangling:     req.OmitDangling,
		Divisions:        sortedKeys(run.divisions),
	}).Get(ctx, &summary)
	if err != nil {
		return nil, rootFailure("write the manifest", err)
	}
	run.progress.setPhase(export.PhaseDone)
	return &summary, nil
}

// searchAttributes upserts the export's custom search attributes, when the
// execution started with them. An upsert of attributes the namespace has
// not registered would fail every workflow task, and a start with them
// proves they are registered.
type searchAttributes struct {
	enabled bool
	// version is the execution's version of changeSearchAttributes, which
	// also brings the activities' summaries.
	version workflow.Version
}

func newSearchAttributes(ctx workflow.Context) *searchAttributes {
	version := workflow.GetVersion(ctx, changeSearchAttributes, workflow.DefaultVersion, 1)
	if version == workflow.DefaultVersion {
		return &searchAttributes{version: version}
	}
	_, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(export.SearchAttributeStatus)
	return &searchAttributes{enabled: ok, version: version}
}

func (a *searchAttributes) set(ctx workflow.Context, updates ...temporal.SearchAttributeUpdate) {
	if !a.enabled {
		return
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		workflow.GetLogger(ctx).Warn("upsert of search attributes failed", "error", err)
	}
}

// rootFailure fails the workflow with the message of the activity's own
// application error, so the UI and the starter show what went wrong
// without the activity's Temporal bookkeeping around it.
func rootFailure(step string, err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return temporal.NewNonRetryableApplicationError(step+": "+appErr.Message(), appErr.Type(), nil)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// exportRun is the state of one ExportOrg execution. Workflow goroutines
// (workflow.Go) run one at a time, so its fields need no locking.
type exportRun struct {
	req        export.Request
	exportID   string
	plan       export.Plan
	progress   *progress
	problems   []export.Problem
	requests   map[int]int64
	objects    map[string]int
	listed     map[string]int
	divisions  map[string]bool
	incomplete map[string]bool
	// locked lists the objects still locked, in the order found, for the
	// lock sweep.
	locked []export.LockedObject
	// childPages runs partitions with many pages in child workflows.
	childPages bool
	// summaries gives activities and child workflows a one-line summary
	// for the Temporal UI's timeline.
	summaries bool
}

// summarized returns opts with the summary set, for executions that show
// summaries.
func (r *exportRun) summarized(opts workflow.ActivityOptions, summary string) workflow.ActivityOptions {
	if r.summaries {
		opts.Summary = summary
	}
	return opts
}

// listingSummary is the timeline line of a type's first listing activity.
func listingSummary(tp export.TypePlan, part string) string {
	switch tp.Activity() {
	case export.ExportChildrenActivity:
		return fmt.Sprintf("%s under each %s%s", tp.Name, tp.Parent, partitionSuffix(part))
	case export.ExportCursorActivity:
		return fmt.Sprintf("%s, every page%s", tp.Name, partitionSuffix(part))
	default:
		return fmt.Sprintf("%s page 1%s", tp.Name, partitionSuffix(part))
	}
}

// pageSummary is the timeline line of one page after the first, such as
// "routing_queue page 3 of 40".
func pageSummary(in export.PageInput, pageCount int) string {
	return fmt.Sprintf("%s page %d of %d%s", in.Type, in.Page, pageCount, partitionSuffix(in.Partition))
}

func partitionSuffix(part string) string {
	if part == "" || part == "all" {
		return ""
	}
	return " (" + part + ")"
}

// exportLayer exports the layer's types in parallel, at most
// ParallelTypes at a time, and returns when all are done. A failing type
// is recorded and never stops the others.
func (r *exportRun) exportLayer(ctx workflow.Context, layer export.Layer) {
	sem := workflow.NewSemaphore(ctx, int64(r.req.ParallelTypes()))
	wg := workflow.NewWaitGroup(ctx)
	for _, tp := range layer.Types {
		wg.Add(1)
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer wg.Done()
			if err := sem.Acquire(ctx, 1); err != nil {
				return
			}
			defer sem.Release(1)
			r.exportType(ctx, tp)
		})
	}
	wg.Wait(ctx)
}

func (r *exportRun) exportType(ctx workflow.Context, tp export.TypePlan) {
	r.progress.setState(tp.Name, export.StateRunning)
	ok := true
	for _, part := range tp.Partitions {
		if !r.exportPartition(ctx, tp, part) {
			ok = false
		}
	}
	if ok {
		r.progress.setState(tp.Name, export.StateDone)
	}
}

// exportPartition lists one partition of a type. Page-number listings run
// page 1 first, which returns the page count, then the other pages in
// parallel. Cursor listings are one heartbeating activity that resumes
// from its last cursor.
func (r *exportRun) exportPartition(ctx workflow.Context, tp export.TypePlan, part string) bool {
	in := export.PageInput{
		ExportID: r.exportID, Output: r.plan.Output, Type: tp.Name,
		Partition: part, Page: 1, MaxAttempts: pageAttempts,
		Filters: export.FiltersOf(r.req), OrgID: r.plan.Org.ID,
	}
	activity := tp.Activity()
	firstCtx := workflow.WithActivityOptions(ctx, r.summarized(pageOptions(), listingSummary(tp, part)))
	var first export.PageResult
	if err := workflow.ExecuteActivity(firstCtx, activity, in).Get(ctx, &first); err != nil {
		r.fail(tp.Name, in, err)
		return false
	}
	r.add(first)
	if activity != export.ExportPageActivity || first.PageCount <= 1 {
		return true
	}
	r.progress.addPages(tp.Name, first.PageCount-1)
	if r.childPages && first.PageCount-1 > inlinePages {
		return r.exportPagesInChild(ctx, in, first.PageCount)
	}

	ok := true
	forEachPage(ctx, r.req.ParallelPages(), 2, first.PageCount, func(ctx workflow.Context, page int) {
		pin := in
		pin.Page = page
		actx := workflow.WithActivityOptions(ctx, r.summarized(pageOptions(), pageSummary(pin, first.PageCount)))
		var res export.PageResult
		if err := workflow.ExecuteActivity(actx, activity, pin).Get(ctx, &res); err != nil {
			r.fail(tp.Name, pin, err)
			ok = false
			return
		}
		r.add(res)
	})
	return ok
}

// closeDependencies runs the Closure activity, which adds every object the
// exported ones reference, and returns the layers of the types the backup
// then holds. A failure is recorded and the export keeps what it has.
func (r *exportRun) closeDependencies(ctx workflow.Context, round int, types []string) ([][]string, bool) {
	in := export.ClosureInput{ExportID: r.exportID, Output: r.plan.Output, Types: types, Round: round,
		Filters: export.FiltersOf(r.req)}
	opts := r.summarized(closureOptions(), fmt.Sprintf("dependency closure, round %d", round+1))
	var res export.ClosureResult
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), export.ClosureActivity, in).Get(ctx, &res)
	if err != nil {
		r.problems = append(r.problems, export.Problem{Kind: export.ProblemFailed, Type: "closure", Message: err.Error()})
		return nil, false
	}
	for _, pr := range res.Results {
		r.objects[pr.Type] += pr.Objects
		r.listed[pr.Type] += pr.Listed
		for _, d := range pr.Divisions {
			r.divisions[d] = true
		}
		addRequests(r.requests, pr.Requests)
		r.progress.addClosure(pr, res.Layers)
		r.problems = append(r.problems, pr.Problems...)
		r.locked = append(r.locked, pr.Locked...)
	}
	return res.Layers, true
}

func (r *exportRun) plannedTypes() []string {
	var types []string
	for _, l := range r.plan.Layers {
		for _, t := range l.Types {
			types = append(types, t.Name)
		}
	}
	return types
}

// exportedTypes returns, sorted, the planned types and every type the
// backup holds objects of.
func (r *exportRun) exportedTypes() []string {
	seen := map[string]bool{}
	for _, t := range r.plannedTypes() {
		seen[t] = true
	}
	// Collecting keys in map order is safe: they are sorted next.
	//workflowcheck:ignore
	for t, n := range r.objects {
		if n > 0 {
			seen[t] = true
		}
	}
	return sortedKeys(seen)
}

func (r *exportRun) planned(typ string) bool {
	for _, l := range r.plan.Layers {
		for _, t := range l.Types {
			if t.Name == typ {
				return true
			}
		}
	}
	return false
}

// exportFlowYAML exports the Architect YAML of every exported flow through
// flow export jobs. The activity polls each job on its own timers and
// heartbeats the job id, so a retry resumes polling the same job.
func (r *exportRun) exportFlowYAML(ctx workflow.Context) *export.FlowYAMLResult {
	r.progress.setPhase(export.PhaseFlowYAML)
	opts := r.summarized(flowYAMLOptions(), "flow YAML through Architect export jobs")
	in := export.FlowYAMLInput{ExportID: r.exportID, Output: r.plan.Output, MaxAttempts: pageAttempts}
	var res export.FlowYAMLResult
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), export.FlowYAMLActivity, in).Get(ctx, &res)
	if err != nil {
		r.problems = append(r.problems, export.Problem{Kind: export.ProblemFailed, Type: "flow_yaml",
			Message: "export flow YAML: " + err.Error()})
		return nil
	}
	addRequests(r.requests, res.Requests)
	r.problems = append(r.problems, res.Problems...)
	return &res
}

func (r *exportRun) add(res export.PageResult) {
	r.objects[res.Type] += res.Objects
	r.listed[res.Type] += res.Listed
	for _, d := range res.Divisions {
		r.divisions[d] = true
	}
	requests := addRequests(r.requests, res.Requests)
	r.problems = append(r.problems, res.Problems...)
	r.locked = append(r.locked, res.Locked...)
	r.progress.addResult(res, requests)
}

// fail records an activity that ended in an error. A 403 marks the type as
// skipped; anything else marks it failed. Either way the export goes on.
func (r *exportRun) fail(typ string, in export.PageInput, err error) {
	p, forbidden, requests := pageFailure(in, err)
	addRequests(r.requests, requests)
	r.progress.addRequests(typ, requests)
	r.problems = append(r.problems, p)
	r.markIncomplete(typ, forbidden)
}

func (r *exportRun) markIncomplete(typ string, forbidden bool) {
	if r.incomplete == nil {
		r.incomplete = map[string]bool{}
	}
	r.incomplete[typ] = true
	state := export.StateFailed
	if forbidden {
		state = export.StateSkipped
	}
	r.progress.setState(typ, state)
}

// exportPagesInChild exports pages 2 to pageCount of a partition in an
// ExportPages child workflow and adds up its result. The child's id is
// derived from the export's, so a retried workflow task starts the same
// child.
func (r *exportRun) exportPagesInChild(ctx workflow.Context, in export.PageInput, pageCount int) bool {
	opts := workflow.ChildWorkflowOptions{WorkflowID: r.exportID + "/" + in.Type + "/" + in.Partition}
	if r.summaries {
		opts.StaticSummary = fmt.Sprintf("%s pages 2 to %d%s", in.Type, pageCount, partitionSuffix(in.Partition))
	}
	cctx := workflow.WithChildOptions(ctx, opts)
	input := export.PagesInput{
		Page: in, From: 2, To: pageCount, Parallel: r.req.ParallelPages(), PagesPerRun: pagesPerRun,
		Done: export.PagesResult{Requests: map[int]int64{}}, Summaries: r.summaries,
	}
	var res export.PagesResult
	if err := workflow.ExecuteChildWorkflow(cctx, export.PagesWorkflowName, input).Get(ctx, &res); err != nil {
		r.problems = append(r.problems, export.Problem{Kind: export.ProblemFailed, Type: in.Type, Partition: in.Partition,
			Message: fmt.Sprintf("pages 2 to %d: %v", pageCount, err)})
		r.markIncomplete(in.Type, false)
		return false
	}
	r.objects[in.Type] += res.Objects
	r.listed[in.Type] += res.Listed
	for _, d := range res.Divisions {
		r.divisions[d] = true
	}
	addRequests(r.requests, res.Requests)
	r.problems = append(r.problems, res.Problems...)
	r.locked = append(r.locked, res.Locked...)
	if res.Failed > 0 {
		r.markIncomplete(in.Type, res.Forbidden)
		return false
	}
	return true
}

func (r *exportRun) incompleteTypes() []string {
	return sortedKeys(r.incomplete)
}

// addRequests adds the request counts of src to dst and returns their sum.
// It visits the statuses in order, as workflow code must visit maps.
func addRequests(dst, src map[int]int64) int64 {
	statuses := make([]int, 0, len(src))
	// Collecting keys in map order is safe: they are sorted next.
	//workflowcheck:ignore
	for status := range src {
		statuses = append(statuses, status)
	}
	sort.Ints(statuses)
	var sum int64
	for _, status := range statuses {
		dst[status] += src[status]
		sum += src[status]
	}
	return sum
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	// Collecting keys in map order is safe: they are sorted next.
	//workflowcheck:ignore
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortProblems orders problems so the manifest input, and therefore the
// history, does not depend on the order in which activities finished.
func sortProblems(ps []export.Problem) []export.Problem {
	out := append([]export.Problem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Partition != b.Partition {
			return a.Partition < b.Partition
		}
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		return a.ID < b.ID
	})
	return out
}
