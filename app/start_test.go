package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/devserver"
	"github.com/gcexport/gcexport/export"
)

var (
	devOnce   sync.Once
	devServer *devserver.Server
	devErr    error
)

// devClient returns a client of an in-memory embedded server with
// gcexport's search attributes, shared by the tests of this package. No
// worker polls its task queues, so exports started there stay running.
func devClient(t *testing.T) client.Client {
	t.Helper()
	devOnce.Do(func() {
		devServer, devErr = devserver.Start(context.Background(), devserver.Options{
			FrontendAddr:     "127.0.0.1:0",
			UIAddr:           devserver.NoUI,
			SearchAttributes: devserver.SearchAttributesOf(export.SearchAttributeKeys()...),
		})
	})
	if devErr != nil {
		t.Fatal(devErr)
	}
	c, err := client.Dial(client.Options{HostPort: devServer.FrontendAddr(), Namespace: devServer.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestStaticSummary(t *testing.T) {
	cases := []struct {
		name string
		req  export.Request
		meta ExportMetadata
		want string
	}{
		{"whole org, worker folder", export.Request{}, ExportMetadata{},
			"Export org into the worker's backup folder: whole org"},
		{"known org", export.Request{}, ExportMetadata{OrgName: "Sample", OrgID: "o1", Region: "us-east-1", Output: "/srv/backup"},
			"Export org Sample (us-east-1) into /srv/backup: whole org"},
		{"org id only", export.Request{WithDependencies: true, Include: []string{"routing_queue", "flow"}},
			ExportMetadata{OrgID: "o1"},
			"Export org o1 into the worker's backup folder: include routing_queue, flow; with dependencies"},
		{"exclude and divisions", export.Request{Exclude: []string{"user"}, Divisions: []string{"d1"}}, ExportMetadata{Output: "/b"},
			"Export org into /b: exclude user; divisions d1"},
	}
	for _, tc := range cases {
		if got := StaticSummary(tc.req, tc.meta); got != tc.want {
			t.Errorf("%s: summary = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestStartSetsMemoAndSearchAttributes(t *testing.T) {
	c := devClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req := export.Request{Include: []string{"routing_queue"}, TerraformFormat: "hcl"}
	meta := ExportMetadata{Output: "/srv/backup", OrgID: "org-1", OrgName: "Sample", Region: "eu-west-1"}
	run, attached, err := StartExportWith(ctx, c, StartInput{ID: "start-metadata", TaskQueue: "no-worker", Request: req, Metadata: meta})
	if err != nil {
		t.Fatal(err)
	}
	if attached {
		t.Fatal("a new export was reported as attached")
	}
	defer c.TerminateWorkflow(context.Background(), run.GetID(), "", "test done")

	desc, err := c.DescribeWorkflowExecution(ctx, run.GetID(), "")
	if err != nil {
		t.Fatal(err)
	}
	info := desc.GetWorkflowExecutionInfo()
	dc := converter.GetDefaultDataConverter()
	var output string
	if err := dc.FromPayload(info.GetMemo().GetFields()[export.MemoOutput], &output); err != nil || output != "/srv/backup" {
		t.Errorf("memo output = %q (%v), want /srv/backup", output, err)
	}
	var memoReq export.Request
	if err := dc.FromPayload(info.GetMemo().GetFields()[export.MemoRequest], &memoReq); err != nil {
		t.Fatal(err)
	}
	if strings.Join(memoReq.Include, ",") != "routing_queue" || memoReq.TerraformFormat != "hcl" {
		t.Errorf("memo request = %+v, want the started request", memoReq)
	}
	fields := info.GetSearchAttributes().GetIndexedFields()
	for name, want := range map[string]string{
		export.SearchAttributeStatus.GetName(): export.SearchStatusRunning,
		export.SearchAttributeOrgID.GetName():  "org-1",
		export.SearchAttributeRegion.GetName(): "eu-west-1",
	} {
		var got string
		if err := dc.FromPayload(fields[name], &got); err != nil || got != want {
			t.Errorf("search attribute %s = %q (%v), want %q", name, got, err, want)
		}
	}
	described, err := c.DescribeWorkflow(ctx, run.GetID(), "")
	if err != nil {
		t.Fatal(err)
	}
	summary, err := described.GetStaticSummary()
	if err != nil {
		t.Fatal(err)
	}
	if want := "Export org Sample (eu-west-1) into /srv/backup: include routing_queue"; summary != want {
		t.Errorf("static summary = %q, want %q", summary, want)
	}

	// The org id finds the export through a visibility query, as in the
	// UI's search. Visibility is eventually consistent, so the query is
	// retried for a bounded time.
	query := export.SearchAttributeOrgID.GetName() + " = 'org-1' AND " + export.SearchAttributeStatus.GetName() + " = 'running'"
	var found bool
	for deadline := time.Now().Add(10 * time.Second); !found && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: devServer.Namespace(), Query: query})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range resp.GetExecutions() {
			found = found || e.GetExecution().GetWorkflowId() == run.GetID()
		}
	}
	if !found {
		t.Errorf("query %q did not find the export", query)
	}
}

func TestStartWithIDAttachesOrReuses(t *testing.T) {
	c := devClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	in := StartInput{ID: "start-reuse", TaskQueue: "no-worker", Request: export.Request{Include: []string{"group"}}}
	first, attached, err := StartExportWith(ctx, c, in)
	if err != nil || attached {
		t.Fatalf("first start: attached %t, %v", attached, err)
	}
	// The same id while it runs attaches to the same run.
	again, attached, err := StartExportWith(ctx, c, in)
	if err != nil {
		t.Fatal(err)
	}
	if !attached || again.GetRunID() != first.GetRunID() {
		t.Errorf("second start: attached %t, run %s; want the running run %s", attached, again.GetRunID(), first.GetRunID())
	}
	// Another request under the running id is rejected.
	other := in
	other.Request = export.Request{Include: []string{"user"}}
	if _, _, err := StartExportWith(ctx, c, other); !errors.Is(err, ErrOtherRequest) {
		t.Errorf("start with another request = %v, want ErrOtherRequest", err)
	}
	// Once it has ended, --id reuses the id for a new run.
	if err := c.TerminateWorkflow(ctx, in.ID, first.GetRunID(), "test"); err != nil {
		t.Fatal(err)
	}
	next, attached, err := StartExportWith(ctx, c, in)
	if err != nil {
		t.Fatal(err)
	}
	defer c.TerminateWorkflow(context.Background(), in.ID, next.GetRunID(), "test done")
	if attached || next.GetRunID() == first.GetRunID() {
		t.Errorf("start after the end: attached %t, run %s; want a new run", attached, next.GetRunID())
	}
	run, status, err := AttachExport(ctx, c, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING || run.GetID() != in.ID {
		t.Errorf("attach: status %s, id %s", status, run.GetID())
	}
}

func TestStartWithoutRegisteredAttributes(t *testing.T) {
	// temporaltest's server registers none of gcexport's attributes, as a
	// cluster where nobody ran `temporal operator search-attribute create`.
	ts := temporaltest.NewServer(temporaltest.WithT(t))
	c := ts.GetDefaultClient()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, _, err := StartExportWith(ctx, c, StartInput{
		ID: "no-attributes", TaskQueue: "no-worker", Request: export.Request{},
		Metadata: ExportMetadata{Output: "/b", OrgID: "org-1"},
	})
	if err != nil {
		t.Fatalf("start without registered attributes: %v", err)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, run.GetID(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := desc.GetWorkflowExecutionInfo().GetMemo().GetFields()[export.MemoOutput]; !ok {
		t.Error("the export started without its memo")
	}
	if n := len(desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()); n != 0 {
		t.Errorf("%d search attributes set on a namespace that has none", n)
	}
}
