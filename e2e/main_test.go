// Package e2e runs whole exports on a real in-process Temporal server, a
// real worker and the simulator, the way the embedded default runs them.
package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

// harnesses numbers the harnesses, so that two in one test poll their own
// task queues.
var harnesses atomic.Int64

// server is shared by the tests of this package: starting one takes about
// two seconds, and each test uses its own task queue and workflow ids.
var server *temporaltest.TestServer

func TestMain(m *testing.M) {
	server = temporaltest.NewServer()
	code := m.Run()
	server.Stop()
	os.Exit(code)
}

// harness is one test's simulator, worker and backup folder.
type harness struct {
	t         *testing.T
	sim       *simulator.Server
	client    client.Client
	taskQueue string
	output    string
	acts      *activities.Activities
	worker    worker.Worker
}

func newHarness(t *testing.T, f *simulator.Fixture) *harness {
	t.Helper()
	return newHarnessWith(t, f, simulator.Options{})
}

// newHarnessWith is newHarness with simulator options; the credentials are
// always the harness's own.
func newHarnessWith(t *testing.T, f *simulator.Fixture, opts simulator.Options) *harness {
	t.Helper()
	opts.ClientID, opts.ClientSecret = "e2e-client", "e2e-secret"
	sim, err := simulator.New(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	api, err := genesys.NewClient(genesys.Config{
		ClientID: "e2e-client", ClientSecret: "e2e-secret", Region: f.Org.Region, APIBaseURL: url,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{
		t: t, sim: sim, client: server.GetDefaultClient(),
		taskQueue: fmt.Sprintf("e2e-%s-%d", t.Name(), harnesses.Add(1)), output: t.TempDir(),
	}
	h.acts = &activities.Activities{
		Client: api, Output: h.output, Region: "us-east-1",
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	h.startWorker()
	t.Cleanup(func() { h.worker.Stop() })
	return h
}

func (h *harness) startWorker() {
	h.t.Helper()
	h.worker = app.NewWorker(h.client, h.taskQueue, h.acts)
	if err := h.worker.Start(); err != nil {
		h.t.Fatal(err)
	}
}

// restartWorker stops the worker, as a deploy or a crash would, and starts
// a new one on the same task queue.
func (h *harness) restartWorker() {
	h.t.Helper()
	h.worker.Stop()
	h.startWorker()
}

// run starts an export with the request as its raw JSON payload, the way
// the Temporal UI sends it, and waits for it to end.
func (h *harness) run(id string, request any) (*export.Summary, error) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := h.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: h.taskQueue,
	}, export.WorkflowName, request)
	if err != nil {
		h.t.Fatal(err)
	}
	var s export.Summary
	if err := run.Get(ctx, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
