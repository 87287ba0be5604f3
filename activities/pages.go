package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/filter"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/sink"
)

// conflictTries is how often one object's read is tried within an activity
// before the object is recorded as locked. A short local retry absorbs
// brief locks; longer ones are read again by the workflow's lock sweep,
// on durable timers, so the page is neither failed nor listed again.
const conflictTries = 3

var conflictPause = 250 * time.Millisecond

// pageJob is one export activity attempt: the type, the backup folder, the
// heartbeat that carries progress across attempts, and the result so far.
type pageJob struct {
	a    *Activities
	in   export.PageInput
	typ  *catalog.Type
	part catalog.Partition
	dir  *sink.Dir
	hb   *heartbeat
	res  *export.PageResult
	// attempt is this activity attempt's number, 1-based.
	attempt int32
	// parentKey is the parent object whose children are being written, for
	// parent-listed types; it prefixes their ids.
	parentKey string
	filters   *filter.Set
	// drift describes how the listing moved since page 1, "" while it did
	// not; relisting is set while the whole listing is read again.
	drift     string
	relisting bool
	// claimed holds the objects this attempt has counted as its own.
	claimed map[string]bool
}

func (a *Activities) newJob(ctx context.Context, in export.PageInput) (*pageJob, error) {
	typ, ok := a.Catalog.Type(in.Type)
	if !ok {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: unknown type", in.Type), string(genesys.ClassInvalid), nil)
	}
	part, ok := typ.Partition(in.Partition)
	if in.Partition == export.IDsPartition {
		part, ok = catalog.Partition{Name: export.IDsPartition}, true
	}
	if !ok {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: unknown partition %q", in.Type, in.Partition), string(genesys.ClassInvalid), nil)
	}
	filters, err := filter.Compile(a.Catalog, in.Filters.Include, in.Filters.Exclude, in.Filters.Divisions)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: %v", in.Type, err), string(genesys.ClassInvalid), nil)
	}
	dir, err := sink.Open(in.Output)
	if err != nil {
		a.logger().Error("backup folder unusable", "type", in.Type, "output", in.Output, "error", err)
		return nil, temporalError(err)
	}
	hb := startHeartbeat(ctx)
	res := &export.PageResult{Type: in.Type, Partition: in.Partition, Page: in.Page, Requests: map[int]int64{}}
	for status, n := range hb.state.Requests {
		res.Requests[status] = n
	}
	job := &pageJob{
		a: a, in: in, typ: typ, part: part, dir: dir, hb: hb, res: res, filters: filters,
		attempt: activity.GetInfo(ctx).Attempt,
	}
	if err := a.checkOrg(ctx, in.OrgID, job.count); err != nil {
		hb.stop()
		return nil, err
	}
	return job, nil
}

// ExportPage exports one page of a page-number listing, or the whole of an
// unpaged one, and returns its summary.
func (a *Activities) ExportPage(ctx context.Context, in export.PageInput) (_ *export.PageResult, err error) {
	defer a.recoverPage(in, &err)
	job, err := a.newJob(ctx, in)
	if err != nil {
		return nil, err
	}
	defer job.hb.stop()

	if job.typ.Singleton {
		return job.exportSingleton(ctx)
	}
	if in.Partition == export.IDsPartition {
		return job.exportIDs(ctx)
	}
	var entities []json.RawMessage
	query := job.listQuery()
	switch job.typ.Paging {
	case catalog.PagingPageNumber:
		page, err := a.Client.GetPage(ctx, job.typ.ListPath, query, in.Page, job.typ.PageSize)
		job.count(err)
		if job.hitResultCap(err) {
			return job.res, nil
		}
		if err != nil {
			return nil, job.fail(fmt.Errorf("list %s page %d: %w", in.Type, in.Page, err))
		}
		entities = page.Entities
		job.res.PageCount, job.res.Total = page.PageCount, page.Total
		job.checkDrift(page)
		if err := job.writeAll(ctx, entities); err != nil {
			return nil, err
		}
		if err := job.relistIfMoved(ctx, page.Total); err != nil {
			return nil, err
		}
		job.res.Pages = 1
		return job.res, nil
	case catalog.PagingNone:
		list, err := a.Client.GetUnpaged(ctx, job.typ.ListPath, query)
		job.count(err)
		if err != nil {
			return nil, job.fail(fmt.Errorf("list %s: %w", in.Type, err))
		}
		entities = list
	default:
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: paging %s needs the %s activity", in.Type, job.typ.Paging, export.ExportCursorActivity),
			string(genesys.ClassInvalid), nil)
	}
	if err := job.writeAll(ctx, entities); err != nil {
		return nil, err
	}
	job.res.Pages = 1
	return job.res, nil
}

// ExportCursor exports a whole cursor or after-style listing. It heartbeats
// the cursor after every page, so a retry after a crash resumes from the
// last finished page instead of the first.
func (a *Activities) ExportCursor(ctx context.Context, in export.PageInput) (_ *export.PageResult, err error) {
	defer a.recoverPage(in, &err)
	job, err := a.newJob(ctx, in)
	if err != nil {
		return nil, err
	}
	defer job.hb.stop()
	job.res.Page = 0
	job.res.Objects = job.hb.state.Objects
	job.res.Listed = job.hb.state.Listed
	job.res.Pages = job.hb.state.Pages
	query := job.listQuery()
	next := job.hb.state.Cursor
	for {
		var page *genesys.CursorPage
		switch job.typ.Paging {
		case catalog.PagingAfter:
			page, err = a.Client.GetAfterPage(ctx, job.typ.ListPath, query, next, job.typ.PageSize)
		case catalog.PagingCursor:
			page, err = a.Client.GetCursorPage(ctx, job.typ.ListPath, query, next, job.typ.PageSize)
		case catalog.PagingScan:
			page, err = a.Client.GetScanPage(ctx, job.typ.ListPath, query, next, job.typ.PageSize)
		default:
			return nil, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("export %s: paging %s needs the %s activity", in.Type, job.typ.Paging, export.ExportPageActivity),
				string(genesys.ClassInvalid), nil)
		}
		job.count(err)
		if err != nil {
			return nil, job.fail(fmt.Errorf("list %s after %q: %w", in.Type, next, err))
		}
		if err := job.writeAll(ctx, page.Entities); err != nil {
			return nil, err
		}
		job.res.Pages++
		next = page.Next
		job.hb.update(func(s *progressState) {
			s.Cursor, s.Pages, s.Done = next, job.res.Pages, nil
			s.Objects, s.Listed = job.res.Objects, job.res.Listed
		})
		if next == "" {
			return job.res, nil
		}
	}
}

// resultCap is the number of results past which some page-number listings
// return 400 instead of a page: GET /api/v2/users?state=inactive does, as
// Genesys' own exporter (CX as Code) found and works around.
const resultCap = 10_000

// hitResultCap records a 400 on a page that starts at or past resultCap as
// the cap that stopped the listing, so the export reports plainly what it
// could not read instead of failing or ending silently short.
func (j *pageJob) hitResultCap(err error) bool {
	var apiErr *genesys.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || (j.in.Page-1)*j.typ.PageSize < resultCap {
		return false
	}
	j.problem(export.ProblemFailed, "", fmt.Sprintf(
		"GET %s (partition %s) stops at %d results: page %d of %d per page answered 400, so the objects past result %d are not in the backup: %v",
		j.typ.ListPath, j.in.Partition, resultCap, j.in.Page, j.typ.PageSize, resultCap, err))
	j.res.Pages = 1
	return true
}

// noteDivisions records the division ids an object names, so the export can
// tell whether it saw every division its objects live in.
func (j *pageJob) noteDivisions(raw json.RawMessage) {
	var refs []catalog.Reference
	for _, r := range j.typ.Refs {
		if r.To == "auth_division" {
			refs = append(refs, catalog.Reference{Path: r.Path})
		}
	}
	if len(refs) == 0 {
		return
	}
	var obj any
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	for _, r := range refs {
		for _, id := range catalog.Extract(obj, r.Path) {
			if i, found := slices.BinarySearch(j.res.Divisions, id); !found {
				j.res.Divisions = slices.Insert(j.res.Divisions, i, id)
			}
		}
	}
}

// keep applies the request's filters to a listed entity. Types the plan
// added for a selected type's sake (parents, sub-resources) are kept but
// for the objects that exclude names: the other filters name what the user
// selected, not what its listing needs.
func (j *pageJob) keep(raw json.RawMessage) bool {
	if len(j.typ.OwnedBy) > 0 && !j.in.Filters.Empty() && j.ownersSelected() && !j.ownerExported(raw) {
		return false
	}
	selected := j.filters.TypeSelected(j.in.Type)
	if selected && j.filters.WholeType(j.in.Type) {
		return true
	}
	if !selected && !j.filters.ExcludesObjects(j.in.Type) {
		return true
	}

	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return true
	}
	if selected {
		return j.filters.Keep(j.in.Type, obj)
	}
	return !j.filters.Excludes(j.in.Type, obj)
}

// ownersSelected reports whether the filters select any owner type of the
// job's type. When they select none, as for an export of the role grants
// alone, the owners do not decide which objects are kept.
func (j *pageJob) ownersSelected() bool {
	return slices.ContainsFunc(j.typ.OwnedBy, j.filters.TypeSelected)
}

// ownerExported reports whether an object of a type with owners (such as
// a role grant) references an owner that this export staged. Owner types
// are in earlier layers, so their objects are staged by the time this type
// is listed. An entity that cannot be decoded is kept, for the checks that
// report it.
func (j *pageJob) ownerExported(raw json.RawMessage) bool {
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return true
	}
	for _, ref := range j.typ.References(obj) {
		if !slices.Contains(j.typ.OwnedBy, ref.To) {
			continue
		}
		if staged, err := j.dir.IsStaged(j.in.ExportID, ref.To, ref.ID); err == nil && staged {
			return true
		}
	}
	return false
}

// exportIDs reads the objects a type's filters name by id, instead of
// listing the whole type to find them.
func (j *pageJob) exportIDs(ctx context.Context) (*export.PageResult, error) {
	done := map[string]bool{}
	for _, id := range j.hb.state.Done {
		done[id] = true
	}
	for _, id := range j.filters.IDs(j.in.Type) {
		if done[id] {
			j.res.Listed++
			j.res.Objects++
			continue
		}
		body, ok, err := j.getOne(ctx, id, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			j.res.Listed++
			continue
		}
		if !j.keep(body) {
			continue
		}
		j.res.Listed++
		if err := j.dir.WriteObject(j.in.ExportID, j.in.Type, id, body); err != nil {
			j.problem(export.ProblemInvalid, id, err.Error())
			continue
		}
		j.res.Objects++
		j.hb.update(func(s *progressState) { s.Done = append(s.Done, id) })
	}
	j.res.Pages = 1
	return j.res, nil
}

// exportSingleton reads an org-wide settings object and stores it under
// the type's name.
func (j *pageJob) exportSingleton(ctx context.Context) (*export.PageResult, error) {
	body, err := j.a.Client.Get(ctx, j.typ.GetPath, queryOf(j.typ.GetQuery))
	j.count(err)
	if err != nil {
		return nil, j.fail(fmt.Errorf("read %s: %w", j.in.Type, err))
	}
	j.res.Listed, j.res.Pages = 1, 1
	if err := j.dir.WriteObject(j.in.ExportID, j.in.Type, j.in.Type, body); err != nil {
		j.problem(export.ProblemInvalid, j.in.Type, err.Error())
		return j.res, nil
	}
	j.res.Objects = 1
	return j.res, nil
}

func queryOf(m map[string][]string) url.Values {
	q := url.Values{}
	for k, v := range m {
		q[k] = append([]string(nil), v...)
	}
	return q
}

func (j *pageJob) listQuery() url.Values {
	q := queryOf(j.typ.ListQuery)
	for k, v := range j.part.Query {
		q[k] = append([]string(nil), v...)
	}
	return q
}

// writeAll writes a page's entities, reading each again by id first when
// the type's list leaves out fields. Objects finished by an earlier attempt
// of this activity are skipped, so a retry costs only the list request.
func (j *pageJob) writeAll(ctx context.Context, entities []json.RawMessage) error {
	done := map[string]bool{}
	for _, id := range j.hb.state.Done {
		done[id] = true
	}
	for i, raw := range entities {
		if err := j.writeEntity(ctx, i, raw, done); err != nil {
			return err
		}
	}
	return nil
}

// getOne reads one object by id. keep is false when the object was recorded
// as a problem instead (deleted since it was listed, or still locked after
// conflictTries reads).
func (j *pageJob) getOne(ctx context.Context, id, entryID string) (body []byte, keep bool, err error) {
	path := strings.ReplaceAll(j.typ.GetPath, "{id}", url.PathEscape(entryID))
	path = strings.ReplaceAll(path, catalog.ParentToken, url.PathEscape(j.parentKey))
	query := queryOf(j.typ.GetQuery)
	for try := 1; ; try++ {
		body, err = j.a.Client.Get(ctx, path, query)
		j.count(err)
		switch genesys.ClassOf(err) {
		case "":
			return body, true, nil
		case genesys.ClassGone:
			j.problem(export.ProblemGone, id, err.Error())
			return nil, false, nil
		case genesys.ClassConflict:
			if try < conflictTries {
				if werr := sleep(ctx, time.Duration(try)*conflictPause); werr != nil {
					return nil, false, werr
				}
				continue
			}
			// The workflow reads locked objects again on durable timers,
			// so the page need not fail and list again for one lock.
			j.problem(export.ProblemLocked, id, err.Error())
			j.res.Locked = append(j.res.Locked, export.LockedObject{
				Type: j.in.Type, ID: id, EntryID: entryID, ParentKey: j.parentKey, Partition: j.in.Partition})
			return nil, false, nil
		}
		return nil, false, j.fail(fmt.Errorf("read %s %s: %w", j.in.Type, id, err))
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// count records one request's HTTP status in the result and the heartbeat,
// so requests of failed attempts are counted too.
func (j *pageJob) count(err error) {
	status := statusOf(err)
	j.res.Requests[status]++
	j.hb.update(func(s *progressState) {
		if s.Requests == nil {
			s.Requests = map[int]int64{}
		}
		s.Requests[status]++
	})
}

func (j *pageJob) problem(kind, id, msg string) {
	j.res.Problems = append(j.res.Problems, export.Problem{
		Kind: kind, Type: j.in.Type, ID: id, Partition: j.in.Partition, Page: j.res.Page, Message: msg,
	})
	j.a.logger().Warn("export problem", "kind", kind, "type", j.in.Type, "id", id,
		"partition", j.in.Partition, "page", j.res.Page, "error", msg)
}

func (j *pageJob) fail(err error) error {
	j.a.logger().Warn("export attempt failed", "type", j.in.Type, "partition", j.in.Partition,
		"page", j.in.Page, "attempt", j.attempt, "error", err)
	return pageError(err, j.attempt, j.res.Requests)
}

// objectID returns the id an entity is stored under and its own id, the
// value of its IDField (default "id"). They differ for parent-listed types,
// whose stored ids are prefixed with the parent's key.
func (j *pageJob) objectID(raw json.RawMessage) (storeID, entryID string, err error) {
	field := j.typ.IDField
	if field == "" {
		field = "id"
	}
	var e map[string]any
	if err := json.Unmarshal(raw, &e); err != nil {
		return "", "", fmt.Errorf("not a JSON object: %w", err)
	}
	id, ok := e[field].(string)
	if !ok || id == "" {
		return "", "", fmt.Errorf("has no string %q", field)
	}
	if j.parentKey != "" {
		return j.parentKey + "_" + id, id, nil
	}
	return id, id, nil
}
