package app

import (
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	failurepb "go.temporal.io/api/failure/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestRetryNoticeOncePerAttempt(t *testing.T) {
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	waiting := &workflowpb.PendingActivityInfo{
		ActivityId:              "7",
		ActivityType:            &commonpb.ActivityType{Name: "ExportPage"},
		Attempt:                 3,
		LastFailure:             &failurepb.Failure{Message: "list routing_queue page 2: 429 too.many.requests.retry.after"},
		NextAttemptScheduleTime: timestamppb.New(now.Add(58 * time.Second)),
	}
	first := &workflowpb.PendingActivityInfo{ActivityId: "8", ActivityType: &commonpb.ActivityType{Name: "ExportPage"}, Attempt: 1}
	n := newRetryNotices()

	lines := n.lines([]*workflowpb.PendingActivityInfo{waiting, first}, now)
	want := "waiting: ExportPage attempt 3 starts in 58s, after: list routing_queue page 2: 429 too.many.requests.retry.after"
	if len(lines) != 1 || lines[0] != want {
		t.Fatalf("lines = %q, want [%q]", lines, want)
	}
	if again := n.lines([]*workflowpb.PendingActivityInfo{waiting}, now.Add(5*time.Second)); len(again) != 0 {
		t.Errorf("the same attempt was noticed again: %q", again)
	}
	waiting.Attempt = 4
	if next := n.lines([]*workflowpb.PendingActivityInfo{waiting}, now.Add(time.Minute)); len(next) != 1 || !strings.Contains(next[0], "attempt 4") {
		t.Errorf("the next attempt was not noticed: %q", next)
	}
}
