package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

func TestAttachOnlyWithTheSameRequest(t *testing.T) {
	f := simulator.SampleFixture()
	for i := range f.Faults {
		if f.Faults[i].Type == "integration" {
			// Keep the export running while the test attaches to it.
			f.Faults[i].Times, f.Faults[i].Seconds = 0, 600
		}
	}
	h := newHarness(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req := export.Request{Include: []string{"integration"}}
	run, attached, err := app.StartExport(ctx, h.client, "e2e-attach", h.taskQueue, req)
	if err != nil || attached {
		t.Fatalf("first start: attached %v, err %v", attached, err)
	}
	defer h.client.TerminateWorkflow(context.Background(), run.GetID(), "", "test over")

	again, attached, err := app.StartExport(ctx, h.client, "e2e-attach", h.taskQueue, req)
	if err != nil || !attached || again.GetRunID() != run.GetRunID() {
		t.Errorf("same request: attached %v to run %v, err %v; want run %s", attached, again, err, run.GetRunID())
	}
	other := export.Request{Include: []string{"routing_queue"}}
	if _, _, err := app.StartExport(ctx, h.client, "e2e-attach", h.taskQueue, other); !errors.Is(err, app.ErrOtherRequest) {
		t.Errorf("another request: err = %v, want ErrOtherRequest", err)
	}
}
