package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/simulator"
)

// TestWorkerAndStarterApart runs the worker and the starter as separate
// processes against a Temporal server that neither of them started.
func TestWorkerAndStarterApart(t *testing.T) {
	ts := temporaltest.NewServer(temporaltest.WithT(t))
	sim, err := simulator.New(simulator.SampleFixture(), simulator.Options{ClientID: "apart-id", ClientSecret: "apart-secret"})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()

	dir := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"GENESYSCLOUD_OAUTHCLIENT_ID=apart-id",
		"GENESYSCLOUD_OAUTHCLIENT_SECRET=apart-secret",
		"GCEXPORT_TEMPORAL_ADDRESS=" + ts.GetFrontendHostPort(),
		"GCEXPORT_TEMPORAL_NAMESPACE=" + ts.GetDefaultNamespace(),
		"GCEXPORT_TEMPORAL_TASK_QUEUE=apart",
	}
	worker := exec.Command(workerBin, "--api-url", url, "--output", filepath.Join(dir, "backup"))
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

	starter := exec.Command(starterBin, "--id", "apart-export", "--include", "routing_queue", "--include", "flow", "--include", "auth_division")
	starter.Dir, starter.Env = dir, env
	var out bytes.Buffer
	starter.Stdout, starter.Stderr = &out, &out
	timer := time.AfterFunc(2*time.Minute, func() { starter.Process.Kill() })
	err = starter.Run()
	timer.Stop()
	if err != nil {
		t.Fatalf("starter: %v\n%s\nworker:\n%s", err, out.String(), workerLog.String())
	}
	if !strings.Contains(out.String(), "export apart-export: complete") {
		t.Errorf("starter output has no complete summary:\n%s", out.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "backup", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Status string
		Layers [][]string
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != "complete" {
		t.Errorf("manifest status = %s", m.Status)
	}
	want := [][]string{{"auth_division"}, {"flow"}, {"routing_queue"}}
	if len(m.Layers) != len(want) {
		t.Fatalf("layers = %v, want %v", m.Layers, want)
	}
	for i := range want {
		if strings.Join(m.Layers[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("layer %d = %v, want %v", i, m.Layers[i], want[i])
		}
	}
	if strings.Contains(out.String(), "apart-secret") || strings.Contains(workerLog.String(), "apart-secret") {
		t.Error("the client secret appears in the output")
	}

	// status attaches to the finished export and prints its summary.
	status, code := runStarter(t, dir, env, "status", "apart-export")
	if code != exitComplete || !strings.Contains(status, "export apart-export has ended: completed") ||
		!strings.Contains(status, "export apart-export: complete") {
		t.Errorf("status of the finished export: exit %d\n%s", code, status)
	}
	if status, code := runStarter(t, dir, env, "status", "no-such-export"); code != exitFailed ||
		!strings.Contains(status, "no export with workflow id no-such-export") {
		t.Errorf("status of a missing export: exit %d\n%s", code, status)
	}

	// A schedule on a server without gcexport's search attributes is
	// created without them, with a warning.
	created, code := runStarter(t, dir, env, "schedule", "create", "apart-nightly", "--cron", "0 2 * * *",
		"--include", "routing_queue", "--paused")
	if code != 0 || !strings.Contains(created, "schedule apart-nightly created: cron 0 2 * * * (UTC), on task queue apart") {
		t.Errorf("schedule create: exit %d\n%s", code, created)
	}
	if !strings.Contains(created, "search-attribute create") {
		t.Errorf("schedule create did not warn about the missing search attributes:\n%s", created)
	}
	var listed string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if listed, code = runStarter(t, dir, env, "schedule", "list"); strings.Contains(listed, "apart-nightly") {
			break
		}
	}
	if code != 0 || !strings.Contains(listed, "apart-nightly  cron 0 2 * * * (UTC)  true") {
		t.Errorf("schedule list: exit %d\n%s", code, listed)
	}
	if deleted, code := runStarter(t, dir, env, "schedule", "delete", "apart-nightly"); code != 0 ||
		!strings.Contains(deleted, "schedule apart-nightly deleted") {
		t.Errorf("schedule delete: exit %d\n%s", code, deleted)
	}
	if _, code := runStarter(t, dir, env, "schedule", "delete", "apart-nightly"); code != exitFailed {
		t.Errorf("deleting a deleted schedule: exit %d, want %d", code, exitFailed)
	}
}
