package contract

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
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

// Client credentials that the simulators of these tests accept.
const (
	clientID     = "contract-client"
	clientSecret = "contract-secret"
)

// temporalServer is shared by the tests of this package, because starting
// one takes seconds. Each export uses its own task queue and workflow id.
var temporalServer *temporaltest.TestServer

func TestMain(m *testing.M) {
	temporalServer = temporaltest.NewServer()
	code := m.Run()
	temporalServer.Stop()
	os.Exit(code)
}

// recordedSimulator is a simulator behind a Recorder, served on a loopback
// port.
type recordedSimulator struct {
	recorder *Recorder
	baseURL  string
}

// startRecordedSimulator serves f's simulator behind a Recorder on
// 127.0.0.1. wrap, when not nil, sits between the Recorder and the
// simulator, so a test can break the simulator's responses.
func startRecordedSimulator(t *testing.T, f *simulator.Fixture, wrap func(http.Handler) http.Handler) *recordedSimulator {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{ClientID: clientID, ClientSecret: clientSecret})
	if err != nil {
		t.Fatal(err)
	}
	handler := sim.Handler()
	if wrap != nil {
		handler = wrap(handler)
	}
	recorder := NewRecorder(handler)
	// httptest.NewServer listens on 127.0.0.1 with a free port.
	server := httptest.NewServer(recorder)
	t.Cleanup(server.Close)
	return &recordedSimulator{recorder: recorder, baseURL: server.URL}
}

// newAPIClient returns an exporter client of the simulator at baseURL.
func newAPIClient(t *testing.T, baseURL, id, secret string) *genesys.Client {
	t.Helper()
	api, err := genesys.NewClient(genesys.Config{ClientID: id, ClientSecret: secret, APIBaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// runExport runs one ExportOrg workflow with request on a worker of its own
// task queue, the way the embedded default runs it, and returns the
// workflow's summary, or its error.
func runExport(t *testing.T, api *genesys.Client, workflowID string, request json.RawMessage) (*export.Summary, error) {
	t.Helper()
	temporalClient := temporalServer.GetDefaultClient()
	taskQueue := "contract-" + workflowID
	w := app.NewWorker(temporalClient, taskQueue, &activities.Activities{
		Client: api, Output: t.TempDir(), Region: "us-east-1",
		Logger: slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := temporalClient.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflowID, TaskQueue: taskQueue,
	}, export.WorkflowName, request)
	if err != nil {
		t.Fatal(err)
	}
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		return nil, err
	}
	return &summary, nil
}

type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
