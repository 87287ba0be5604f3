package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// syncBuffer is a bytes.Buffer that several goroutines may write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// debugLogger logs everything at debug level into buf, as JSON lines.
func debugLogger(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// appHarness runs an export the way the worker and starter commands do:
// Temporal clients from app.Dial with the given configuration, a worker
// from app.NewWorker, and the export started and followed through
// app.StartExport and app.Follow.
type appHarness struct {
	t          *testing.T
	sim        *simulator.Server
	temporal   config.TemporalConfig
	genesys    config.GenesysConfig
	output     string
	workerLogs syncBuffer
	// starterLogs holds the starter's logs and the progress and summary
	// that it prints.
	starterLogs syncBuffer
	// described holds the binary form of every DescribeWorkflowExecution
	// response polled while the export ran: pending activities with their
	// heartbeat details, the memo and the search attributes.
	described [][]byte
}

func newAppHarness(t *testing.T, f *simulator.Fixture, clientSecret string, encryption config.EncryptionConfig) *appHarness {
	t.Helper()
	h := &appHarness{t: t, output: t.TempDir()}
	h.genesys = config.GenesysConfig{ClientID: "e2e-secrets-client", ClientSecret: clientSecret, Region: f.Org.Region}
	sim, err := simulator.New(f, simulator.Options{ClientID: h.genesys.ClientID, ClientSecret: clientSecret})
	if err != nil {
		t.Fatal(err)
	}
	if h.genesys.APIURL, err = sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	h.sim = sim
	h.temporal = config.TemporalConfig{
		Address:    server.GetFrontendHostPort(),
		Namespace:  server.GetDefaultNamespace(),
		TaskQueue:  fmt.Sprintf("e2e-%s-%d", t.Name(), harnesses.Add(1)),
		Encryption: encryption,
	}
	return h
}

// dial connects to the test server as app.Dial does for the commands.
func (h *appHarness) dial(logger *slog.Logger) client.Client {
	h.t.Helper()
	c, err := app.Dial(h.temporal, logger)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(c.Close)
	return c
}

// export runs one export with id and request to its end and returns its
// summary or error.
func (h *appHarness) export(id string, req export.Request) (*export.Summary, error) {
	t := h.t
	t.Helper()
	workerLogger := debugLogger(&h.workerLogs)
	api, err := app.NewAPIClient(h.genesys, workerLogger)
	if err != nil {
		t.Fatal(err)
	}
	w := app.NewWorker(h.dial(workerLogger), h.temporal.TaskQueue, &activities.Activities{
		Client: api, Output: h.output, Region: h.genesys.Region, Logger: workerLogger,
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	starter := h.dial(debugLogger(&h.starterLogs))
	run, _, err := app.StartExport(ctx, starter, id, h.temporal.TaskQueue, req)
	if err != nil {
		t.Fatal(err)
	}

	polled := make(chan struct{})
	pollCtx, stopPolling := context.WithCancel(ctx)
	go func() {
		defer close(polled)
		for pollCtx.Err() == nil {
			if resp, err := starter.DescribeWorkflowExecution(pollCtx, id, run.GetRunID()); err == nil {
				data, _ := proto.Marshal(resp)
				h.described = append(h.described, data)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	summary, err := app.Follow(ctx, starter, run, &h.starterLogs, 50*time.Millisecond)
	stopPolling()
	<-polled
	if err == nil {
		app.PrintSummary(&h.starterLogs, summary)
	}
	return summary, err
}

// historyEvents returns every event of the workflow's history as the
// server stores it, with payloads left encoded.
func historyEvents(t *testing.T, c client.Client, workflowID string) []*historypb.HistoryEvent {
	t.Helper()
	iter := c.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var events []*historypb.HistoryEvent
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, event)
	}
	if len(events) == 0 {
		t.Fatalf("workflow %s has no history", workflowID)
	}
	return events
}

// secretForms returns the client secret as the worker could write it:
// raw, form-encoded, alone in base64, and inside the Basic Authorization
// header it sends to the token endpoint.
func secretForms(clientID, secret string) map[string]string {
	return map[string]string{
		"client secret":                    secret,
		"form-encoded client secret":       url.QueryEscape(secret),
		"base64 client secret":             base64.StdEncoding.EncodeToString([]byte(secret)),
		"Basic header of id and secret":    base64.StdEncoding.EncodeToString([]byte(clientID + ":" + secret)),
		"Basic header, form-encoded parts": base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(clientID) + ":" + url.QueryEscape(secret))),
	}
}

// findSecrets returns the names of the secrets that data contains.
func findSecrets(data []byte, secrets map[string]string) []string {
	var found []string
	for name, secret := range secrets {
		if bytes.Contains(data, []byte(secret)) {
			found = append(found, name)
		}
	}
	return found
}

func TestSecretsStayOutOfHistoryLogsAndBackup(t *testing.T) {
	f := simulator.SampleFixture()
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	secret := "e2e-client-secret-" + hex.EncodeToString(random)
	h := newAppHarness(t, f, secret, config.EncryptionConfig{})

	summary, err := h.export("e2e-secrets", export.Request{})
	if err != nil {
		t.Fatalf("export failed: %v\nworker logs:\n%s", err, h.workerLogs.String())
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("summary status = %s, want complete", summary.Status)
	}

	secrets := secretForms(h.genesys.ClientID, secret)
	tokens := h.sim.IssuedTokens()
	if len(tokens) == 0 {
		t.Fatal("the simulator issued no token, so the scan proves nothing")
	}
	for i, token := range tokens {
		secrets[fmt.Sprintf("bearer token %d", i+1)] = token
	}

	// Every string and bytes field of an event, payloads, failures, memo,
	// search attributes and heartbeat details included, is written
	// verbatim in the protobuf wire form, so one scan of it covers them.
	events := historyEvents(t, server.GetDefaultClient(), "e2e-secrets")
	var history bytes.Buffer
	for _, event := range events {
		data, err := proto.Marshal(event)
		if err != nil {
			t.Fatal(err)
		}
		history.Write(data)
		text, err := protojson.Marshal(event)
		if err != nil {
			t.Fatal(err)
		}
		history.Write(text)
	}
	if !bytes.Contains(history.Bytes(), []byte(f.Org.ID)) {
		t.Fatalf("the history does not contain the org id %s, so its payloads were not scanned in plain form", f.Org.ID)
	}
	if found := findSecrets(history.Bytes(), secrets); len(found) > 0 {
		t.Errorf("the workflow history contains %v", found)
	}

	final, err := server.GetDefaultClient().DescribeWorkflowExecution(context.Background(), "e2e-secrets", "")
	if err != nil {
		t.Fatal(err)
	}
	finalData, err := proto.Marshal(final)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.described) == 0 {
		t.Error("the execution was never described while it ran")
	}
	for i, data := range append(h.described, finalData) {
		if found := findSecrets(data, secrets); len(found) > 0 {
			t.Errorf("description %d of the execution (pending activities, heartbeats, memo, search attributes) contains %v", i, found)
		}
	}

	workerLogs, starterLogs := h.workerLogs.String(), h.starterLogs.String()
	if !strings.Contains(workerLogs, "fetched an OAuth token") {
		t.Errorf("the worker's debug logs lack the token line, so the log scan proves little:\n%.2000s", workerLogs)
	}
	if !strings.Contains(starterLogs, "export e2e-secrets: complete") {
		t.Errorf("the starter's output lacks the summary:\n%s", starterLogs)
	}
	if found := findSecrets([]byte(workerLogs), secrets); len(found) > 0 {
		t.Errorf("the worker's logs contain %v", found)
	}
	if found := findSecrets([]byte(starterLogs), secrets); len(found) > 0 {
		t.Errorf("the starter's logs and output contain %v", found)
	}

	files := 0
	err = filepath.WalkDir(h.output, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if found := findSecrets(data, secrets); len(found) > 0 {
			t.Errorf("backup file %s contains %v", path, found)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < len(f.Resources) {
		t.Errorf("the backup holds %d files, fewer than the fixture's %d types", files, len(f.Resources))
	}
}
