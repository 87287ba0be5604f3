package activities

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/sink"
)

// flowDependenciesProblemType is the type that problems with reading a
// flow's consumed resources are reported under.
const flowDependenciesProblemType = "flow_dependencies"

const (
	// consumedResourcesPath returns the resources that one version of a
	// flow consumes. No list endpoint returns them for many flows, so the
	// export sends one request per published flow, and one more per page
	// beyond the first.
	consumedResourcesPath = "/api/v2/architect/dependencytracking/consumedresources"
	// consumedResourcesPageSize is the page size Genesys' own exporter
	// sends. NOTE: the API reference states no maximum.
	consumedResourcesPageSize = 100
	// maxConsumedResourcesPages bounds the pages read for one flow, so a
	// listing whose page count never ends cannot hold the activity.
	maxConsumedResourcesPages = 1000
	// dependencyTrackingPermission is the permission the endpoint needs.
	dependencyTrackingPermission = "architect:dependencyTracking:view"
)

// flowObjectTypes maps a flow's type to its dependency-tracking object
// type, as Genesys' own exporter does (terraform-provider-genesyscloud,
// genesyscloud/dependent_consumers/dependent_consumers.go).
var flowObjectTypes = map[string]string{
	"BOT": "BOTFLOW", "COMMONMODULE": "COMMONMODULEFLOW", "DIGITALBOT": "DIGITALBOTFLOW",
	"INBOUNDCALL": "INBOUNDCALLFLOW", "INBOUNDCHAT": "INBOUNDCHATFLOW",
	"INBOUNDEMAIL": "INBOUNDEMAILFLOW", "INBOUNDSHORTMESSAGE": "INBOUNDSHORTMESSAGEFLOW",
	"INQUEUECALL": "INQUEUECALLFLOW", "INQUEUEEMAIL": "INQUEUEEMAILFLOW",
	"INQUEUESHORTMESSAGE": "INQUEUESHORTMESSAGEFLOW", "OUTBOUNDCALL": "OUTBOUNDCALLFLOW",
	"SECURECALL": "SECURECALLFLOW", "SURVEYINVITE": "SURVEYINVITEFLOW", "VOICE": "VOICEFLOW",
	"VOICEMAIL": "VOICEMAILFLOW", "WORKFLOW": "WORKFLOW", "WORKITEM": "WORKITEMFLOW",
}

// dependencyTarget is the published version of a flow whose consumed
// resources are read.
type dependencyTarget struct {
	ID         string `json:"id"`
	Version    string `json:"version"`
	ObjectType string `json:"objectType"`
}

// flowDependencies is the content of flows/<id>.dependencies.json: the
// flow version that was read and its consumed resources as the API
// returned them, sorted by type, id and version, without duplicates.
type flowDependencies struct {
	Flow              dependencyTarget `json:"flow"`
	ConsumedResources []map[string]any `json:"consumedResources"`
}

// consumedResourcesPage is the part of a ConsumedResourcesEntityListing
// that the activity reads.
type consumedResourcesPage struct {
	Entities  []json.RawMessage `json:"entities"`
	PageCount int               `json:"pageCount"`
	NextURI   string            `json:"nextUri"`
}

// exportDependencies writes the consumed resources of every flow of the
// run that has a published version, after the YAML of all of them. A flow
// is recorded in the heartbeat once its file is written, so a retried
// attempt reads only the flows still missing. A 403 is reported once and
// ends the reading, because the permission is missing for every flow. A
// flow that is gone or rejected is reported alone.
func (r *flowRun) exportDependencies(ctx context.Context) error {
	targets, err := r.dependencyTargets()
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.depTargets = targets
	forbidden := r.state.DepsForbidden
	r.mu.Unlock()
	if forbidden {
		return nil
	}
	for _, target := range targets {
		if r.dependenciesDone(target.ID) {
			continue
		}
		err := r.exportFlowDependencies(ctx, target)
		switch class := genesys.ClassOf(err); {
		case err == nil:
		case class == genesys.ClassForbidden:
			r.reportForbiddenDependencies(err)
			return nil
		case class == genesys.ClassGone:
			r.endDependencies(target.ID, r.dependencyProblem(export.ProblemGone, target.ID, err.Error()))
		case class == genesys.ClassInvalid:
			r.endDependencies(target.ID, r.dependencyProblem(export.ProblemInvalid, target.ID, err.Error()))
		default:
			return err
		}
	}
	return nil
}

// dependencyTargets returns, in input order, the flows whose staged object
// names a published version of a flow type that dependency tracking
// supports. A flow that the export did not stage is left out, because only
// its object gives the published version.
func (r *flowRun) dependencyTargets() ([]dependencyTarget, error) {
	var out []dependencyTarget
	for _, id := range r.flows {
		data, err := r.dir.ReadStaged(r.in.ExportID, "flow", id)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var flow struct {
			Type             string `json:"type"`
			PublishedVersion *struct {
				ID string `json:"id"`
			} `json:"publishedVersion"`
		}
		if err := json.Unmarshal(data, &flow); err != nil {
			return nil, fmt.Errorf("flow %s: staged object: %w", id, err)
		}
		if flow.PublishedVersion == nil || flow.PublishedVersion.ID == "" {
			continue
		}
		objectType, ok := flowObjectTypes[flow.Type]
		if !ok {
			r.a.logger().Warn("flow type unknown to dependency tracking, its consumed resources are not read",
				"flowId", id, "flowType", flow.Type)
			continue
		}
		out = append(out, dependencyTarget{ID: id, Version: flow.PublishedVersion.ID, ObjectType: objectType})
	}
	return out, nil
}

// exportFlowDependencies reads every page of one flow's consumed resources
// and writes them to the staging folder.
func (r *flowRun) exportFlowDependencies(ctx context.Context, target dependencyTarget) error {
	var entities []json.RawMessage
	for page := 1; ; page++ {
		if page > maxConsumedResourcesPages {
			return &genesys.Error{Class: genesys.ClassInvalid, Method: "GET", Path: consumedResourcesPath,
				Message: fmt.Sprintf("flow %s has more than %d pages of consumed resources", target.ID, maxConsumedResourcesPages)}
		}
		query := url.Values{
			"id": {target.ID}, "version": {target.Version}, "objectType": {target.ObjectType},
			"pageNumber": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(consumedResourcesPageSize)},
		}
		data, err := r.callWaitingOutRateLimits(ctx, "read the consumed resources of flow "+target.ID,
			func() ([]byte, error) { return r.a.Client.Get(ctx, consumedResourcesPath, query) })
		if err != nil {
			return err
		}
		var listing consumedResourcesPage
		if err := json.Unmarshal(data, &listing); err != nil {
			return &genesys.Error{Class: genesys.ClassInvalid, Method: "GET", Path: consumedResourcesPath,
				Message: "the response is not a ConsumedResourcesEntityListing", Err: err}
		}
		entities = append(entities, listing.Entities...)
		if len(listing.Entities) == 0 || page >= listing.PageCount || listing.NextURI == "" {
			break
		}
	}
	doc, err := sortedDependencies(target, entities)
	if err != nil {
		return &genesys.Error{Class: genesys.ClassInvalid, Method: "GET", Path: consumedResourcesPath,
			Message: "a consumed resource is not a JSON object", Err: err}
	}
	if err := r.dir.WriteFlowDependencies(r.in.ExportID, target.ID, doc); err != nil {
		return err
	}
	r.endDependencies(target.ID, nil)
	return nil
}

// sortedDependencies encodes a flow's dependencies file: its entities
// sorted by type, id, version and then their whole encoding, with exact
// duplicates dropped, so the bytes do not depend on the API's order.
func sortedDependencies(target dependencyTarget, entities []json.RawMessage) ([]byte, error) {
	type entry struct {
		key     []string
		encoded string
		value   map[string]any
	}
	var entries []entry
	for _, raw := range entities {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var value map[string]any
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		encoded, err := sink.MarshalIndent(value)
		if err != nil {
			return nil, err
		}
		key := []string{stringField(value, "type"), stringField(value, "id"), stringField(value, "version")}
		entries = append(entries, entry{key: key, encoded: string(encoded), value: value})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := slices.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.encoded, b.encoded)
	})
	doc := flowDependencies{Flow: target, ConsumedResources: []map[string]any{}}
	for i, e := range entries {
		if i > 0 && e.encoded == entries[i-1].encoded {
			continue
		}
		doc.ConsumedResources = append(doc.ConsumedResources, e.value)
	}
	return sink.MarshalIndent(doc)
}

func stringField(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

// dependenciesDone reports whether a flow's dependencies were written or
// reported.
func (r *flowRun) dependenciesDone(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Contains(r.state.DepsDone, id)
}

// endDependencies records a flow's dependencies as finished, with its
// problems.
func (r *flowRun) endDependencies(id string, problems []export.Problem) {
	r.update(func(s *flowExportState) {
		if !slices.Contains(s.DepsDone, id) {
			s.DepsDone = append(s.DepsDone, id)
		}
		s.Problems = append(s.Problems, problems...)
	})
}

// reportForbiddenDependencies records the one problem of a 403: the OAuth
// client lacks the permission for every flow alike, so the problem names
// no flow, and the flows' YAML is exported all the same.
func (r *flowRun) reportForbiddenDependencies(err error) {
	message := fmt.Sprintf("the consumed resources of flows were not read, so the Terraform flows have no "+
		"depends_on: the OAuth client needs the permission %s: %v", dependencyTrackingPermission, err)
	r.a.logger().Warn("export problem", "kind", export.ProblemForbidden, "type", flowDependenciesProblemType,
		"error", message)
	r.update(func(s *flowExportState) {
		s.DepsForbidden = true
		s.Problems = append(s.Problems, export.Problem{Kind: export.ProblemForbidden,
			Type: flowDependenciesProblemType, Message: message})
	})
}

// dependencyProblem builds and logs the problem of one flow's dependencies.
func (r *flowRun) dependencyProblem(kind, id, message string) []export.Problem {
	r.a.logger().Warn("export problem", "kind", kind, "type", flowDependenciesProblemType, "id", id, "error", message)
	return []export.Problem{{Kind: kind, Type: flowDependenciesProblemType, ID: id, Message: message}}
}

// pendingDependencyProblems returns a failed problem for every flow whose
// dependencies this attempt found to read and did not finish. The caller
// holds r.mu.
func (r *flowRun) pendingDependencyProblems(message string) []export.Problem {
	if r.state.DepsForbidden {
		return nil
	}
	var out []export.Problem
	for _, t := range r.depTargets {
		if !slices.Contains(r.state.DepsDone, t.ID) {
			out = append(out, export.Problem{Kind: export.ProblemFailed, Type: flowDependenciesProblemType,
				ID: t.ID, Message: message})
		}
	}
	return out
}
