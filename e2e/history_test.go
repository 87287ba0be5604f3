package e2e

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

var recordHistories = flag.Bool("record-histories", false,
	"write the histories of the end-to-end exports to workflows/testdata/histories for the replay test")

// saveHistory writes the history of a finished export as JSON, in the
// format the SDK's workflow replayer reads, when -record-histories is set.
func saveHistory(t *testing.T, h *harness, workflowID, name string) {
	t.Helper()
	if !*recordHistories {
		return
	}
	iter := h.client.GetWorkflowHistory(context.Background(), workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	history := &historypb.History{}
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		history.Events = append(history.Events, event)
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(history)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "workflows", "testdata", "histories", name+".json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The replay needs the workflow id and run id, which the history does
	// not hold: child workflow ids are derived from them.
	desc, err := h.client.DescribeWorkflowExecution(context.Background(), workflowID, "")
	if err != nil {
		t.Fatal(err)
	}
	execution := workflowID + " " + desc.WorkflowExecutionInfo.Execution.RunId + "\n"
	if err := os.WriteFile(strings.TrimSuffix(path, ".json")+".execution", []byte(execution), 0o644); err != nil {
		t.Fatal(err)
	}
}
