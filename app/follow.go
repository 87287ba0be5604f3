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
	"go.temporal.io/sdk/converter"

	"github.com/gcexport/gcexport/export"
)

// StartExport starts the ExportOrg workflow with id on taskQueue, or
// attaches to it when an export with that id is already running, so a
// second start never runs a second export of the same id. attached reports
// which happened.
func StartExport(ctx context.Context, c client.Client, id, taskQueue string, req export.Request) (run client.WorkflowRun, attached bool, err error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &notFound):
	case err != nil:
		return nil, false, fmt.Errorf("look up export %s: %w", id, err)
	default:
		attached = desc.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	}
	if attached {
		if err := checkSameRequest(ctx, c, id, req); err != nil {
			return nil, false, err
		}
	}
	run, err = c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, export.WorkflowName, req)
	if err != nil {
		return nil, false, fmt.Errorf("start export %s: %w", id, err)
	}
	return run, attached, nil
}

// Follow prints the export's progress to out, one line per change, until
// it ends, and returns its summary. A query that fails while the worker is
// busy or restarting is retried at the next tick.
func Follow(ctx context.Context, c client.Client, run client.WorkflowRun, out io.Writer, every time.Duration) (*export.Summary, error) {
	done := make(chan error, 1)
	var summary export.Summary
	go func() { done <- run.Get(ctx, &summary) }()

	tick := time.NewTicker(every)
	defer tick.Stop()
	printer := &progressPrinter{out: out, seen: map[string]string{}}
	for {
		select {
		case err := <-done:
			printer.poll(ctx, c, run)
			if err != nil {
				return nil, err
			}
			return &summary, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
			printer.poll(ctx, c, run)
		}
	}
}

type progressPrinter struct {
	out    io.Writer
	phase  string
	headed int // layers whose heading is printed
	seen   map[string]string
}

func (p *progressPrinter) poll(ctx context.Context, c client.Client, run client.WorkflowRun) {
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	value, err := c.QueryWorkflow(qctx, run.GetID(), "", export.ProgressQuery)
	if err != nil {
		return
	}
	var pr export.Progress
	if err := value.Get(&pr); err != nil {
		return
	}
	p.print(pr)
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
			line := fmt.Sprintf("  %-44s %-8s %7d objects  %d/%d pages  %d requests",
				t.Name, t.State, t.Objects, t.PagesDone, t.Pages, t.Requests)
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

// PrintSummary writes the end-of-export table.
func PrintSummary(out io.Writer, s *export.Summary) {
	fmt.Fprintf(out, "\nexport %s: %s\n", s.WorkflowID, s.Status)
	fmt.Fprintf(out, "org      %s (%s, %s)\n", s.Org.Name, s.Org.ID, s.Org.Region)
	fmt.Fprintf(out, "backup   %s\n", s.Output)
	total := 0
	for _, t := range s.Types {
		fmt.Fprintf(out, "  %-44s %7d\n", t.Name, t.Objects)
		total += t.Objects
	}
	fmt.Fprintf(out, "  %-44s %7d\n", "total objects", total)
	fmt.Fprintf(out, "requests %d\n", s.Requests)
	if len(s.Problems) == 0 {
		fmt.Fprintln(out, "problems none")
		return
	}
	var parts []string
	for _, kind := range []string{export.ProblemForbidden, export.ProblemLocked, export.ProblemGone, export.ProblemFailed, export.ProblemInvalid} {
		if n := s.Problems[kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, kind))
		}
	}
	fmt.Fprintf(out, "problems %s (details in report.json)\n", strings.Join(parts, ", "))
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
	if err := converter.GetDefaultDataConverter().FromPayloads(payloads, &running); err != nil {
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
