package main

import (
	"context"
	"fmt"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
)

// largestHistory walks the export's execution, its child workflows and the
// runs they continued as new into, and returns the largest event count of
// any one run and which run that is.
func largestHistory(ctx context.Context, c client.Client, workflowID, runID string) (int, string, error) {
	type execution struct{ id, runID string }
	queue := []execution{{workflowID, runID}}
	most, mostOf := 0, ""
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		events := 0
		iter := c.GetWorkflowHistory(ctx, e.id, e.runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for iter.HasNext() {
			event, err := iter.Next()
			if err != nil {
				return 0, "", fmt.Errorf("history of %s (run %s): %w", e.id, e.runID, err)
			}
			events++
			if a := event.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
				queue = append(queue, execution{a.GetWorkflowExecution().GetWorkflowId(), a.GetWorkflowExecution().GetRunId()})
			}
			if a := event.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				queue = append(queue, execution{e.id, a.GetNewExecutionRunId()})
			}
		}
		if events > most {
			most, mostOf = events, e.id
		}
	}
	return most, mostOf, nil
}
