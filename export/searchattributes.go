package export

import "go.temporal.io/sdk/temporal"

// Custom search attributes of ExportOrg executions, for finding exports in
// the Temporal UI and with `temporal workflow list --query`. A namespace
// must have them registered before a start or an upsert can set them: the
// embedded server registers them itself, and a cluster needs
// `temporal operator search-attribute create` once per namespace.
var (
	// SearchAttributeOrgID is the exported org's id.
	SearchAttributeOrgID = temporal.NewSearchAttributeKeyKeyword("GcexportOrgId")
	// SearchAttributeRegion is the org's region key, such as "eu-west-1".
	SearchAttributeRegion = temporal.NewSearchAttributeKeyKeyword("GcexportRegion")
	// SearchAttributeStatus is SearchStatusRunning while the export runs,
	// then StatusComplete, StatusPartial or SearchStatusFailed.
	SearchAttributeStatus = temporal.NewSearchAttributeKeyKeyword("GcexportStatus")
)

// Values of SearchAttributeStatus besides StatusComplete and StatusPartial.
const (
	SearchStatusRunning = "running"
	SearchStatusFailed  = "failed"
)

// SearchAttributeKeys returns every custom search attribute of ExportOrg.
func SearchAttributeKeys() []temporal.SearchAttributeKey {
	return []temporal.SearchAttributeKey{SearchAttributeOrgID, SearchAttributeRegion, SearchAttributeStatus}
}

// Memo fields that the starter sets on an ExportOrg execution. The Temporal
// UI shows them on the execution's page.
const (
	// MemoOutput is the backup folder, as the starter has it: absolute
	// with --dev, else the request's output or "" for the worker's own.
	MemoOutput = "output"
	// MemoRequest is the export request.
	MemoRequest = "request"
)
