// Package activities joins the Platform API client, the catalogue and the
// backup folder into the activities of the ExportOrg workflow, and turns
// their errors into Temporal application errors whose types the workflow's
// retry policies name.
package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/filter"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/sink"
)

// Activities holds what every activity shares in one worker process: one
// API client, and so one OAuth token source, for all of them.
type Activities struct {
	Client  *genesys.Client
	Catalog *catalog.Catalog
	// Output is the backup folder used when a request names none.
	Output string
	// Region is the org's region as configured, recorded in the manifest.
	Region string
	Logger *slog.Logger
	// BeforeObject, when set, is called with each listed object before it
	// is checked and written. Tests use it to inject failures, a panic
	// included, into page handling; production leaves it nil.
	BeforeObject func(typ, id string, raw json.RawMessage)

	orgMu sync.Mutex
	orgID string
}

// checkOrg fails when the worker's credentials reach another org than the
// one the export planned, which happens when an export is resumed with
// other credentials. The worker's org is read once and cached; count is
// called with the status of that one request.
func (a *Activities) checkOrg(ctx context.Context, want string, count func(error)) error {
	if want == "" {
		return nil
	}
	a.orgMu.Lock()
	defer a.orgMu.Unlock()
	if a.orgID == "" {
		body, err := a.Client.Get(ctx, "/api/v2/organizations/me", nil)
		count(err)
		if err != nil {
			return temporalError(fmt.Errorf("read the org: %w", err))
		}
		var org struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(body, &org); err != nil || org.ID == "" {
			return temporalError(fmt.Errorf("GET /api/v2/organizations/me returned no org id"))
		}
		a.orgID = org.ID
	}
	if a.orgID != want {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"this worker's OAuth client reads org %s, but the export is of org %s: "+
				"resume it with the credentials it started with, or start a new export", a.orgID, want),
			string(genesys.ClassInvalid), nil)
	}
	return nil
}

func (a *Activities) logger() *slog.Logger {
	if a.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Logger
}

// Plan compiles the request's filters against the catalogue, reads the org,
// and returns the types to export in layers.
func (a *Activities) Plan(ctx context.Context, in export.PlanInput) (*export.Plan, error) {
	defer keepAlive(ctx)()
	filters, err := a.compileFilters(in.Request.Include, in.Request.Exclude, in.Request.Divisions)
	if err != nil {
		return nil, err
	}
	names, err := a.selectTypes(in.Request, filters)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), string(genesys.ClassInvalid), nil)
	}
	output := in.Request.Output
	if output == "" {
		output = a.Output
	}
	if output == "" {
		return nil, temporal.NewNonRetryableApplicationError(
			"plan: no backup folder: the request has no output and the worker has none configured",
			string(genesys.ClassInvalid), nil)
	}
	abs, err := filepath.Abs(output)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("plan: backup folder %q: %v", output, err), string(genesys.ClassInvalid), nil)
	}

	if err := checkWritable(abs); err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("plan: backup folder %s is not usable: %v", abs, err), string(genesys.ClassInvalid), nil)
	}

	body, err := a.Client.Get(ctx, "/api/v2/organizations/me", nil)
	requests := map[int]int64{statusOf(err): 1}
	if err != nil {
		return nil, temporalError(fmt.Errorf("plan: read the org: %w", err))
	}
	var org struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal(body, &org); err != nil || org.ID == "" {
		return nil, temporal.NewNonRetryableApplicationError(
			"plan: GET /api/v2/organizations/me returned no org id", string(genesys.ClassInvalid), err)
	}

	if err := a.checkDivisions(ctx, in.Request.Divisions, requests); err != nil {
		return nil, err
	}

	plan := &export.Plan{
		Org:      export.Org{ID: org.ID, Name: org.Name, Region: a.Region},
		Output:   abs,
		Requests: requests,
	}
	for _, layer := range a.Catalog.Layers(names) {
		var l export.Layer
		for _, name := range layer {
			t, _ := a.Catalog.Type(name)
			tp := export.TypePlan{Name: name, Paging: string(t.Paging), Parent: t.Parent, Singleton: t.Singleton}
			for _, p := range t.PartitionsOf() {
				tp.Partitions = append(tp.Partitions, p.Name)
			}
			if filters.IDs(name) != nil && t.Parent == "" && !t.Singleton {
				tp.Partitions = []string{export.IDsPartition}
			}
			l.Types = append(l.Types, tp)
		}
		plan.Layers = append(plan.Layers, l)
	}
	a.logger().Info("export planned", "org", org.ID, "types", len(names), "layers", len(plan.Layers))
	return plan, nil
}

// compileFilters compiles a request's filters. Invalid filters fail the
// activity without retries, because no retry can make them valid.
func (a *Activities) compileFilters(include, exclude, divisions []string) (*filter.Set, error) {
	filters, err := filter.Compile(a.Catalog, include, exclude, divisions)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			"export request: "+strings.ReplaceAll(err.Error(), "\n", "; "), string(genesys.ClassInvalid), nil)
	}
	return filters, nil
}

// selectTypes returns the types the filters select, with the types their
// listing needs: parents of parent-listed types and, for a closure export,
// the selected types' sub-resources.
func (a *Activities) selectTypes(req export.Request, filters *filter.Set) ([]string, error) {
	out := filters.Types()
	if len(out) == 0 {
		return nil, fmt.Errorf("export request: %w", filter.ErrNoTypes)
	}
	if req.WithDependencies {
		out = a.withChildren(out, filters)
	}
	return a.withParents(out), nil
}

// withChildren adds the parent-listed types of the selected types, and the
// types they own (catalog.Type.OwnedBy), such as a user's role grants, so
// that a closure export holds the selected objects' sub-resources too. A
// type that exclude leaves out stays out.
func (a *Activities) withChildren(names []string, filters *filter.Set) []string {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	for _, n := range a.Catalog.Names() {
		t, _ := a.Catalog.Type(n)
		if in[n] || filters.Excluded(n) {
			continue
		}
		if (t.Parent != "" && in[t.Parent]) || slices.ContainsFunc(t.OwnedBy, func(o string) bool { return in[o] }) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// withParents adds to names the parents of parent-listed types, whose
// exported objects are what their children are listed under.
func (a *Activities) withParents(names []string) []string {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	for i := 0; i < len(names); i++ {
		t, _ := a.Catalog.Type(names[i])
		if t.Parent != "" && !in[t.Parent] {
			in[t.Parent] = true
			names = append(names, t.Parent)
		}
	}
	sort.Strings(names)
	return names
}

// checkWritable creates the backup folder if needed and writes and removes
// a probe file in it, so that a folder the worker cannot write fails the
// export at once instead of after every page's retries.
func checkWritable(dir string) error {
	if _, err := sink.Open(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// statusOf returns the HTTP status of a request's outcome: 200 for success,
// the response's status for an API error, 0 for a transport failure.
func statusOf(err error) int {
	var apiErr *genesys.Error
	switch {
	case err == nil:
		return 200
	case errors.As(err, &apiErr):
		return apiErr.Status
	default:
		return 0
	}
}

// temporalError turns a client or sink error into an application error whose
// type is the client's error class, so the retry policy can name the ones
// no retry fixes. A 429 carries its Retry-After as NextRetryDelay, so the
// next attempt waits exactly as long as the API asked, however long.
//
// details travel with the error to the workflow: page activities attach
// their request counts, so requests of a failed attempt are still counted.
func temporalError(err error, details ...any) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var apiErr *genesys.Error
	if !errors.As(err, &apiErr) {
		// Disk and other local failures may pass; let the policy retry them.
		return temporal.NewApplicationErrorWithOptions(err.Error(), "Local",
			temporal.ApplicationErrorOptions{Cause: err, Details: details})
	}
	opts := temporal.ApplicationErrorOptions{Details: details}
	switch apiErr.Class {
	case genesys.ClassRateLimited:
		opts.NextRetryDelay = apiErr.RetryAfter
	case genesys.ClassAuth, genesys.ClassForbidden, genesys.ClassGone, genesys.ClassInvalid:
		opts.NonRetryable = true
	}
	return temporal.NewApplicationErrorWithOptions(err.Error(), string(apiErr.Class), opts)
}

// checkDivisions reads each division the request filters by, so that an id
// that names no division fails the export at once instead of exporting
// nothing of every divisioned type. A division the client may not read is
// left to the listing, which reports the missing permission.
func (a *Activities) checkDivisions(ctx context.Context, ids []string, requests map[int]int64) error {
	t, ok := a.Catalog.Type("auth_division")
	if !ok || len(ids) == 0 {
		return nil
	}
	var unknown []string
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		_, err := a.Client.Get(ctx, strings.ReplaceAll(t.GetPath, "{id}", url.PathEscape(id)), nil)
		requests[statusOf(err)]++
		switch genesys.ClassOf(err) {
		case "", genesys.ClassForbidden:
		case genesys.ClassGone:
			unknown = append(unknown, id)
		default:
			return temporalError(fmt.Errorf("plan: read division %s: %w", id, err))
		}
	}
	if len(unknown) > 0 {
		a.logger().Error("export request names unknown divisions", "divisions", unknown)
		return temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export request: divisions: no division with id %s in this org", strings.Join(unknown, ", ")),
			string(genesys.ClassInvalid), nil)
	}
	return nil
}
