package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// lockFixture is the sample org with one integration locked by fault
// instead of the sample's own brief lock.
func lockFixture(t *testing.T, fault simulator.Fault) (*simulator.Fixture, string) {
	t.Helper()
	f := simulator.SampleFixture()
	f.Faults = nil
	id := f.Resources["integration"][0]["id"].(string)
	fault.Type, fault.ID, fault.Status = "integration", id, 409
	f.Faults = append(f.Faults, fault)
	return f, id
}

// sweepTimers returns the durations of the workflow's timers, in order.
func sweepTimers(t *testing.T, h *harness, workflowID string) []time.Duration {
	t.Helper()
	iter := h.client.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var timers []time.Duration
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := event.GetTimerStartedEventAttributes(); a != nil {
			timers = append(timers, a.StartToFireTimeout.AsDuration())
		}
	}
	return timers
}

// TestLockSweepExportsLateUnlock locks an integration for longer than its
// page's own reads last: the page records it as locked, and the workflow's
// sweep reads it again on timers with growing waits until the read succeeds.
func TestLockSweepExportsLateUnlock(t *testing.T) {
	f, id := lockFixture(t, simulator.Fault{Seconds: 3})
	h := newHarness(t, f)
	summary, err := h.run("e2e-lock-late", json.RawMessage(`{"include":["integration"],"lockDeadline":"20s"}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	saveHistory(t, h, "e2e-lock-late", "lock-sweep-export")
	if summary.Status != export.StatusComplete {
		t.Errorf("status = %s, problems %v; want complete once the lock is gone", summary.Status, summary.Problems)
	}
	if !slices.Contains(typeFiles(t, h.output, "integration"), id+".json") {
		t.Errorf("the integration locked for 3 s is not in the backup")
	}
	if got, want := len(typeFiles(t, h.output, "integration")), len(f.Resources["integration"]); got != want {
		t.Errorf("integration: %d files, want %d", got, want)
	}
	for _, p := range readReport(t, h.output).Problems {
		t.Errorf("report still holds %+v", p)
	}
	timers := sweepTimers(t, h, "e2e-lock-late")
	if len(timers) < 2 {
		t.Fatalf("timers = %v; want the sweep to wait at least twice for a 3 s lock", timers)
	}
	for i := 1; i < len(timers); i++ {
		if timers[i] <= timers[i-1] {
			t.Errorf("sweep waits %v do not grow", timers)
		}
	}
}

// TestLockSweepReportsStillLocked locks an integration for ever: the
// export ends at the lock deadline, partial, with the object reported as
// locked, and everything else exported.
func TestLockSweepReportsStillLocked(t *testing.T) {
	f, id := lockFixture(t, simulator.Fault{})
	h := newHarness(t, f)
	start := time.Now()
	summary, err := h.run("e2e-lock-forever", json.RawMessage(`{"include":["integration"],"lockDeadline":"3s"}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	if elapsed := time.Since(start); elapsed < 3*time.Second {
		t.Errorf("the export ended after %s, before its 3 s lock deadline", elapsed)
	}
	report := readReport(t, h.output)
	if len(report.Problems) != 1 {
		t.Fatalf("report problems = %+v, want the one locked integration", report.Problems)
	}
	p := report.Problems[0]
	if p.Kind != export.ProblemLocked || p.Type != "integration" || p.ID != id || !strings.Contains(p.Message, "still locked") {
		t.Errorf("problem = %+v, want integration %s still locked", p, id)
	}
	if slices.Contains(typeFiles(t, h.output, "integration"), id+".json") {
		t.Errorf("the locked integration has a file")
	}
	if got, want := len(typeFiles(t, h.output, "integration")), len(f.Resources["integration"])-1; got != want {
		t.Errorf("integration: %d files, want the %d others", got, want)
	}
	// The manifest's audit (readManifest checks it) counts the locked one.
	m := readManifest(t, h.output)
	if m.Status != "partial" {
		t.Errorf("manifest status = %s", m.Status)
	}
	if n := len(sweepTimers(t, h, "e2e-lock-forever")); n < 2 {
		t.Errorf("the sweep waited %d times before its deadline, want at least 2", n)
	}
}
