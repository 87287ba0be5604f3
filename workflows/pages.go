package workflows

import (
	"errors"
	"slices"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/export"
)

// History bounds. A partition with more than inlinePages pages after its
// first runs them in an ExportPages child workflow, and a child run
// continues as new after pagesPerRun pages. A page costs at most about six
// events (the activity's three and a workflow task's three). So a child run
// stays near 3,000 events, and the parent, with at most inlinePages pages
// per partition of each of some sixty types, stays below 10,000.
const (
	inlinePages = 10
	pagesPerRun = 500
	// progressEvery is how many pages a child finishes between two
	// progress signals to its parent.
	progressEvery = 50
)

// ExportPages exports pages From to To of one partition of a page-number
// listing, at most Parallel at a time, and returns their sum. After
// PagesPerRun pages it continues as new, carrying what it has so far, so
// its history stays bounded however many pages the type has. A failed
// page is counted and reported, and the other pages go on.
func ExportPages(ctx workflow.Context, in export.PagesInput) (*export.PagesResult, error) {
	if in.From < 1 || in.To < in.From || in.PagesPerRun < 1 {
		return nil, temporal.NewNonRetryableApplicationError(
			"export pages: invalid range or run size", "Invalid", nil)
	}
	done := in.Done
	if done.Requests == nil {
		done.Requests = map[int]int64{}
	}
	last := min(in.To, in.From+in.PagesPerRun-1)
	progress := newPageSignals(ctx, in.Page.Type)

	forEachPage(ctx, in.Parallel, in.From, last, func(ctx workflow.Context, page int) {
		pin := in.Page
		pin.Page = page
		opts := pageOptions()
		if in.Summaries {
			opts.Summary = pageSummary(pin, in.To)
		}
		actx := workflow.WithActivityOptions(ctx, opts)
		var res export.PageResult
		if err := workflow.ExecuteActivity(actx, export.ExportPageActivity, pin).Get(ctx, &res); err != nil {
			p, forbidden, requests := pageFailure(pin, err)
			done.Problems = append(done.Problems, p)
			done.Failed++
			done.Forbidden = done.Forbidden || forbidden
			progress.add(ctx, 1, 0, addRequests(done.Requests, requests))
			return
		}
		addPage(&done, res)
		progress.add(ctx, 1, res.Objects, addRequests(done.Requests, res.Requests))
	})
	progress.flush(ctx)
	if err := progress.wait(ctx); err != nil {
		workflow.GetLogger(ctx).Warn("progress signal to the parent failed", "type", in.Page.Type, "error", err)
	}
	if last < in.To {
		next := in
		next.From = last + 1
		next.Done = done
		return nil, workflow.NewContinueAsNewError(ctx, export.PagesWorkflowName, next)
	}
	return &done, nil
}

// forEachPage calls run for each page from from to to, at most parallel at a
// time, each in its own workflow goroutine started in page order, and
// returns when all are done.
func forEachPage(ctx workflow.Context, parallel, from, to int, run func(ctx workflow.Context, page int)) {
	sem := workflow.NewSemaphore(ctx, int64(max(parallel, 1)))
	wg := workflow.NewWaitGroup(ctx)
	for page := from; page <= to; page++ {
		wg.Add(1)
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer wg.Done()
			if err := sem.Acquire(ctx, 1); err != nil {
				return
			}
			defer sem.Release(1)
			run(ctx, page)
		})
	}
	wg.Wait(ctx)
}

// addPage adds one page's result to a sum. The caller adds its requests.
func addPage(sum *export.PagesResult, res export.PageResult) {
	sum.Objects += res.Objects
	sum.Listed += res.Listed
	sum.Pages++
	for _, d := range res.Divisions {
		if i, found := slices.BinarySearch(sum.Divisions, d); !found {
			sum.Divisions = slices.Insert(sum.Divisions, i, d)
		}
	}
	sum.Problems = append(sum.Problems, res.Problems...)
	sum.Locked = append(sum.Locked, res.Locked...)
}

// pageFailure turns a page activity's error into the problem to report,
// whether it was a 403, and the requests its attempts made.
func pageFailure(in export.PageInput, err error) (export.Problem, bool, map[int]int64) {
	kind, forbidden := export.ProblemFailed, false
	message := err.Error()
	var requests map[int]int64
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		// The application error's own message names the object and the
		// API's response, without the activity's Temporal bookkeeping.
		message = appErr.Message()
		if appErr.Type() == "Forbidden" {
			kind, forbidden = export.ProblemForbidden, true
		}
		if appErr.HasDetails() {
			_ = appErr.Details(&requests)
		}
	}
	p := export.Problem{Kind: kind, Type: in.Type, Partition: in.Partition, Message: message}
	if in.Page > 0 && !forbidden {
		p.Page = in.Page
	}
	return p, forbidden, requests
}

// pageSignals batches a child's finished pages into progress signals to
// its parent.
type pageSignals struct {
	parent  *workflow.Execution
	batch   export.PageProgress
	pending []workflow.Future
}

func newPageSignals(ctx workflow.Context, typ string) *pageSignals {
	return &pageSignals{parent: workflow.GetInfo(ctx).ParentWorkflowExecution, batch: export.PageProgress{Type: typ}}
}

func (s *pageSignals) add(ctx workflow.Context, pages, objects int, requests int64) {
	s.batch.Pages += pages
	s.batch.Objects += objects
	s.batch.Requests += requests
	if s.batch.Pages >= progressEvery {
		s.flush(ctx)
	}
}

func (s *pageSignals) flush(ctx workflow.Context) {
	if s.parent == nil || s.batch.Pages == 0 {
		return
	}
	f := workflow.SignalExternalWorkflow(ctx, s.parent.ID, s.parent.RunID, export.PageProgressSignal, s.batch)
	s.pending = append(s.pending, f)
	s.batch = export.PageProgress{Type: s.batch.Type}
}

// wait waits for the signals sent, so that none is left behind by a
// continue-as-new, and returns the first error.
func (s *pageSignals) wait(ctx workflow.Context) error {
	var first error
	for _, f := range s.pending {
		if err := f.Get(ctx, nil); err != nil && first == nil {
			first = err
		}
	}
	s.pending = nil
	return first
}
