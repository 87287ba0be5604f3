package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"sort"
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

// Closure completes a filtered export with everything its objects
// reference, transitively, at object level: each referenced object missing
// from the backup is read by id, and its own references are followed in
// turn. No type is listed again, so the cost is one request per added
// object. Objects that exclude leaves out are not added, and their
// references are not followed.
//
// The staging folder is the index of what the export holds, so memory
// does not grow with the org. The closure walks one object's references at
// a time, depth first. It keeps in memory only the objects it could not
// add and the references still to follow from the current object.
func (a *Activities) Closure(ctx context.Context, in export.ClosureInput) (*export.ClosureResult, error) {
	dir, err := sink.Open(in.Output)
	if err != nil {
		return nil, temporalError(err)
	}
	// Divisions do not apply: a dependency is kept whatever its division.
	filters, err := a.compileFilters(in.Filters.Include, in.Filters.Exclude, nil)
	if err != nil {
		return nil, err
	}
	c := &closure{a: a, in: in, dir: dir, filters: filters,
		unreadable: map[closureKey]bool{}, results: map[string]*export.PageResult{}}
	if err := c.replay(); err != nil {
		return nil, err
	}
	// The references of objects that earlier attempts added may not all
	// have been followed before those attempts stopped.
	err = c.dir.ScanJournal(in.ExportID, c.journal(), func(line []byte) error {
		var rec closureRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return temporalError(fmt.Errorf("closure journal: %w", err))
		}
		if !rec.Added {
			return nil
		}
		staged, err := c.isStaged(rec.Type, rec.ID)
		if err != nil || !staged {
			return err
		}
		return c.follow(ctx, rec.Type, rec.ID)
	})
	if err != nil {
		return nil, asTemporalError(err)
	}
	for _, typ := range in.Types {
		ids, err := dir.StagedIDs(in.ExportID, typ)
		if err != nil {
			return nil, temporalError(err)
		}
		for _, id := range ids {
			if err := c.follow(ctx, typ, id); err != nil {
				return nil, err
			}
		}
	}
	return c.result(), nil
}

// follow reads, depth first, every object that the staged object typ/id
// references, directly or through the objects it adds, and that the export
// does not hold yet.
func (c *closure) follow(ctx context.Context, typ, id string) error {
	stack, err := c.refsOf(typ, id)
	if err != nil {
		return err
	}
	slices.Reverse(stack)
	for len(stack) > 0 {
		ref := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.filters.Excluded(ref.To) {
			continue
		}
		known, err := c.known(ref.To, ref.ID)
		if err != nil {
			return err
		}
		if known {
			continue
		}
		added, err := c.fetch(ctx, ref)
		if err != nil {
			return err
		}
		activity.RecordHeartbeat(ctx, len(stack))
		if !added {
			continue
		}
		refs, err := c.refsOf(ref.To, ref.ID)
		if err != nil {
			return err
		}
		slices.Reverse(refs)
		stack = append(stack, refs...)
	}
	return nil
}

type closure struct {
	a   *Activities
	in  export.ClosureInput
	dir *sink.Dir
	// filters are the request's, for what exclude leaves out.
	filters *filter.Set
	// unreadable holds the objects this closure read by id without adding
	// them (gone, forbidden, locked or invalid), so each is read once.
	unreadable map[closureKey]bool
	results    map[string]*export.PageResult
}

// closureKey is an object's type and id.
type closureKey struct{ typ, id string }

// known reports whether the closure need not read the object typ/id: the
// export holds it, or this closure read it without adding it.
func (c *closure) known(typ, id string) (bool, error) {
	if c.unreadable[closureKey{typ, id}] {
		return true, nil
	}
	return c.isStaged(typ, id)
}

func (c *closure) isStaged(typ, id string) (bool, error) {
	staged, err := c.dir.IsStaged(c.in.ExportID, typ, id)
	if err != nil {
		return false, temporalError(err)
	}
	return staged, nil
}

// asTemporalError returns err when it already is an application error, as
// the closure's own steps return, and turns any other into one.
func asTemporalError(err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) || errors.Is(err, context.Canceled) {
		return err
	}
	return temporalError(err)
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
	Type  string `json:"type"`
	ID    string `json:"id"`
	Added bool   `json:"added,omitempty"`
	// Excluded marks an object read and then left out because exclude
	// names it. It is not counted as listed, as a filtered listing entry
	// is not.
	Excluded bool            `json:"excluded,omitempty"`
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

// replay applies the journal of earlier attempts. A record of an object
// that is not staged (the attempt stopped between journal and write) is
// skipped, so that object is read again. Only the first applicable record
// of an object counts: an object can have two when an attempt's record
// was skipped and a later attempt read the object again.
func (c *closure) replay() error {
	repeated, err := c.repeatedKeys()
	if err != nil {
		return err
	}
	applied := map[closureKey]bool{}
	err = c.dir.ScanJournal(c.in.ExportID, c.journal(), func(line []byte) error {
		var rec closureRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return temporalError(fmt.Errorf("closure journal: %w", err))
		}
		key := closureKey{rec.Type, rec.ID}
		check := repeated[keyHash(key)]
		if check && applied[key] {
			return nil
		}
		if rec.Added {
			staged, err := c.isStaged(rec.Type, rec.ID)
			if err != nil || !staged {
				return err
			}
		}
		if check {
			applied[key] = true
		}
		c.apply(rec)
		return nil
	})
	return asTemporalError(err)
}

// repeatedKeys returns the hashes (keyHash) of the objects that have more
// than one record in the journal. Only those need a set of the objects
// already applied, which keeps that set as small as the repeats: the
// journal itself can have a record for every object of the org. A hash
// shared by two objects only costs an exact check of both.
func (c *closure) repeatedKeys() (map[uint64]bool, error) {
	var hashes []uint64
	err := c.dir.ScanJournal(c.in.ExportID, c.journal(), func(line []byte) error {
		var key struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		}
		if err := json.Unmarshal(line, &key); err != nil {
			return temporalError(fmt.Errorf("closure journal: %w", err))
		}
		hashes = append(hashes, keyHash(closureKey{key.Type, key.ID}))
		return nil
	})
	if err != nil {
		return nil, asTemporalError(err)
	}
	slices.Sort(hashes)
	repeated := map[uint64]bool{}
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			repeated[hashes[i]] = true
		}
	}
	return repeated, nil
}

// keyHash returns the 64-bit FNV-1a hash of an object's type and id.
func keyHash(key closureKey) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key.typ))
	h.Write([]byte{0})
	h.Write([]byte(key.id))
	return h.Sum64()
}

// apply counts one outcome in the closure's results.
func (c *closure) apply(rec closureRecord) {
	res := c.resultOf(rec.Type)
	for status, n := range rec.Requests {
		res.Requests[status] += n
	}
	if !rec.Excluded {
		res.Listed++
	}
	if !rec.Added {
		c.unreadable[closureKey{rec.Type, rec.ID}] = true
	}
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
	if rec.Added && c.filters.ExcludesObjects(ref.To) {
		var obj map[string]any
		if json.Unmarshal(normalized, &obj) == nil && c.filters.Excludes(ref.To, obj) {
			rec.Added, rec.Excluded = false, true
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
