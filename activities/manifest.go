package activities

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// FormatVersion is the version of the backup folder's layout.
const FormatVersion = 1

// manifest is manifest.json.
type manifest struct {
	FormatVersion int        `json:"formatVersion"`
	WorkflowID    string     `json:"workflowId"`
	RunID         string     `json:"runId"`
	Org           export.Org `json:"org"`
	StartedAt     time.Time  `json:"startedAt"`
	FinishedAt    time.Time  `json:"finishedAt"`
	Status        string     `json:"status"`
	Layers        [][]string `json:"layers"`
	// Scope is "full" for an export of the whole org, "filtered" when the
	// request's filters selected part of it; Filters holds them.
	Scope            string                  `json:"scope"`
	Filters          export.Filters          `json:"filters"`
	WithDependencies bool                    `json:"withDependencies,omitempty"`
	Types            map[string]manifestType `json:"types"`
	Problems         map[string]int          `json:"problems"`
	Requests         manifestRequests        `json:"requests"`
	Incomplete       []string                `json:"incomplete,omitempty"`
	// Skipped names, per type the export could not read at all, why: a
	// 403 message names the permission the OAuth client lacks.
	Skipped map[string]string `json:"skipped,omitempty"`
	// Flows describes flows/, the flows' Architect YAML; absent when the
	// export skipped it.
	Flows *manifestFlows `json:"flows,omitempty"`
	// Terraform describes terraform/, written from raw/.
	Terraform *manifestTerraform `json:"terraform,omitempty"`
	// Checksums is the SHA-256 of SHA256SUMS, which lists the SHA-256 of
	// every file of raw/, flows/ and terraform/.
	Checksums string `json:"checksums,omitempty"`
}

type manifestFlows struct {
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
	// Requested counts the flows whose YAML was asked for; every one not in
	// flows/ is in report.json.
	Requested int `json:"requested"`
	// Dependencies describes the flows' dependency files in flows/.
	Dependencies manifestDigest `json:"dependencies"`
}

// manifestDigest is the number of files of a kind and the SHA-256 of their
// bytes in file-name order.
type manifestDigest struct {
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
}

// manifestType is one type's line of the manifest, with its completeness
// audit: every listed object is either exported or reported, so
// listed = count + the reported objects of every kind.
type manifestType struct {
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
	Listed int    `json:"listed"`
	// Reported counts the type's objects in report.json, by problem kind.
	Reported map[string]int `json:"reported"`
	// Audited is true when the identity holds and no page or listing of
	// the type failed.
	Audited bool `json:"audited"`
}

type manifestRequests struct {
	Total    int64            `json:"total"`
	ByStatus map[string]int64 `json:"byStatus"`
}

// report is report.json: every problem, in a fixed order, and what the
// Terraform writer found.
type report struct {
	WorkflowID string           `json:"workflowId"`
	Problems   []export.Problem `json:"problems"`
	// Warnings are things worth a look that lose nothing, such as an
	// include filter that matched no object.
	Warnings  []string          `json:"warnings,omitempty"`
	Terraform *terraform.Report `json:"terraform,omitempty"`
}

// WriteManifest publishes the staged objects, checks them against what the
// page activities reported, and writes report.json and then manifest.json.
// It is safe to retry: publishing finishes an interrupted move, and the
// checksums are read from the published files.
func (a *Activities) WriteManifest(ctx context.Context, in export.ManifestInput) (*export.Summary, error) {
	defer keepAlive(ctx)()
	dir, err := sink.Open(in.Output)
	if err != nil {
		return nil, temporalError(err)
	}
	workflowID := in.WorkflowID
	if workflowID == "" {
		workflowID = in.ExportID
	}
	if err := dir.Publish(in.ExportID, in.RunID); err != nil {
		a.logger().Error("publishing the backup failed; the activity retries, and the staged objects and the last complete backup stay",
			"output", dir.Root(), "exportId", in.ExportID, "error", err)
		return nil, temporalError(err)
	}

	problems := append([]export.Problem(nil), in.Problems...)
	m := manifest{
		FormatVersion:    FormatVersion,
		WorkflowID:       workflowID,
		Scope:            scopeOf(in.Filters),
		Filters:          in.Filters,
		WithDependencies: in.WithDependencies,
		RunID:            in.RunID,
		Org:              in.Org,
		StartedAt:        in.StartedAt.UTC(),
		FinishedAt:       time.Now().UTC(),
		Layers:           in.Layers,
		Types:            map[string]manifestType{},
		Problems:         map[string]int{},
		Requests:         manifestRequests{ByStatus: map[string]int64{}},
		Incomplete:       in.Incomplete,
	}
	summary := &export.Summary{
		Output: dir.Root(), WorkflowID: workflowID, RunID: in.RunID, Org: in.Org,
		Problems: map[string]int{},
	}
	reported := map[string]map[string]int{}
	for _, p := range in.Problems {
		if p.ID == "" {
			continue
		}
		if reported[p.Type] == nil {
			reported[p.Type] = map[string]int{}
		}
		reported[p.Type][p.Kind]++
	}
	incomplete := map[string]bool{}
	for _, typ := range in.Incomplete {
		incomplete[typ] = true
	}
	for _, layer := range in.Layers {
		for _, typ := range layer {
			count, sum, err := dir.TypeDigest(typ)
			if err != nil {
				return nil, temporalError(err)
			}
			entry := manifestType{Count: count, SHA256: sum, Listed: in.Listed[typ], Reported: map[string]int{}}
			accounted := count
			for kind, n := range reported[typ] {
				entry.Reported[kind] = n
				accounted += n
			}
			entry.Audited = accounted == entry.Listed && !incomplete[typ]
			if accounted != entry.Listed {
				problems = append(problems, export.Problem{
					Kind: export.ProblemFailed, Type: typ,
					Message: fmt.Sprintf("audit: %d objects listed, but %d exported and %d reported",
						entry.Listed, count, accounted-count),
				})
			}
			m.Types[typ] = entry
			summary.Types = append(summary.Types, export.TypeSummary{Name: typ, Objects: count, SHA256: sum})
		}
	}
	sort.Slice(summary.Types, func(i, j int) bool { return summary.Types[i].Name < summary.Types[j].Name })
	problems = append(problems, unseenDivisions(dir, in)...)
	tf, tfReport, tfProblems, err := a.writeTerraform(dir, in)
	if err != nil {
		return nil, temporalError(err)
	}
	m.Terraform = tf
	problems = append(problems, tfProblems...)
	if m.Checksums, err = dir.WriteChecksums(); err != nil {
		return nil, temporalError(err)
	}
	if in.FlowYAML != nil {
		count, sum, err := dir.FlowsDigest()
		if err != nil {
			return nil, temporalError(err)
		}
		m.Flows = &manifestFlows{Count: count, SHA256: sum, Requested: in.FlowYAML.Flows}
		if m.Flows.Dependencies.Count, m.Flows.Dependencies.SHA256, err = dir.FlowDependenciesDigest(); err != nil {
			return nil, temporalError(err)
		}
		if count+len(in.FlowYAML.Problems) < in.FlowYAML.Flows {
			problems = append(problems, export.Problem{Kind: export.ProblemFailed, Type: "flow",
				Message: fmt.Sprintf("audit: YAML of %d flows asked for, %d in flows/ and %d reported",
					in.FlowYAML.Flows, count, len(in.FlowYAML.Problems))})
		}
	}

	for _, p := range problems {
		if p.Kind == export.ProblemForbidden && p.ID == "" {
			if m.Skipped == nil {
				m.Skipped = map[string]string{}
			}
			m.Skipped[p.Type] = p.Message
		}
	}
	status := export.StatusComplete
	for _, p := range problems {
		m.Problems[p.Kind]++
		summary.Problems[p.Kind]++
		if p.LosesData() {
			status = export.StatusPartial
		}
	}
	if len(in.Incomplete) > 0 {
		status = export.StatusPartial
	}
	for code, n := range in.Requests {
		m.Requests.ByStatus[fmt.Sprint(code)] += n
		m.Requests.Total += n
	}
	m.Status, summary.Status, summary.Requests = status, status, m.Requests.Total
	summary.Warnings = unmatchedIncludes(in.Filters.Include, m.Types, reported, in.Problems)
	summary.Scope = m.Scope
	if tfReport != nil {
		summary.Terraform = &export.TerraformSummary{
			Dangling: len(tfReport.Dangling), BrokenCycles: len(tfReport.Cycles), SelfRefs: len(tfReport.SelfRefsDropped),
			NotWritten: len(tfReport.NotWritten), Variables: len(tfReport.Variables),
		}
	}
	for _, w := range summary.Warnings {
		a.logger().Warn("export warning", "warning", w)
	}

	rep := report{WorkflowID: workflowID, Problems: nonNil(problems), Warnings: summary.Warnings, Terraform: tfReport}
	if err := dir.WriteJSON(sink.ReportFile, rep); err != nil {
		return nil, temporalError(err)
	}
	if err := dir.WriteJSON(sink.ManifestFile, m); err != nil {
		return nil, temporalError(err)
	}
	a.logger().Info("export finished", "org", in.Org.ID, "status", status, "output", dir.Root(),
		"problems", len(problems), "requests", m.Requests.Total)
	return summary, nil
}

// unmatchedIncludes returns a warning for every include filter whose type
// ended with no object in the backup and no problem either. Such a filter
// matched nothing, and a typing mistake in a name or an id would otherwise
// pass unseen.
func unmatchedIncludes(include []string, types map[string]manifestType, reported map[string]map[string]int, problems []export.Problem) []string {
	troubled := map[string]bool{}
	for _, p := range problems {
		troubled[p.Type] = true
	}
	var out []string
	for _, entry := range include {
		typ, _, _ := strings.Cut(entry, "::")
		if types[typ].Count > 0 || len(reported[typ]) > 0 || troubled[typ] {
			continue
		}
		out = append(out, fmt.Sprintf("include filter %q matched no %s object", entry, typ))
	}
	return out
}

func nonNil(ps []export.Problem) []export.Problem {
	if ps == nil {
		return []export.Problem{}
	}
	return ps
}

// unseenDivisions reports the divisions that exported objects name but that
// the export could not read itself. Objects in a division the OAuth client
// cannot see are missing from every listing, so the backup is a partial
// view of the org. The check needs auth_division in the export.
func unseenDivisions(dir *sink.Dir, in export.ManifestInput) []export.Problem {
	planned := false
	for _, layer := range in.Layers {
		planned = planned || slices.Contains(layer, "auth_division")
	}
	if !planned || slices.Contains(in.Incomplete, "auth_division") {
		return nil
	}
	seen := map[string]bool{}
	if ids, err := dir.PublishedIDs("auth_division"); err == nil {
		for _, id := range ids {
			seen[id] = true
		}
	}
	var out []export.Problem
	for _, id := range in.Divisions {
		if !seen[id] {
			out = append(out, export.Problem{
				Kind: export.ProblemForbidden, Type: "auth_division", ID: id,
				Message: fmt.Sprintf("exported objects name division %s, which the OAuth client cannot read: "+
					"objects in it are missing from every listing, so the backup is a partial view", id),
			})
		}
	}
	return out
}

func scopeOf(f export.Filters) string {
	if f.Empty() {
		return sink.ScopeFull
	}
	return "filtered"
}
