package app

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

// TestExportUpsertsOrgAndStatus runs an export on a server that has the
// search attributes registered: the workflow replaces the starter's
// "running" with the export's status and sets the org the plan found.
func TestExportUpsertsOrgAndStatus(t *testing.T) {
	c := devClient(t)
	f := simulator.SampleFixture()
	sim, err := simulator.New(f, simulator.Options{ClientID: "app-client", ClientSecret: "app-secret"})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	api, err := genesys.NewClient(genesys.Config{ClientID: "app-client", ClientSecret: "app-secret", Region: f.Org.Region, APIBaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorker(c, "search-status", &activities.Activities{Client: api, Output: t.TempDir(), Region: "eu-west-1"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	req := export.Request{Include: []string{"routing_skill"}, SkipFlowYAML: true}
	run, _, err := StartExportWith(ctx, c, StartInput{ID: "search-status", TaskQueue: "search-status", Request: req,
		Metadata: ExportMetadata{Output: "backup"}})
	if err != nil {
		t.Fatal(err)
	}
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		t.Fatalf("export failed: %v", err)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, run.GetID(), run.GetRunID())
	if err != nil {
		t.Fatal(err)
	}
	fields := desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()
	for name, want := range map[string]string{
		export.SearchAttributeStatus.GetName(): export.StatusComplete,
		export.SearchAttributeOrgID.GetName():  f.Org.ID,
		export.SearchAttributeRegion.GetName(): "eu-west-1",
	} {
		var got string
		if err := converter.GetDefaultDataConverter().FromPayload(fields[name], &got); err != nil || got != want {
			t.Errorf("search attribute %s = %q (%v), want %q", name, got, err, want)
		}
	}
}
