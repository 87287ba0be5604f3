package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/export"
)

// lockBatch bounds the objects of one RetryLocked activity, so that its
// input and result stay small in the history however many objects a bulk
// edit has locked.
const lockBatch = 500

// Sweep waits. The first is a thirtieth of the lock deadline but at most
// firstLockWait, and each next one twice the last, up to a quarter of the
// deadline. So a short lock costs little time and a long one few requests:
// with the default 30 minutes, 5 s, 10 s, 20 s ... 7.5 min. minLockWait
// keeps very short deadlines from polling in a loop.
const (
	lockWaitDivisor = 30
	lockWaitCap     = 4
	firstLockWait   = 5 * time.Second
	minLockWait     = 100 * time.Millisecond
)

// sweepLocks reads the objects that stayed locked during their listing
// again, on durable timers with growing waits, until every one is read or
// the request's lock deadline has passed. Timers hold no worker slot, and
// survive worker and server restarts. It returns how many objects it
// added to the backup. Objects still locked at the deadline keep their
// locked problem, whose message then names the deadline.
func (r *exportRun) sweepLocks(ctx workflow.Context) int {
	if len(r.locked) == 0 {
		return 0
	}
	r.progress.setPhase(export.PhaseLocks)
	total := r.req.LockWait()
	deadline := workflow.Now(ctx).Add(total)
	wait := max(min(total/lockWaitDivisor, firstLockWait), minLockWait)
	logger := workflow.GetLogger(ctx)
	logger.Info("retrying locked objects", "objects", len(r.locked), "deadline", total)
	exported := 0
	for len(r.locked) > 0 {
		left := deadline.Sub(workflow.Now(ctx))
		if left <= 0 {
			break
		}
		if err := workflow.Sleep(ctx, min(wait, left)); err != nil {
			break
		}
		wait = min(wait*2, max(total/lockWaitCap, minLockWait))
		var still []export.LockedObject
		for start := 0; start < len(r.locked); start += lockBatch {
			batch := r.locked[start:min(start+lockBatch, len(r.locked))]
			res, err := r.retryLocked(ctx, batch)
			if err != nil {
				logger.Warn("reading locked objects failed; they stay locked until the next round", "error", err)
				still = append(still, batch...)
				continue
			}
			exported += r.applyLockResult(res)
			still = append(still, res.StillLocked...)
		}
		r.locked = still
	}
	for _, obj := range r.locked {
		if i := r.lockedProblem(obj); i >= 0 {
			r.problems[i].Message += fmt.Sprintf("; still locked %s after the last layer, when the lock deadline passed", total)
		}
	}
	return exported
}

func (r *exportRun) retryLocked(ctx workflow.Context, batch []export.LockedObject) (*export.RetryLockedResult, error) {
	in := export.RetryLockedInput{
		ExportID: r.exportID, Output: r.plan.Output, OrgID: r.plan.Org.ID,
		Objects: append([]export.LockedObject(nil), batch...),
	}
	var res export.RetryLockedResult
	opts := r.summarized(pageOptions(), fmt.Sprintf("read %d locked objects again", len(batch)))
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts),
		export.RetryLockedActivity, in).Get(ctx, &res)
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// applyLockResult counts the objects a sweep round read: each exported one
// loses its locked problem and counts as written, each deleted one has its
// problem replaced by a gone one. The audit identity holds either way.
func (r *exportRun) applyLockResult(res *export.RetryLockedResult) int {
	addRequests(r.requests, res.Requests)
	for _, d := range res.Divisions {
		r.divisions[d] = true
	}
	for _, obj := range res.Exported {
		if i := r.lockedProblem(obj); i >= 0 {
			r.problems = append(r.problems[:i], r.problems[i+1:]...)
		}
		r.objects[obj.Type]++
		r.progress.addObjects(obj.Type, 1)
	}
	for _, gone := range res.Gone {
		if i := r.lockedProblem(export.LockedObject{Type: gone.Type, ID: gone.ID}); i >= 0 {
			r.problems[i] = gone
		}
	}
	return len(res.Exported)
}

func (r *exportRun) lockedProblem(obj export.LockedObject) int {
	for i, p := range r.problems {
		if p.Kind == export.ProblemLocked && p.Type == obj.Type && p.ID == obj.ID {
			return i
		}
	}
	return -1
}
