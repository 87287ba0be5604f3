package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// TestScheduleTriggersExport creates a schedule with the starter, whose
// --trigger-now starts an export at once, and checks that the worker
// process runs that export to a complete backup of the simulator's org.
func TestScheduleTriggersExport(t *testing.T) {
	ts := temporaltest.NewServer(temporaltest.WithT(t))
	sim, err := simulator.New(simulator.SampleFixture(), simulator.Options{ClientID: "sched-id", ClientSecret: "sched-secret"})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()

	dir := t.TempDir()
	output := filepath.Join(dir, "backup")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"GENESYSCLOUD_OAUTHCLIENT_ID=sched-id",
		"GENESYSCLOUD_OAUTHCLIENT_SECRET=sched-secret",
		"GCEXPORT_TEMPORAL_ADDRESS=" + ts.GetFrontendHostPort(),
		"GCEXPORT_TEMPORAL_NAMESPACE=" + ts.GetDefaultNamespace(),
		"GCEXPORT_TEMPORAL_TASK_QUEUE=scheduled",
	}
	worker := exec.Command(workerBin, "--api-url", url, "--output", output)
	worker.Dir, worker.Env = dir, env
	var workerLog bytes.Buffer
	worker.Stdout, worker.Stderr = &workerLog, &workerLog
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		worker.Process.Signal(os.Interrupt)
		worker.Wait()
	}()

	// The interval is long, so the only export in the test's time is the
	// one that --trigger-now starts.
	created, code := runStarter(t, dir, env, "schedule", "create", "sched-run", "--every", "24h",
		"--trigger-now", "--include", "routing_queue", "--include", "routing_skill")
	if code != 0 || !strings.Contains(created, "schedule sched-run created: every 24h0m0s, on task queue scheduled") {
		t.Fatalf("schedule create: exit %d\n%s", code, created)
	}

	c := ts.GetDefaultClient()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	handle := c.ScheduleClient().GetHandle(ctx, "sched-run")
	defer handle.Delete(context.Background())
	var workflowID string
	for workflowID == "" {
		desc, err := handle.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if actions := desc.Info.RecentActions; len(actions) > 0 {
			workflowID = actions[0].StartWorkflowResult.WorkflowID
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the schedule started no export:\nworker:\n%s", workerLog.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if !strings.HasPrefix(workflowID, "sched-run-") {
		t.Errorf("workflow id %q does not start with the schedule id", workflowID)
	}

	var summary export.Summary
	if err := c.GetWorkflow(ctx, workflowID, "").Get(ctx, &summary); err != nil {
		t.Fatalf("scheduled export %s: %v\nworker:\n%s", workflowID, err, workerLog.String())
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("scheduled export status = %s, want complete", summary.Status)
	}
	data, err := os.ReadFile(filepath.Join(output, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		WorkflowID string
		Status     string
		Types      map[string]struct{ Count int }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != export.StatusComplete || m.WorkflowID != workflowID {
		t.Errorf("manifest: status %q of workflow %q, want complete of %q", m.Status, m.WorkflowID, workflowID)
	}
	counts := sim.Counts()
	for _, typ := range []string{"routing_queue", "routing_skill"} {
		if m.Types[typ].Count != counts[typ] || counts[typ] == 0 {
			t.Errorf("manifest counts %d %s objects, the simulator serves %d", m.Types[typ].Count, typ, counts[typ])
		}
	}
}
