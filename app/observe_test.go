package app

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"gocloud.dev/blob/memblob"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/blobsink"
	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/inspect"
	"github.com/gcexport/gcexport/simulator"
)

const (
	observeClientID     = "observe-client"
	observeClientSecret = "observe-secret-d41d8cd9"
)

var observeRuns atomic.Int64

// exportSetup is what one observed export runs with.
type exportSetup struct {
	logger    *slog.Logger
	metrics   *Metrics
	publisher *Publisher
}

// runObservedExport exports routing queues and skills of the sample org
// from the simulator into a new folder on the shared in-process server,
// through a client, an API client and a worker built as the worker
// command builds them. It returns the summary and the backup folder.
func runObservedExport(t *testing.T, setup exportSetup) (*export.Summary, string) {
	t.Helper()
	devClient(t) // starts the shared server
	sim, err := simulator.New(simulator.SampleFixture(), simulator.Options{
		ClientID: observeClientID, ClientSecret: observeClientSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })

	logger := setup.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	api, err := NewAPIClientWithMetrics(config.GenesysConfig{
		ClientID: observeClientID, ClientSecret: observeClientSecret, Region: "us-east-1", APIURL: url,
	}, logger, setup.metrics)
	if err != nil {
		t.Fatal(err)
	}
	c, err := DialWithMetrics(config.TemporalConfig{
		Address: devServer.FrontendAddr(), Namespace: devServer.Namespace(),
	}, logger, setup.metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	taskQueue := fmt.Sprintf("observe-%d", observeRuns.Add(1))
	output := filepath.Join(t.TempDir(), "backup")
	w := NewWorkerWithOptions(c, taskQueue, &activities.Activities{
		Client: api, Output: output, Region: "us-east-1", Logger: logger,
	}, WorkerOptions{Metrics: setup.metrics, Publisher: setup.publisher})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: taskQueue, TaskQueue: taskQueue},
		export.WorkflowName, export.Request{Include: []string{"routing_queue", "routing_skill"}})
	if err != nil {
		t.Fatal(err)
	}
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		t.Fatalf("export: %v", err)
	}
	if summary.Status != export.StatusComplete {
		t.Fatalf("export status = %s, want complete", summary.Status)
	}
	return &summary, summary.Output
}

// syncBuffer is a bytes.Buffer that the worker's goroutines can write to.
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

// keyChecker is a handler that fails the test on any key or group name
// that is not lowerCamel, and counts the records it sees.
type keyChecker struct {
	t       *testing.T
	records *atomic.Int64
	group   string
}

func (h keyChecker) Enabled(context.Context, slog.Level) bool { return true }

func (h keyChecker) Handle(_ context.Context, r slog.Record) error {
	h.records.Add(1)
	r.Attrs(func(a slog.Attr) bool {
		h.check(r.Message, a)
		return true
	})
	return nil
}

func (h keyChecker) check(message string, a slog.Attr) {
	if !IsLowerCamel(a.Key) {
		h.t.Errorf("log record %q has key %q, which is not lowerCamel", message, a.Key)
	}
	if v := a.Value.Resolve(); v.Kind() == slog.KindGroup {
		for _, member := range v.Group() {
			h.check(message, member)
		}
	}
}

func (h keyChecker) WithAttrs(attrs []slog.Attr) slog.Handler {
	for _, a := range attrs {
		h.check("(With)", a)
	}
	return h
}

func (h keyChecker) WithGroup(name string) slog.Handler {
	if !IsLowerCamel(name) {
		h.t.Errorf("log group %q is not lowerCamel", name)
	}
	return h
}

// teeHandler passes each record to both handlers.
type teeHandler struct{ a, b slog.Handler }

func (h teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.a.Enabled(ctx, l) || h.b.Enabled(ctx, l)
}

func (h teeHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.a.Enabled(ctx, r.Level) {
		if err := h.a.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	if h.b.Enabled(ctx, r.Level) {
		return h.b.Handle(ctx, r.Clone())
	}
	return nil
}

func (h teeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return teeHandler{h.a.WithAttrs(attrs), h.b.WithAttrs(attrs)}
}

func (h teeHandler) WithGroup(name string) slog.Handler {
	return teeHandler{h.a.WithGroup(name), h.b.WithGroup(name)}
}

// walkJSONKeys calls visit with every object key of v.
func walkJSONKeys(v any, visit func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for key, member := range v {
			visit(key)
			walkJSONKeys(member, visit)
		}
	case []any:
		for _, member := range v {
			walkJSONKeys(member, visit)
		}
	}
}

func TestExportLogsJSONWithLowerCamelKeys(t *testing.T) {
	var out syncBuffer
	// The production logger, at debug level so that the SDK's records
	// and every API request show, writing to a buffer, which is no
	// terminal, so "auto" must choose JSON.
	production := NewLogger(&out, LogFormatAuto, slog.LevelDebug, []string{observeClientSecret})
	var records atomic.Int64
	logger := slog.New(teeHandler{production.Handler(), keyChecker{t: t, records: &records}})

	runObservedExport(t, exportSetup{logger: logger})

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 10 {
		t.Fatalf("the export logged %d lines, want at least 10:\n%s", len(lines), out.String())
	}
	sdkKeys := false
	for _, line := range lines {
		var record map[string]any
		if err := json.Unmarshal([]byte(line), &record); err != nil {
			t.Errorf("log line is not JSON: %v\n%s", err, line)
			continue
		}
		for _, key := range []string{"time", "level", "msg"} {
			if _, ok := record[key]; !ok {
				t.Errorf("log line lacks %q: %s", key, line)
			}
		}
		walkJSONKeys(record, func(key string) {
			if !IsLowerCamel(key) {
				t.Errorf("log line has key %q, which is not lowerCamel: %s", key, line)
			}
			if key == "taskQueue" || key == "workerID" || key == "namespace" {
				sdkKeys = true
			}
		})
	}
	if !sdkKeys {
		t.Errorf("no log line carries the SDK's keys (taskQueue, workerID), so the SDK's logger is not bridged:\n%s", out.String())
	}
	if strings.Contains(out.String(), observeClientSecret) {
		t.Error("the OAuth client secret appears in the log")
	}
	if records.Load() != int64(len(lines)) {
		t.Errorf("the key checker saw %d records and the JSON handler wrote %d lines", records.Load(), len(lines))
	}
}

// scrape returns the text of the metrics endpoint.
func scrape(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s\n%s", resp.Status, body)
	}
	return string(body)
}

// sampleValue returns the value of the sample whose name and labels start
// with prefix, such as `gcexport_objects_written_total{type="routing_queue"`.
func sampleValue(t *testing.T, text, prefix string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		fields := strings.Fields(line)
		value, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err != nil {
			t.Fatalf("sample %q: %v", line, err)
		}
		return value
	}
	t.Fatalf("no sample %s in the metrics:\n%s", prefix, text)
	return 0
}

func TestMetricsEndpointAfterExport(t *testing.T) {
	metrics, err := NewMetrics(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := metrics.Serve("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer metrics.Close()

	summary, output := runObservedExport(t, exportSetup{metrics: metrics})
	text := scrape(t, metrics.Addr())

	// The SDK's own metrics, through its OpenTelemetry handler.
	for _, name := range []string{"temporal_workflow_completed_total", "temporal_activity_execution_latency_seconds_count", "temporal_request_total"} {
		if !regexp.MustCompile(`(?m)^` + name + `[{ ]`).MatchString(text) {
			t.Errorf("the metrics have no %s", name)
		}
	}

	// gcexport's counters: one object per file of raw/<type>, and the
	// API responses that the simulator logged.
	for _, typ := range []string{"routing_queue", "routing_skill"} {
		files, err := os.ReadDir(filepath.Join(output, "raw", typ))
		if err != nil {
			t.Fatal(err)
		}
		got := sampleValue(t, text, fmt.Sprintf(`gcexport_objects_written_total{type=%q`, typ))
		if int(got) != len(files) {
			t.Errorf("gcexport_objects_written_total for %s = %v, want %d, the files in raw/%s", typ, got, len(files), typ)
		}
	}
	ok := sampleValue(t, text, `gcexport_api_requests_total{status="200"`)
	if ok < float64(summary.Requests) {
		t.Errorf(`gcexport_api_requests_total{status="200"} = %v, want at least the export's %d requests`, ok, summary.Requests)
	}
}

// backupFiles reads every file of the backup at root that Files lists.
func backupFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files, err := blobsink.Files(root)
	if err != nil {
		t.Fatal(err)
	}
	contents := map[string][]byte{}
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		contents[rel] = data
	}
	return contents
}

func TestExportUploadsToBucket(t *testing.T) {
	bucket := memblob.OpenBucket(nil)
	defer bucket.Close()
	// An object of an earlier copy that the new backup does not have.
	ctx := context.Background()
	if err := bucket.WriteAll(ctx, "raw/routing_queue/deleted-since.json", []byte(`{}`), nil); err != nil {
		t.Fatal(err)
	}
	publisher := &Publisher{Destination: &blobsink.Destination{URL: "mem://", Bucket: bucket}}

	_, output := runObservedExport(t, exportSetup{publisher: publisher})

	copied := t.TempDir()
	keys, err := blobsink.Download(ctx, bucket, copied)
	if err != nil {
		t.Fatal(err)
	}
	want := backupFiles(t, output)
	if len(keys) != len(want) {
		t.Errorf("the bucket holds %d objects, the backup %d files", len(keys), len(want))
	}
	for _, key := range keys {
		data, err := os.ReadFile(filepath.Join(copied, filepath.FromSlash(key)))
		if err != nil {
			t.Fatal(err)
		}
		local, ok := want[key]
		switch {
		case !ok:
			t.Errorf("the bucket holds %s, which the backup does not have", key)
		case !bytes.Equal(data, local):
			t.Errorf("%s differs between the bucket and the backup folder", key)
		}
	}
	for rel := range want {
		if _, err := os.Stat(filepath.Join(copied, filepath.FromSlash(rel))); err != nil {
			t.Errorf("the bucket lacks %s", rel)
		}
	}

	result, err := inspect.Verify(copied, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if !result.OK() {
		var text strings.Builder
		result.WriteText(&text)
		t.Errorf("the copy read back from the bucket does not verify:\n%s", text.String())
	}
	var m struct{ Status string }
	data, err := os.ReadFile(filepath.Join(copied, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != export.StatusComplete {
		t.Errorf("manifest status in the bucket = %q, want complete", m.Status)
	}
}

func TestExportArchiveBesideFolder(t *testing.T) {
	_, output := runObservedExport(t, exportSetup{publisher: &Publisher{Archive: true}})

	entries := readArchive(t, output+".tar.gz")
	want := backupFiles(t, output)
	if len(entries) != len(want) {
		t.Errorf("the archive holds %d files, the backup %d", len(entries), len(want))
	}
	for rel, data := range want {
		got, ok := entries["backup/"+rel]
		switch {
		case !ok:
			t.Errorf("the archive lacks backup/%s", rel)
		case !bytes.Equal(got, data):
			t.Errorf("backup/%s differs between the archive and the folder", rel)
		}
	}
}

func TestPublishUnreachableBucketKeepsBackup(t *testing.T) {
	summary, output := runObservedExport(t, exportSetup{})
	before := backupFiles(t, output)

	missing := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "no-such-folder"))
	publisher := &Publisher{Destination: &blobsink.Destination{URL: missing}}
	err := publisher.publish(context.Background(), summary)
	if err == nil {
		t.Fatal("publish to a missing folder succeeded")
	}
	if !strings.Contains(err.Error(), missing) {
		t.Errorf("error %q does not name the bucket URL %s", err, missing)
	}
	if !strings.Contains(err.Error(), "the backup folder is complete") {
		t.Errorf("error %q does not say that the backup folder is kept", err)
	}
	after := backupFiles(t, output)
	if len(after) != len(before) {
		t.Errorf("the backup had %d files and has %d after the failed copy", len(before), len(after))
	}
	for rel, data := range before {
		if !bytes.Equal(after[rel], data) {
			t.Errorf("%s changed after the failed copy", rel)
		}
	}
}

// readArchive returns the regular files of a tar.gz by name.
func readArchive(t *testing.T, file string) map[string][]byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	entries := map[string][]byte{}
	for {
		header, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if header.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		entries[header.Name] = data
	}
	return entries
}
