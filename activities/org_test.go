package activities

import (
	"errors"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

func TestPageOfAnotherOrgIsRefused(t *testing.T) {
	f := simulator.SampleFixture()
	e := newFlowEnv(t, f, simulator.FlowExportOptions{})
	e.acts.Catalog = catalog.Default()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(e.acts.ExportPage)
	_, err := env.ExecuteActivity(e.acts.ExportPage, export.PageInput{
		ExportID: "export-1", Output: e.output, Type: "routing_skill", Partition: "all", Page: 1,
		MaxAttempts: 3, OrgID: "11111111-2222-3333-4444-555555555555",
	})
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || !appErr.NonRetryable() {
		t.Fatalf("ExportPage error = %v, want a non-retryable application error", err)
	}
	if !strings.Contains(appErr.Message(), f.Org.ID) || !strings.Contains(appErr.Message(), "11111111-2222") {
		t.Errorf("message %q does not name both orgs", appErr.Message())
	}
	// Only the org was read: the refused page listed nothing.
	if n := e.sim.TotalRequests(); n != 1 {
		t.Errorf("the refused page cost %d requests, want 1 (the org)", n)
	}

	// The planned org is accepted.
	value, err := env.ExecuteActivity(e.acts.ExportPage, export.PageInput{
		ExportID: "export-1", Output: e.output, Type: "routing_skill", Partition: "all", Page: 1,
		MaxAttempts: 3, OrgID: f.Org.ID,
	})
	if err != nil {
		t.Fatalf("ExportPage for the planned org: %v", err)
	}
	var res export.PageResult
	if err := value.Get(&res); err != nil {
		t.Fatal(err)
	}
	if res.Objects != len(f.Resources["routing_skill"]) {
		t.Errorf("exported %d skills, want %d", res.Objects, len(f.Resources["routing_skill"]))
	}
}
