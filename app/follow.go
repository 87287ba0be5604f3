package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/export"
)

// StartExport starts the ExportOrg workflow with id on taskQueue, or
// attaches to it when an export with that id is already running, so a
// second start never runs a second export of the same id. attached reports
// which happened. StartExportWith also sets the metadata that the Temporal
// UI shows.
func StartExport(ctx context.Context, c client.Client, id, taskQueue string, req export.Request) (run client.WorkflowRun, attached bool, err error) {
	return StartExportWith(ctx, c, StartInput{ID: id, TaskQueue: taskQueue, Request: req})
}

// checkAttach reports whether an export with id is running, and fails when
// it runs another request than req.
func checkAttach(ctx context.Context, c client.Client, id string, req export.Request) (attached bool, err error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &notFound):
	case err != nil:
		return false, fmt.Errorf("look up export %s: %w", id, err)
	default:
		attached = desc.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	}
	if attached {
		if err := checkSameRequest(ctx, c, id, req); err != nil {
			return false, err
		}
	}
	return attached, nil
}

// Follow prints the export's progress to out, one line per change, until
// it ends, and returns its summary. A query that fails while the worker is
// busy or restarting is retried at the next tick.
func Follow(ctx context.Context, c client.Client, run client.WorkflowRun, out io.Writer, every time.Duration) (*export.Summary, error) {
	summary, _, err := FollowWith(ctx, c, run, NewPlainView(out), every)
	return summary, err
}

// FollowWith is Follow with the progress drawn by view, which it closes
// before returning. It also returns the last progress that the query
// returned, or nil when no query succeeded.
func FollowWith(ctx context.Context, c client.Client, run client.WorkflowRun, view ProgressView, every time.Duration) (*export.Summary, *export.Progress, error) {
	defer view.Close()
	done := make(chan error, 1)
	var summary export.Summary
	go func() { done <- run.Get(ctx, &summary) }()

	tick := time.NewTicker(every)
	defer tick.Stop()
	var last *export.Progress
	notices := newRetryNotices()
	poll := func() {
		if pr, ok := queryProgress(ctx, c, run.GetID()); ok {
			view.Show(pr, time.Now())
			last = &pr
		}
		notices.poll(ctx, c, run.GetID(), time.Now())
	}
	for {
		select {
		case err := <-done:
			poll()
			if err != nil {
				return nil, last, err
			}
			return &summary, last, nil
		case <-ctx.Done():
			return nil, last, ctx.Err()
		case <-tick.C:
			poll()
		}
	}
}

// queryProgress returns the result of the export's progress query, or
// false when the query failed.
func queryProgress(ctx context.Context, c client.Client, id string) (export.Progress, bool) {
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var pr export.Progress
	value, err := c.QueryWorkflow(qctx, id, "", export.ProgressQuery)
	if err != nil {
		return pr, false
	}
	if err := value.Get(&pr); err != nil {
		return pr, false
	}
	return pr, true
}

type progressPrinter struct {
	out    io.Writer
	phase  string
	headed int // layers whose heading is printed
	seen   map[string]string
}

// print writes, layer by layer, a heading for each layer reached and a line
// for each type whose progress changed since the last call.
func (p *progressPrinter) print(pr export.Progress) {
	reached := -1
	if pr.Phase == export.PhaseExporting {
		reached = pr.Layer
	} else if pr.Phase != export.PhasePlanning {
		reached = pr.Layers - 1
	}
	for layer := 0; layer <= reached; layer++ {
		var names []string
		for _, t := range pr.Types {
			if t.Layer == layer {
				names = append(names, t.Name)
			}
		}
		if layer >= p.headed {
			fmt.Fprintf(p.out, "layer %d of %d: %s\n", layer+1, pr.Layers, strings.Join(names, ", "))
			p.headed = layer + 1
		}
		for _, t := range pr.Types {
			if t.Layer != layer || t.State == export.StateWaiting {
				continue
			}
			line := Bar{Name: t.Name, State: t.State, Objects: t.Objects,
				PagesDone: t.PagesDone, Pages: t.Pages, Requests: t.Requests}.Line()
			if p.seen[t.Name] != line {
				p.seen[t.Name] = line
				fmt.Fprintln(p.out, line)
			}
		}
	}
	if pr.Phase != p.phase && (pr.Phase == export.PhaseFlowYAML || pr.Phase == export.PhaseManifest) {
		fmt.Fprintln(p.out, pr.Phase)
	}
	p.phase = pr.Phase
}

// ErrOtherRequest is returned when an export with the id runs with another
// request: attaching to it would silently run what the user did not ask.
var ErrOtherRequest = errors.New("an export with this id is running with another request")

// checkSameRequest compares the request of the running export id, read from
// its first history event, with req.
func checkSameRequest(ctx context.Context, c client.Client, id string, req export.Request) error {
	iter := c.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !iter.HasNext() {
		return nil
	}
	event, err := iter.Next()
	if err != nil {
		return fmt.Errorf("read the request of export %s: %w", id, err)
	}
	payloads := event.GetWorkflowExecutionStartedEventAttributes().GetInput()
	var running export.Request
	if err := dataConverterOf(c).FromPayloads(payloads, &running); err != nil {
		return fmt.Errorf("read the request of export %s: %w", id, err)
	}
	want, _ := json.Marshal(req)
	got, _ := json.Marshal(running)
	if !bytes.Equal(want, got) {
		return fmt.Errorf("%w: export %s runs %s, not %s; wait for it to end, or give another --id",
			ErrOtherRequest, id, got, want)
	}
	return nil
}
