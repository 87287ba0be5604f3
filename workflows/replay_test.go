package workflows

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/export"
)

// TestReplayRecordedHistories replays the histories of real exports,
// recorded from a Temporal server, through the current workflow code. A
// change that would make running exports fail on their next workflow task
// (a new activity, a reordered call, a removed timer) fails here instead.
// The e2e tests write them with -record-histories.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "histories", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in testdata/histories")
	}
	logger := log.NewStructuredLogger(slog.New(slog.DiscardHandler))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			replayer := worker.NewWorkflowReplayer()
			replayer.RegisterWorkflowWithOptions(ExportOrg, workflow.RegisterOptions{Name: export.WorkflowName})
			replayer.RegisterWorkflowWithOptions(ExportPages, workflow.RegisterOptions{Name: export.PagesWorkflowName})
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			history, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
			if err != nil {
				t.Fatalf("read %s: %v", file, err)
			}
			opts := worker.ReplayWorkflowHistoryOptions{OriginalExecution: recordedExecution(t, file)}
			if err := replayer.ReplayWorkflowHistoryWithOptions(logger, history, opts); err != nil {
				t.Errorf("replay %s: %v", file, err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join("testdata", "histories")); err != nil {
		t.Fatal(err)
	}
}

// recordedExecution reads the workflow id and run id recorded next to a
// history, as "<workflowId> <runId>" in <name>.execution. Histories
// recorded before child workflows existed have none, and replay with the
// replayer's own ids.
func recordedExecution(t *testing.T, historyFile string) workflow.Execution {
	t.Helper()
	data, err := os.ReadFile(strings.TrimSuffix(historyFile, ".json") + ".execution")
	if errors.Is(err, fs.ErrNotExist) {
		return workflow.Execution{}
	}
	if err != nil {
		t.Fatal(err)
	}
	id, runID, ok := strings.Cut(strings.TrimSpace(string(data)), " ")
	if !ok {
		t.Fatalf("%s.execution: want \"<workflowId> <runId>\", got %q", historyFile, data)
	}
	return workflow.Execution{ID: id, RunID: runID}
}
