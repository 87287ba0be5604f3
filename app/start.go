package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/export"
)

// ExportMetadata is what the Temporal UI shows of an export besides its
// input: the memo, the search attributes and the static summary. Each
// empty field is left out.
type ExportMetadata struct {
	// Output is the backup folder as the starter has it. Without --dev
	// it is the request's output, and "" means the worker's own folder.
	Output string
	// OrgID and Region are set when the org is known before the
	// export plans it, as with --dev. Otherwise the workflow sets them.
	OrgID  string
	Region string
	// OrgName, when known, goes into the static summary.
	OrgName string
}

// StartInput is the input of StartExportWith.
type StartInput struct {
	ID        string
	TaskQueue string
	Request   export.Request
	Metadata  ExportMetadata
	// Logger receives the warning when the namespace lacks the search
	// attributes. Nil discards it.
	Logger *slog.Logger
}

// StartWorkflowOptions returns the options of a new export: its id and
// task queue, attachment to a running export of the same id, and the
// metadata. The memo and the search attributes are set only here, at
// start: attaching to a running export leaves its own.
func StartWorkflowOptions(in StartInput) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       in.ID,
		TaskQueue:                in.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		Memo:                     Memo(in.Request, in.Metadata),
		TypedSearchAttributes:    SearchAttributes(in.Metadata),
		StaticSummary:            StaticSummary(in.Request, in.Metadata),
	}
}

// Memo returns the memo of an export: the output folder and the request.
func Memo(req export.Request, meta ExportMetadata) map[string]any {
	return map[string]any{
		export.MemoOutput:  meta.Output,
		export.MemoRequest: req,
	}
}

// SearchAttributes returns the search attributes a starter sets: the
// status "running", and the org id and region when known.
func SearchAttributes(meta ExportMetadata) temporal.SearchAttributes {
	updates := []temporal.SearchAttributeUpdate{
		export.SearchAttributeStatus.ValueSet(export.SearchStatusRunning),
	}
	if meta.OrgID != "" {
		updates = append(updates, export.SearchAttributeOrgID.ValueSet(meta.OrgID))
	}
	if meta.Region != "" {
		updates = append(updates, export.SearchAttributeRegion.ValueSet(meta.Region))
	}
	return temporal.NewSearchAttributes(updates...)
}

// StaticSummary returns the one-line summary that the Temporal UI shows
// above an execution, such as "Export org Sample (us-east-1) into
// /srv/backup: include routing_queue".
func StaticSummary(req export.Request, meta ExportMetadata) string {
	var b strings.Builder
	b.WriteString("Export org")
	switch {
	case meta.OrgName != "":
		b.WriteString(" " + meta.OrgName)
	case meta.OrgID != "":
		b.WriteString(" " + meta.OrgID)
	}
	if meta.Region != "" {
		fmt.Fprintf(&b, " (%s)", meta.Region)
	}
	if meta.Output != "" {
		b.WriteString(" into " + meta.Output)
	} else {
		b.WriteString(" into the worker's backup folder")
	}
	var scope []string
	if len(req.Include) > 0 {
		scope = append(scope, "include "+strings.Join(req.Include, ", "))
	}
	if len(req.Exclude) > 0 {
		scope = append(scope, "exclude "+strings.Join(req.Exclude, ", "))
	}
	if len(req.Divisions) > 0 {
		scope = append(scope, "divisions "+strings.Join(req.Divisions, ", "))
	}
	if req.WithDependencies {
		scope = append(scope, "with dependencies")
	}
	if len(scope) == 0 {
		scope = append(scope, "whole org")
	}
	b.WriteString(": " + strings.Join(scope, "; "))
	return b.String()
}

// StartExportWith is StartExport with the metadata of in. When the
// namespace has not registered the search attributes, the export starts
// without them and the logger gets a warning that names the fix.
func StartExportWith(ctx context.Context, c client.Client, in StartInput) (run client.WorkflowRun, attached bool, err error) {
	attached, err = checkAttach(ctx, c, in.ID, in.Request)
	if err != nil {
		return nil, false, err
	}
	opts := StartWorkflowOptions(in)
	run, err = c.ExecuteWorkflow(ctx, opts, export.WorkflowName, in.Request)
	if err != nil && isUnknownSearchAttribute(err) {
		logger := in.Logger
		if logger == nil {
			logger = slog.New(slog.DiscardHandler)
		}
		logger.Warn("the namespace has not registered gcexport's search attributes; "+
			"starting the export without them (see the README: temporal operator search-attribute create)",
			"workflowId", in.ID, "error", err)
		opts.TypedSearchAttributes = temporal.SearchAttributes{}
		run, err = c.ExecuteWorkflow(ctx, opts, export.WorkflowName, in.Request)
	}
	if err != nil {
		return nil, false, fmt.Errorf("start export %s: %w", in.ID, err)
	}
	return run, attached, nil
}

// isUnknownSearchAttribute reports whether a start failed because the
// namespace does not know a search attribute. The frontend returns
// InvalidArgument with a message naming the attribute (server v1.32:
// "search attribute GcexportStatus is not defined").
func isUnknownSearchAttribute(err error) bool {
	var invalid *serviceerror.InvalidArgument
	if !errors.As(err, &invalid) {
		return false
	}
	return strings.Contains(strings.ToLower(invalid.Message), "search attribute")
}
