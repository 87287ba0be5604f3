package export

import "time"

// Names registered with Temporal. They are part of the contract with
// running exports and with users who start exports from the Temporal UI, so
// they never change.
const (
	WorkflowName         = "ExportOrg"
	PlanActivity         = "Plan"
	ExportPageActivity   = "ExportPage"
	ExportCursorActivity = "ExportCursor"
	// ExportChildrenActivity lists a type under each exported parent.
	ExportChildrenActivity = "ExportChildren"
	// RetryLockedActivity reads locked objects again by id.
	RetryLockedActivity = "RetryLocked"
	// ClosureActivity adds the objects that exported objects reference.
	ClosureActivity = "Closure"
	// FlowYAMLActivity exports flow definitions through export jobs.
	FlowYAMLActivity = "ExportFlowYAML"
	ManifestActivity = "WriteManifest"
	// ProgressQuery returns a Progress.
	ProgressQuery = "progress"
	// DefaultTaskQueue is the task queue workers poll unless configured.
	DefaultTaskQueue = "gcexport"
)

// Org identifies the exported org.
type Org struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

// PlanInput is the input of the Plan activity.
type PlanInput struct {
	Request Request `json:"request"`
}

// Plan is the Plan activity's result: the org, the backup folder and the
// types to export in layers. It is recorded in the workflow history, so
// a later change of the catalogue cannot change a running export.
type Plan struct {
	Org    Org     `json:"org"`
	Output string  `json:"output"`
	Layers []Layer `json:"layers"`
	// Requests counts the planner's own API requests by HTTP status.
	Requests map[int]int64 `json:"requests"`
}

// Layer is a set of types with no dependencies on each other outside their
// own cycles; its types export in parallel.
type Layer struct {
	Types []TypePlan `json:"types"`
}

// TypePlan is the listing plan of one type: its paging and partitions.
type TypePlan struct {
	Name       string   `json:"name"`
	Paging     string   `json:"paging"`
	Partitions []string `json:"partitions"`
	// Parent, when set, is the type this one is listed under.
	Parent    string `json:"parent,omitempty"`
	Singleton bool   `json:"singleton,omitempty"`
}

// Activity returns the name of the activity that lists the type.
func (t TypePlan) Activity() string {
	switch {
	case t.Parent != "":
		return ExportChildrenActivity
	case t.Paging == "after" || t.Paging == "cursor" || t.Paging == "scan":
		return ExportCursorActivity
	default:
		return ExportPageActivity
	}
}

// LayerNames returns the plan's layers as lists of type names.
func (p *Plan) LayerNames() [][]string {
	out := make([][]string, len(p.Layers))
	for i, l := range p.Layers {
		out[i] = []string{}
		for _, t := range l.Types {
			out[i] = append(out[i], t.Name)
		}
	}
	return out
}

// PageInput is the input of one page activity: one page of one partition
// of a type. Page is 1-based
// and ignored by cursor and unpaged listings.
type PageInput struct {
	ExportID  string `json:"exportId"`
	Output    string `json:"output"`
	Type      string `json:"type"`
	Partition string `json:"partition"`
	Page      int    `json:"page"`
	// OrgID is the planned org; a worker whose credentials reach another
	// org refuses the page instead of mixing two orgs in one backup.
	OrgID string `json:"orgId,omitempty"`
	// Filters are the request's filters, applied to every listed object.
	Filters Filters `json:"filters"`
	// MaxAttempts is the activity's retry limit. On the last attempt, an
	// object still locked (409) is recorded as locked instead of failing
	// the whole page again.
	MaxAttempts int32 `json:"maxAttempts"`
}

// Filters are a request's object filters as they travel to activities.
type Filters struct {
	Include   []string `json:"include,omitempty"`
	Exclude   []string `json:"exclude,omitempty"`
	Divisions []string `json:"divisions,omitempty"`
}

// Empty reports whether the filters select the whole org.
func (f Filters) Empty() bool {
	return len(f.Include) == 0 && len(f.Exclude) == 0 && len(f.Divisions) == 0
}

// FiltersOf returns the filters of a request.
func FiltersOf(r Request) Filters {
	return Filters{Include: r.Include, Exclude: r.Exclude, Divisions: r.Divisions}
}

// IDsPartition is the partition name of a type that the filters select by
// id only: its objects are read by id instead of listed.
const IDsPartition = "ids"

// PageResult is the summary an export activity returns; the objects
// themselves went to the backup folder.
type PageResult struct {
	Type      string `json:"type"`
	Partition string `json:"partition"`
	Page      int    `json:"page,omitempty"`
	// PageCount and Total are the listing's own numbers, from page 1.
	PageCount int   `json:"pageCount,omitempty"`
	Total     int64 `json:"total,omitempty"`
	Pages     int   `json:"pages"`
	// Listed counts the entities the listings returned, and Objects those
	// written to the backup. Every listed entity not written is a problem.
	Listed  int `json:"listed"`
	Objects int `json:"objects"`
	// Divisions lists, sorted, the division ids the written objects name.
	Divisions []string `json:"divisions,omitempty"`
	// Requests counts API requests by HTTP status, 0 for transport errors,
	// over every attempt of the activity.
	Requests map[int]int64 `json:"requests"`
	Problems []Problem     `json:"problems,omitempty"`
	// Locked lists the objects that returned 409 Conflict on every read.
	// Each also has a locked problem until a later read succeeds.
	Locked []LockedObject `json:"locked,omitempty"`
}

// LockedObject is an object that stayed locked (409 Conflict) through an
// activity's reads. The workflow reads it again by id on timers until the
// request's lock deadline.
type LockedObject struct {
	Type string `json:"type"`
	// ID is the id the backup stores the object under; EntryID and
	// ParentKey are the ids its read takes, for a type listed under a
	// parent.
	ID        string `json:"id"`
	EntryID   string `json:"entryId,omitempty"`
	ParentKey string `json:"parentKey,omitempty"`
	Partition string `json:"partition,omitempty"`
}

// RetryLockedInput is the input of the RetryLocked activity.
type RetryLockedInput struct {
	ExportID string         `json:"exportId"`
	Output   string         `json:"output"`
	OrgID    string         `json:"orgId,omitempty"`
	Objects  []LockedObject `json:"objects"`
}

// RetryLockedResult is the outcome of reading locked objects again: those
// now in the backup, those still locked and those deleted meanwhile.
type RetryLockedResult struct {
	Exported    []LockedObject `json:"exported,omitempty"`
	StillLocked []LockedObject `json:"stillLocked,omitempty"`
	Gone        []Problem      `json:"gone,omitempty"`
	// Divisions lists, sorted, the division ids the exported objects name.
	Divisions []string      `json:"divisions,omitempty"`
	Requests  map[int]int64 `json:"requests"`
}

// Problem kinds, as they appear in progress, report.json and the manifest.
const (
	ProblemForbidden = "forbidden" // the API returned 403, so the type was skipped
	ProblemLocked    = "locked"    // 409 on every read until the lock deadline
	ProblemGone      = "gone"      // listed, then 404 or 410 when read
	ProblemFailed    = "failed"    // any other failure after retries
	ProblemInvalid   = "invalid"   // a response or object that could not be used
)

// Problem is one thing an export could not do.
type Problem struct {
	Kind      string `json:"kind"`
	Type      string `json:"type"`
	ID        string `json:"id,omitempty"`
	Partition string `json:"partition,omitempty"`
	Page      int    `json:"page,omitempty"`
	Message   string `json:"message"`
}

// LosesData reports whether the problem means the backup misses something.
func (p Problem) LosesData() bool {
	return p.Kind != ProblemGone
}

// ManifestInput is the input of the WriteManifest activity.
type ManifestInput struct {
	// ExportID is the key of the export's staging folder; WorkflowID is
	// the workflow id the manifest records.
	WorkflowID string `json:"workflowId,omitempty"`
	// Filters and WithDependencies are the request's selection, recorded in
	// the manifest so a filtered backup is never taken for a full one.
	Filters          Filters        `json:"filters"`
	WithDependencies bool           `json:"withDependencies,omitempty"`
	ExportID         string         `json:"exportId"`
	RunID            string         `json:"runId"`
	Output           string         `json:"output"`
	Org              Org            `json:"org"`
	StartedAt        time.Time      `json:"startedAt"`
	Layers           [][]string     `json:"layers"`
	Objects          map[string]int `json:"objects"`
	Listed           map[string]int `json:"listed"`
	Problems         []Problem      `json:"problems"`
	Requests         map[int]int64  `json:"requests"`
	Incomplete       []string       `json:"incomplete,omitempty"`
	// Divisions lists, sorted, every division id the exported objects
	// name, to be checked against the divisions the export could read.
	Divisions []string `json:"divisions,omitempty"`
	// TerraformFormat and OmitDangling are the request's Terraform options.
	TerraformFormat string `json:"terraformFormat,omitempty"`
	OmitDangling    bool   `json:"omitDangling,omitempty"`
	// FlowYAML is the result of the flow YAML export, nil when skipped.
	FlowYAML *FlowYAMLResult `json:"flowYaml,omitempty"`
}

// Status values of an export.
const (
	StatusComplete = "complete"
	StatusPartial  = "partial"
)

// Summary is the result of the ExportOrg workflow.
type Summary struct {
	Status     string         `json:"status"`
	Output     string         `json:"output"`
	WorkflowID string         `json:"workflowId"`
	RunID      string         `json:"runId"`
	Org        Org            `json:"org"`
	Types      []TypeSummary  `json:"types"`
	Problems   map[string]int `json:"problems"`
	Requests   int64          `json:"requests"`
	// Warnings are things worth a look that lose nothing, such as an
	// include filter that matched no object; report.json has them too.
	Warnings []string `json:"warnings,omitempty"`
	// Scope is "full" for an export of the whole org, "filtered" for one
	// that filters applied to.
	Scope string `json:"scope,omitempty"`
	// Terraform counts what a restore from terraform/ must look at; the
	// details are in report.json.
	Terraform *TerraformSummary `json:"terraform,omitempty"`
}

// TerraformSummary counts the Terraform writer's findings.
type TerraformSummary struct {
	Dangling     int `json:"dangling"`
	BrokenCycles int `json:"brokenCycles"`
	SelfRefs     int `json:"selfRefs"`
	NotWritten   int `json:"notWritten"`
	Variables    int `json:"variables"`
}

// TypeSummary is one type's line of the summary.
type TypeSummary struct {
	Name    string `json:"name"`
	Objects int    `json:"objects"`
	SHA256  string `json:"sha256"`
}

// Progress is the result of the progress query.
type Progress struct {
	Phase  string         `json:"phase"`
	Layer  int            `json:"layer"`
	Layers int            `json:"layers"`
	Types  []TypeProgress `json:"types"`
}

// Phases of an export, in order.
const (
	PhasePlanning  = "planning"
	PhaseExporting = "exporting"
	PhaseLocks     = "retrying locked objects"
	PhaseFlowYAML  = "exporting flow YAML"
	PhaseManifest  = "writing manifest"
	PhaseDone      = "done"
)

// TypeProgress is one type's progress.
type TypeProgress struct {
	Name      string `json:"name"`
	Layer     int    `json:"layer"`
	State     string `json:"state"`
	Objects   int    `json:"objects"`
	Pages     int    `json:"pages"`
	PagesDone int    `json:"pagesDone"`
	Requests  int64  `json:"requests"`
}

// Type states in Progress.
const (
	StateWaiting = "waiting"
	StateRunning = "running"
	StateDone    = "done"
	StateFailed  = "failed"
	StateSkipped = "skipped"
)

// ClosureInput is the input of the Closure activity: the export's types,
// whose staged objects' references it follows.
type ClosureInput struct {
	ExportID string   `json:"exportId"`
	Output   string   `json:"output"`
	Types    []string `json:"types"`
	// Filters are the request's filters. The closure adds no object that
	// exclude leaves out; include and divisions do not apply to it.
	Filters Filters `json:"filters"`
	// Round numbers the closures of one export: after the lock sweep has
	// added objects, a second round follows their references. Each round
	// counts only the objects it adds.
	Round int `json:"round,omitempty"`
}

// ClosureResult lists what the closure added, per type, and the layers of
// every type the backup then holds.
type ClosureResult struct {
	Results []PageResult `json:"results"`
	Layers  [][]string   `json:"layers"`
}

// FlowYAMLInput is the input of the ExportFlowYAML activity: a batch of
// flows whose Architect YAML to export.
type FlowYAMLInput struct {
	ExportID string `json:"exportId"`
	Output   string `json:"output"`
	// FlowIDs lists the flows; empty means every flow the export staged.
	FlowIDs []string `json:"flowIds,omitempty"`
	// MaxAttempts is the activity's retry limit. On the last attempt, the
	// flows that a retryable error keeps from exporting are recorded as
	// failed instead of failing the activity again.
	MaxAttempts int32 `json:"maxAttempts"`
}

// FlowYAMLResult is the summary of an ExportFlowYAML activity. Its counts
// cover every attempt of the activity.
type FlowYAMLResult struct {
	// Flows counts the distinct flows of the input, and Written those whose
	// YAML went to the backup. Every flow not written is a problem.
	Flows   int `json:"flows"`
	Written int `json:"written"`
	// Jobs counts the export jobs registered, and Polls the job status
	// requests.
	Jobs     int           `json:"jobs"`
	Polls    int           `json:"polls"`
	Requests map[int]int64 `json:"requests"`
	Problems []Problem     `json:"problems,omitempty"`
}

// PagesWorkflowName is the child workflow that exports the pages of one
// partition of a type with many pages, so that no history grows with the
// size of the org.
const PagesWorkflowName = "ExportPages"

// PageProgressSignal carries a PageProgress from an ExportPages child to
// its parent, which adds it to the progress query's result.
const PageProgressSignal = "page-progress"

// PagesInput is the input of the ExportPages child workflow: pages From to
// To of the partition that Page names. A run exports at most PagesPerRun of
// them, then continues as new with the rest and what it has so far.
type PagesInput struct {
	Page        PageInput   `json:"page"`
	From        int         `json:"from"`
	To          int         `json:"to"`
	Parallel    int         `json:"parallel"`
	PagesPerRun int         `json:"pagesPerRun"`
	Done        PagesResult `json:"done"`
	// Summaries gives each page activity a summary for the Temporal UI.
	Summaries bool `json:"summaries,omitempty"`
}

// PagesResult is the sum of the pages that an ExportPages child exported.
type PagesResult struct {
	Objects int `json:"objects"`
	Listed  int `json:"listed"`
	Pages   int `json:"pages"`
	// Divisions lists, sorted, the division ids the written objects name.
	Divisions []string       `json:"divisions,omitempty"`
	Requests  map[int]int64  `json:"requests"`
	Problems  []Problem      `json:"problems,omitempty"`
	Locked    []LockedObject `json:"locked,omitempty"`
	// Failed counts the pages that ended in an error; Forbidden is set
	// when one of them was a 403.
	Failed    int  `json:"failed,omitempty"`
	Forbidden bool `json:"forbidden,omitempty"`
}

// PageProgress is a batch of finished pages of one type, for progress.
type PageProgress struct {
	Type     string `json:"type"`
	Pages    int    `json:"pages"`
	Objects  int    `json:"objects"`
	Requests int64  `json:"requests"`
}
