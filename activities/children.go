package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
)

// ExportChildren exports a type that is listed under its parent type: for
// every parent object this export staged, it lists the children and writes
// each under "<parentKey>_<id>". It heartbeats after every parent, so a retry
// resumes at the parent it stopped at.
func (a *Activities) ExportChildren(ctx context.Context, in export.PageInput) (*export.PageResult, error) {
	job, err := a.newJob(ctx, in)
	if err != nil {
		return nil, err
	}
	defer job.hb.stop()
	if job.typ.Parent == "" {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: the type has no parent", in.Type), string(genesys.ClassInvalid), nil)
	}
	parents, err := job.parentKeys()
	if err != nil {
		return nil, temporalError(err)
	}
	job.res.Page = 0
	job.res.Objects, job.res.Listed, job.res.Pages = job.hb.state.Objects, job.hb.state.Listed, job.hb.state.Parent
	for i := job.hb.state.Parent; i < len(parents); i++ {
		job.parentKey = parents[i]
		if err := job.exportUnder(ctx); err != nil {
			return nil, err
		}
		job.res.Pages = i + 1
		job.hb.update(func(s *progressState) {
			s.Parent, s.Done = i+1, nil
			s.Objects, s.Listed = job.res.Objects, job.res.Listed
		})
	}
	return job.res, nil
}

// parentKeys returns the values that fill the list path for each staged
// parent object: the parent's id, or its ParentField.
func (j *pageJob) parentKeys() ([]string, error) {
	ids, err := j.dir.StagedIDs(j.in.ExportID, j.typ.Parent)
	if err != nil || j.typ.ParentField == "" {
		return ids, err
	}
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		data, err := j.dir.ReadStaged(j.in.ExportID, j.typ.Parent, id)
		if err != nil {
			return nil, err
		}
		var obj any
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("staged %s %s: %w", j.typ.Parent, id, err)
		}
		values := catalog.Extract(obj, j.typ.ParentField)
		if len(values) == 0 {
			j.problem(export.ProblemInvalid, id, fmt.Sprintf("parent %s %s has no %s", j.typ.Parent, id, j.typ.ParentField))
			continue
		}
		keys = append(keys, values[0])
	}
	return keys, nil
}

// exportUnder lists and writes the children of the current parent. A parent
// deleted since it was exported returns 404 and is reported as gone.
func (j *pageJob) exportUnder(ctx context.Context) error {
	path := strings.ReplaceAll(j.typ.ListPath, catalog.ParentToken, url.PathEscape(j.parentKey))
	query := j.listQuery()
	switch j.typ.Paging {
	case catalog.PagingObject:
		body, err := j.a.Client.Get(ctx, path, query)
		j.count(err)
		if gone := j.goneParent(err); gone || err != nil {
			return j.childError(err, gone)
		}
		j.res.Listed++
		if err := j.dir.WriteObject(j.in.ExportID, j.in.Type, j.parentKey, body); err != nil {
			j.problem(export.ProblemInvalid, j.parentKey, err.Error())
			return nil
		}
		j.res.Objects++
		return nil
	case catalog.PagingNone:
		entities, err := j.a.Client.GetUnpaged(ctx, path, query)
		j.count(err)
		if gone := j.goneParent(err); gone || err != nil {
			return j.childError(err, gone)
		}
		return j.writeAll(ctx, entities)
	case catalog.PagingPageNumber:
		for page := 1; ; page++ {
			p, err := j.a.Client.GetPage(ctx, path, query, page, j.typ.PageSize)
			j.count(err)
			if gone := j.goneParent(err); gone || err != nil {
				return j.childError(err, gone)
			}
			if err := j.writeAll(ctx, p.Entities); err != nil {
				return err
			}
			// Some member listings carry no pageCount, only nextUri.
			more := p.NextURI != "" || page < p.PageCount
			if !more || len(p.Entities) == 0 {
				return nil
			}
		}
	case catalog.PagingAfter, catalog.PagingCursor:
		next := ""
		for {
			var p *genesys.CursorPage
			var err error
			if j.typ.Paging == catalog.PagingAfter {
				p, err = j.a.Client.GetAfterPage(ctx, path, query, next, j.typ.PageSize)
			} else {
				p, err = j.a.Client.GetCursorPage(ctx, path, query, next, j.typ.PageSize)
			}
			j.count(err)
			if gone := j.goneParent(err); gone || err != nil {
				return j.childError(err, gone)
			}
			if err := j.writeAll(ctx, p.Entities); err != nil {
				return err
			}
			if next = p.Next; next == "" {
				return nil
			}
		}
	default:
		return temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("export %s: paging %s is not supported under a parent", j.in.Type, j.typ.Paging),
			string(genesys.ClassInvalid), nil)
	}
}

func (j *pageJob) goneParent(err error) bool {
	if genesys.ClassOf(err) != genesys.ClassGone {
		return false
	}
	j.problem(export.ProblemGone, j.parentKey,
		fmt.Sprintf("%s %s was deleted before its %s could be listed: %v", j.typ.Parent, j.parentKey, j.in.Type, err))
	return true
}

func (j *pageJob) childError(err error, gone bool) error {
	if gone {
		return nil
	}
	return j.fail(fmt.Errorf("list %s under %s %s: %w", j.in.Type, j.typ.Parent, j.parentKey, err))
}
