package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// TestManyPagesRunInChildWorkflow exports a type with more pages than the
// parent workflow runs itself: its pages run in an ExportPages child, and
// every object is in the backup, counted once.
func TestManyPagesRunInChildWorkflow(t *testing.T) {
	f := simulator.SampleFixture()
	const extra = 1_450
	for i := range extra {
		id := fmt.Sprintf("0000aaaa-0000-4000-8000-%012d", i)
		f.Resources["routing_language"] = append(f.Resources["routing_language"], map[string]any{
			"id": id, "name": fmt.Sprintf("Language %04d", i), "state": "active", "version": "1",
			"dateModified": "2024-10-28T02:44:30.185Z", "selfUri": "/api/v2/routing/languages/" + id,
		})
	}
	want := len(f.Resources["routing_language"])
	if pages := (want + 99) / 100; pages <= 12 {
		t.Fatalf("%d languages fill only %d pages", want, pages)
	}
	h := newHarness(t, f)
	summary, err := h.run("e2e-child-pages", json.RawMessage(`{"include":["routing_language"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	saveHistory(t, h, "e2e-child-pages", "child-pages-export")
	if summary.Status != export.StatusComplete {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	if got := len(typeFiles(t, h.output, "routing_language")); got != want {
		t.Errorf("routing_language: %d files, want %d", got, want)
	}
	if got := readManifest(t, h.output).Types["routing_language"].Count; got != want {
		t.Errorf("manifest counts %d languages, want %d", got, want)
	}

	iter := h.client.GetWorkflowHistory(context.Background(), "e2e-child-pages", "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var children, summaries []string
	var childID, childRun string
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := event.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
			children = append(children, a.WorkflowType.Name+" "+a.WorkflowExecution.WorkflowId)
			childID, childRun = a.WorkflowExecution.WorkflowId, a.WorkflowExecution.RunId
		}
		summaries = append(summaries, eventSummary(t, event))
	}
	pages := (want + 99) / 100
	if !slices.Contains(summaries, "routing_language page 1") ||
		!slices.Contains(summaries, fmt.Sprintf("routing_language pages 2 to %d", pages)) {
		t.Errorf("the parent's timeline lacks the first page's and the child's summaries: %q", summaries)
	}
	if childID != "" {
		var childSummaries []string
		iter := h.client.GetWorkflowHistory(context.Background(), childID, childRun, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for iter.HasNext() {
			event, err := iter.Next()
			if err != nil {
				t.Fatal(err)
			}
			childSummaries = append(childSummaries, eventSummary(t, event))
		}
		if want := fmt.Sprintf("routing_language page 3 of %d", pages); !slices.Contains(childSummaries, want) {
			t.Errorf("the child's timeline has no %q: %q", want, childSummaries)
		}
	}
	if len(children) != 1 || !strings.HasPrefix(children[0], export.PagesWorkflowName+" ") ||
		!strings.HasSuffix(children[0], "/routing_language/all") {
		t.Errorf("child workflows = %v, want one ExportPages for routing_language", children)
	}

	resp, err := h.client.QueryWorkflow(context.Background(), "e2e-child-pages", "", export.ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var p export.Progress
	if err := resp.Get(&p); err != nil {
		t.Fatal(err)
	}
	for _, tp := range p.Types {
		if tp.Name == "routing_language" && (tp.PagesDone != tp.Pages || tp.Objects != want) {
			t.Errorf("progress = %+v, want all %d pages and %d objects done", tp, tp.Pages, want)
		}
	}
}

// eventSummary returns the summary the workflow gave an event's activity or
// child workflow, or "".
func eventSummary(t *testing.T, event *historypb.HistoryEvent) string {
	t.Helper()
	p := event.GetUserMetadata().GetSummary()
	if p == nil {
		return ""
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &s); err != nil {
		t.Fatalf("event %d summary: %v", event.EventId, err)
	}
	return s
}
