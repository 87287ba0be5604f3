package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

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

// fetch reads one referenced object by id and stages it. A referenced
// object that no longer exists is reported as gone. A type that cannot be
// read by id alone, because it is listed under a parent, is skipped.
func (c *closure) fetch(ctx context.Context, ref catalog.Reference) (bool, error) {
	t, ok := c.a.Catalog.Type(ref.To)
	if !ok || t.Parent != "" || t.Singleton {
		return false, nil
	}
	res := c.resultOf(ref.To)
	path := strings.ReplaceAll(t.GetPath, "{id}", url.PathEscape(ref.ID))
	body, err := c.a.Client.Get(ctx, path, queryOf(t.GetQuery))
	res.Requests[statusOf(err)]++
	res.Listed++
	c.staged[ref.To][ref.ID] = true
	switch genesys.ClassOf(err) {
	case "":
	case genesys.ClassGone, genesys.ClassForbidden:
		kind := export.ProblemGone
		if genesys.ClassOf(err) == genesys.ClassForbidden {
			kind = export.ProblemForbidden
		}
		res.Problems = append(res.Problems, export.Problem{Kind: kind, Type: ref.To, ID: ref.ID,
			Message: fmt.Sprintf("referenced through %s but not readable: %v", ref.Path, err)})
		return false, nil
	default:
		return false, temporalError(fmt.Errorf("read %s %s: %w", ref.To, ref.ID, err))
	}
	if err := c.dir.WriteObject(c.in.ExportID, ref.To, ref.ID, body); err != nil {
		res.Problems = append(res.Problems, export.Problem{Kind: export.ProblemInvalid, Type: ref.To, ID: ref.ID, Message: err.Error()})
		return false, nil
	}
	res.Objects++
	return true, nil
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
