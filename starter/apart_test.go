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
}
