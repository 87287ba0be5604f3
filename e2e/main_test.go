// Package e2e runs whole exports on a real in-process Temporal server, a
// real worker and the simulator, the way the embedded default runs them.
package e2e

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

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
}

func newHarness(t *testing.T, f *simulator.Fixture) *harness {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{ClientID: "e2e-client", ClientSecret: "e2e-secret"})
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
		taskQueue: "e2e-" + t.Name(), output: t.TempDir(),
	}
	w := app.NewWorker(h.client, h.taskQueue, &activities.Activities{
		Client: api, Output: h.output, Region: "us-east-1",
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return h
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
