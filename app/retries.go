package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/sdk/client"
)

// retryNoticeEvery is how often the follower looks for activities waiting
// to retry. A wait after a 429 can last minutes, in which the progress
// does not move, so saying why keeps the export from looking hung.
const retryNoticeEvery = 5 * time.Second

// retryNotices writes, once per activity attempt, a line for each pending
// activity of the export that failed and waits for its next attempt.
type retryNotices struct {
	out  io.Writer
	seen map[string]int32
	last time.Time
}

func newRetryNotices() *retryNotices {
	return &retryNotices{out: os.Stderr, seen: map[string]int32{}}
}

// poll describes the export at most every retryNoticeEvery and writes the
// notices of new waits.
func (n *retryNotices) poll(ctx context.Context, c client.Client, id string, now time.Time) {
	if now.Sub(n.last) < retryNoticeEvery {
		return
	}
	n.last = now
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	desc, err := c.DescribeWorkflowExecution(dctx, id, "")
	if err != nil {
		return
	}
	for _, line := range n.lines(desc.GetPendingActivities(), now) {
		fmt.Fprintln(n.out, line)
	}
}

// lines returns the notices of the pending activities whose last attempt
// failed and that were not noticed at this attempt yet.
func (n *retryNotices) lines(pending []*workflowpb.PendingActivityInfo, now time.Time) []string {
	var out []string
	for _, a := range pending {
		failure := a.GetLastFailure()
		if failure == nil || a.GetAttempt() < 2 || n.seen[a.GetActivityId()] == a.GetAttempt() {
			continue
		}
		n.seen[a.GetActivityId()] = a.GetAttempt()
		when := "now"
		if next := a.GetNextAttemptScheduleTime(); next != nil && next.AsTime().After(now) {
			when = fmt.Sprintf("in %s", next.AsTime().Sub(now).Round(time.Second))
		}
		msg := failure.GetMessage()
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		out = append(out, fmt.Sprintf("waiting: %s attempt %d starts %s, after: %s",
			a.GetActivityType().GetName(), a.GetAttempt(), when, msg))
	}
	return out
}
