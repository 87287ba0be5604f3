package app

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/export"
)

// AttachExport returns the latest run of export id and its status. The run
// follows continue-as-new, so Get on it returns the export's final result.
func AttachExport(ctx context.Context, c client.Client, id string) (client.WorkflowRun, enumspb.WorkflowExecutionStatus, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return nil, enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED, fmt.Errorf("look up export %s: %w", id, err)
	}
	info := desc.GetWorkflowExecutionInfo()
	if name := info.GetType().GetName(); name != export.WorkflowName {
		return nil, info.GetStatus(), fmt.Errorf("workflow %s is a %s, not an %s export", id, name, export.WorkflowName)
	}
	return c.GetWorkflow(ctx, id, ""), info.GetStatus(), nil
}

// QueryProgress returns the answer of export id's progress query, which a
// running or closed export gives as long as a worker serves its task
// queue.
func QueryProgress(ctx context.Context, c client.Client, id string) (export.Progress, error) {
	var pr export.Progress
	value, err := c.QueryWorkflow(ctx, id, "", export.ProgressQuery)
	if err != nil {
		return pr, fmt.Errorf("query the progress of export %s: %w", id, err)
	}
	if err := value.Get(&pr); err != nil {
		return pr, fmt.Errorf("query the progress of export %s: %w", id, err)
	}
	return pr, nil
}
