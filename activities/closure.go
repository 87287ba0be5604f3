package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/sink"
)

// Closure completes a filtered export with everything its objects
// reference, transitively, at object level: each referenced object missing
// from the backup is read by id, and its own references are followed in
// turn. No type is listed again, so the cost is one request per added
// object.
func (a *Activities) Closure(ctx context.Context, in export.ClosureInput) (*export.ClosureResult, error) {
	dir, err := sink.Open(in.Output)
	if err != nil {
		return nil, temporalError(err)
	}
	c := &closure{a: a, in: in, dir: dir, staged: map[string]map[string]bool{}, results: map[string]*export.PageResult{}}
	var queue []catalog.Reference
	types := append([]string(nil), in.Types...)
	for _, typ := range a.Catalog.Names() {
		ids, err := dir.StagedIDs(in.ExportID, typ)
		if err != nil {
			return nil, temporalError(err)
		}
		c.staged[typ] = map[string]bool{}
		for _, id := range ids {
			c.staged[typ][id] = true
		}
	}
	added, err := c.replay()
	if err != nil {
		return nil, err
	}
	for _, rec := range added {
		refs, err := c.refsOf(rec.Type, rec.ID)
		if err != nil {
			return nil, err
		}
		queue = append(queue, refs...)
	}
	for _, typ := range types {
		ids, err := dir.StagedIDs(in.ExportID, typ)
		if err != nil {
			return nil, temporalError(err)
		}
		for _, id := range ids {
			refs, err := c.refsOf(typ, id)
			if err != nil {
				return nil, err
			}
			queue = append(queue, refs...)
		}
	}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if c.staged[ref.To][ref.ID] {
			continue
		}
		added, err := c.fetch(ctx, ref)
		if err != nil {
			return nil, err
		}
		activity.RecordHeartbeat(ctx, len(queue))
		if !added {
			continue
		}
		refs, err := c.refsOf(ref.To, ref.ID)
		if err != nil {
			return nil, err
		}
		queue = append(queue, refs...)
	}
	return c.result(), nil
}

type closure struct {
	a       *Activities
	in      export.ClosureInput
	dir     *sink.Dir
	staged  map[string]map[string]bool
	results map[string]*export.PageResult
}

// refsOf returns the references of one staged object, sorted so that the
// order of reads does not depend on map order.
func (c *closure) refsOf(typ, id string) ([]catalog.Reference, error) {
	t, ok := c.a.Catalog.Type(typ)
	if !ok {
		return nil, nil
	}
	data, err := c.dir.ReadStaged(c.in.ExportID, typ, id)
	if err != nil {
		return nil, temporalError(err)
	}
	var obj any
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, temporalError(fmt.Errorf("staged %s %s: %w", typ, id, err))
	}
	refs := t.References(obj)
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].To != refs[j].To {
			return refs[i].To < refs[j].To
		}
		return refs[i].ID < refs[j].ID
	})
	return refs, nil
}

// closureRecord is the journaled outcome of one object the closure read,
// so that a retried attempt counts what earlier attempts added or found
// missing instead of taking their objects for listed ones.
type closureRecord struct {
	Type     string          `json:"type"`
	ID       string          `json:"id"`
	Added    bool            `json:"added,omitempty"`
	Problem  *export.Problem `json:"problem,omitempty"`
	Locked   bool            `json:"locked,omitempty"`
	Requests map[int]int64   `json:"requests"`
}

func (c *closure) journal() string {
	if c.in.Round == 0 {
		return "closure"
	}
	return fmt.Sprintf("closure-%d", c.in.Round)
}

// replay applies the journal of earlier attempts and returns the objects
// they added, whose references must be followed again. A record of an
// object that is not staged (the attempt stopped between journal and
// write) is skipped, so that object is read again.
func (c *closure) replay() ([]closureRecord, error) {
	records, err := c.dir.ReadJournal(c.in.ExportID, c.journal())
	if err != nil {
		return nil, temporalError(err)
	}
	var added []closureRecord
	seen := map[[2]string]bool{}
	for _, data := range records {
		var rec closureRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, temporalError(fmt.Errorf("closure journal: %w", err))
		}
		key := [2]string{rec.Type, rec.ID}
		if seen[key] || (rec.Added && !c.staged[rec.Type][rec.ID]) {
			continue
		}
		seen[key] = true
		c.apply(rec)
		if rec.Added {
			added = append(added, rec)
		}
	}
	return added, nil
}

// apply counts one outcome in the closure's results.
func (c *closure) apply(rec closureRecord) {
	res := c.resultOf(rec.Type)
	for status, n := range rec.Requests {
		res.Requests[status] += n
	}
	res.Listed++
	if c.staged[rec.Type] == nil {
		c.staged[rec.Type] = map[string]bool{}
	}
	c.staged[rec.Type][rec.ID] = true
	if rec.Added {
		res.Objects++
	}
	if rec.Problem != nil {
		res.Problems = append(res.Problems, *rec.Problem)
	}
	if rec.Locked {
		res.Locked = append(res.Locked, export.LockedObject{Type: rec.Type, ID: rec.ID, Partition: "closure"})
	}
}

// fetch reads one referenced object by id and stages it. A referenced
// object that no longer exists is reported as gone, and one that stays
// locked is left to the workflow's lock sweep. A type that cannot be read
// by id alone, because it is listed under a parent, is skipped.
func (c *closure) fetch(ctx context.Context, ref catalog.Reference) (bool, error) {
	t, ok := c.a.Catalog.Type(ref.To)
	if !ok || t.Parent != "" || t.Singleton {
		return false, nil
	}
	rec := closureRecord{Type: ref.To, ID: ref.ID, Requests: map[int]int64{}}
	path := strings.ReplaceAll(t.GetPath, "{id}", url.PathEscape(ref.ID))
	var body []byte
	var err error
	for try := 1; ; try++ {
		body, err = c.a.Client.Get(ctx, path, queryOf(t.GetQuery))
		rec.Requests[statusOf(err)]++
		if genesys.ClassOf(err) != genesys.ClassConflict || try >= conflictTries {
			break
		}
		if werr := sleep(ctx, time.Duration(try)*conflictPause); werr != nil {
			return false, werr
		}
	}
	switch genesys.ClassOf(err) {
	case "":
		rec.Added = true
	case genesys.ClassGone, genesys.ClassForbidden:
		kind := export.ProblemGone
		if genesys.ClassOf(err) == genesys.ClassForbidden {
			kind = export.ProblemForbidden
		}
		rec.Problem = &export.Problem{Kind: kind, Type: ref.To, ID: ref.ID,
			Message: fmt.Sprintf("referenced through %s but not readable: %v", ref.Path, err)}
	case genesys.ClassConflict:
		rec.Locked = true
		rec.Problem = &export.Problem{Kind: export.ProblemLocked, Type: ref.To, ID: ref.ID,
			Message: fmt.Sprintf("referenced through %s: %v", ref.Path, err)}
	default:
		return false, temporalError(fmt.Errorf("read %s %s: %w", ref.To, ref.ID, err))
	}
	var normalized []byte
	if rec.Added {
		if normalized, err = sink.NormalizeJSON(body); err != nil {
			rec.Added = false
			rec.Problem = &export.Problem{Kind: export.ProblemInvalid, Type: ref.To, ID: ref.ID, Message: err.Error()}
		}
	}
	// The journal comes first: an object staged without its record would
	// be taken for a listed one by a retry.
	line, err := json.Marshal(rec)
	if err != nil {
		return false, temporalError(err)
	}
	if err := c.dir.AppendJournal(c.in.ExportID, c.journal(), line); err != nil {
		return false, temporalError(err)
	}
	if rec.Added {
		if err := c.dir.WriteObject(c.in.ExportID, ref.To, ref.ID, normalized); err != nil {
			return false, temporalError(err)
		}
	}
	c.apply(rec)
	return rec.Added, nil
}

func (c *closure) resultOf(typ string) *export.PageResult {
	if r, ok := c.results[typ]; ok {
		return r
	}
	r := &export.PageResult{Type: typ, Partition: "closure", Requests: map[int]int64{}}
	c.results[typ] = r
	return r
}

func (c *closure) result() *export.ClosureResult {
	out := &export.ClosureResult{}
	all := map[string]bool{}
	for _, typ := range c.in.Types {
		all[typ] = true
	}
	for typ, r := range c.results {
		out.Results = append(out.Results, *r)
		all[typ] = true
	}
	sort.Slice(out.Results, func(i, j int) bool { return out.Results[i].Type < out.Results[j].Type })
	var names []string
	for typ := range all {
		names = append(names, typ)
	}
	out.Layers = c.a.Catalog.Layers(names)
	return out
}
