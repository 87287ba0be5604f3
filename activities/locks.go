package activities

import (
	"context"
	"slices"

	"github.com/gcexport/gcexport/export"
)

// RetryLocked reads locked objects again by id, writes those that are
// readable now, and returns which are exported, which are still locked and
// which were deleted meanwhile. The workflow calls it from its lock sweep,
// between durable timers, so no worker slot is held while a lock lasts.
// Writing an object twice gives the same file, so a retried attempt is
// harmless.
func (a *Activities) RetryLocked(ctx context.Context, in export.RetryLockedInput) (*export.RetryLockedResult, error) {
	out := &export.RetryLockedResult{Requests: map[int]int64{}}
	byType := map[string][]export.LockedObject{}
	var types []string
	for _, obj := range in.Objects {
		if byType[obj.Type] == nil {
			types = append(types, obj.Type)
		}
		byType[obj.Type] = append(byType[obj.Type], obj)
	}
	slices.Sort(types)
	for _, typ := range types {
		if err := a.retryLockedType(ctx, in, typ, byType[typ], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (a *Activities) retryLockedType(ctx context.Context, in export.RetryLockedInput, typ string,
	objects []export.LockedObject, out *export.RetryLockedResult) error {
	job, err := a.newJob(ctx, export.PageInput{
		ExportID: in.ExportID, Output: in.Output, Type: typ, Partition: export.IDsPartition,
		OrgID: in.OrgID, MaxAttempts: 1,
	})
	if err != nil {
		return err
	}
	defer job.hb.stop()
	defer func() {
		addCounts(out.Requests, job.res.Requests)
		for _, d := range job.res.Divisions {
			if i, found := slices.BinarySearch(out.Divisions, d); !found {
				out.Divisions = slices.Insert(out.Divisions, i, d)
			}
		}
	}()
	for _, obj := range objects {
		entryID := obj.EntryID
		if entryID == "" {
			entryID = obj.ID
		}
		job.parentKey = obj.ParentKey
		job.res.Problems, job.res.Locked = nil, nil
		body, keep, err := job.getOne(ctx, obj.ID, entryID)
		if err != nil {
			return err
		}
		switch {
		case keep:
			if err := job.dir.WriteObject(in.ExportID, typ, obj.ID, body); err != nil {
				return temporalError(err)
			}
			job.noteDivisions(body)
			out.Exported = append(out.Exported, obj)
		case len(job.res.Locked) > 0:
			out.StillLocked = append(out.StillLocked, obj)
		default:
			out.Gone = append(out.Gone, job.res.Problems...)
		}
	}
	return nil
}

func addCounts(dst, src map[int]int64) {
	for status, n := range src {
		dst[status] += n
	}
}
