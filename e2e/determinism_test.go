package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// readTree returns every file under dir by its relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSameOrgSameBytes exports the sample twice: the second time the API
// lists objects in another order and the worker is restarted mid-export.
// raw/, flows/ and terraform/ must be byte-identical.
func TestSameOrgSameBytes(t *testing.T) {
	first := newHarness(t, simulator.SampleFixture())
	if _, err := first.run("e2e-bytes-1", json.RawMessage(`{}`)); err != nil {
		t.Fatalf("first export: %v", err)
	}

	second := newHarnessWith(t, simulator.SampleFixture(), simulator.Options{ListOrderSeed: 99})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := second.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: "e2e-bytes-2", TaskQueue: second.taskQueue,
	}, export.WorkflowName, json.RawMessage(`{"maxParallelTypes":1}`))
	if err != nil {
		t.Fatal(err)
	}
	// Restart the worker once the export is past its first layers.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second export never reached layer 3")
		}
		value, err := second.client.QueryWorkflow(ctx, run.GetID(), "", export.ProgressQuery)
		if err != nil {
			continue
		}
		var pr export.Progress
		if value.Get(&pr) == nil && pr.Phase == export.PhaseExporting && pr.Layer >= 2 {
			break
		}
	}
	second.restartWorker()
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		t.Fatalf("second export: %v", err)
	}

	a, b := readTree(t, first.output), readTree(t, second.output)
	for _, tree := range []map[string][]byte{a, b} {
		delete(tree, "manifest.json") // ids and times differ by design
		delete(tree, "report.json")
		delete(tree, ".published")
	}
	if len(a) != len(b) {
		t.Errorf("the exports hold %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s is only in the first export", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs between the exports", name)
		}
	}
	if len(a) < 800 {
		t.Errorf("only %d files compared", len(a))
	}
}
