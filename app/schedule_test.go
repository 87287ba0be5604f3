package app

import (
	"context"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/gcexport/gcexport/export"
)

func TestScheduleOptionsRejectsBadSpecs(t *testing.T) {
	cases := []struct {
		name string
		in   ScheduleInput
		want string
	}{
		{"no id", ScheduleInput{Cron: "0 2 * * *"}, "missing schedule id"},
		{"no spec", ScheduleInput{ID: "s"}, "missing cron expression or interval"},
		{"both", ScheduleInput{ID: "s", Cron: "0 2 * * *", Every: time.Hour}, "not both"},
		{"negative interval", ScheduleInput{ID: "s", Every: -time.Hour}, "must be positive"},
		{"time zone with interval", ScheduleInput{ID: "s", Every: time.Hour, TimeZone: "Europe/Dublin"}, "cron expression only"},
		{"six cron fields", ScheduleInput{ID: "s", Cron: "* * * * * *"}, "has 6 fields; it needs 5"},
		{"unknown time zone", ScheduleInput{ID: "s", Cron: "0 2 * * *", TimeZone: "Mars/Olympus"}, `unknown time zone "Mars/Olympus"`},
	}
	for _, tc := range cases {
		_, err := ScheduleOptions(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestScheduleCreateListDelete(t *testing.T) {
	c := devClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req := export.Request{Include: []string{"routing_queue"}, Output: "/srv/dr"}
	nightly := ScheduleInput{ID: "nightly-test", Cron: "0 2 * * *", TimeZone: "Europe/Dublin",
		TaskQueue: "no-worker", Request: req, Metadata: ExportMetadata{Output: req.Output}, Paused: true}
	hourly := ScheduleInput{ID: "hourly-test", Every: time.Hour, TaskQueue: "no-worker", Request: export.Request{}, Paused: true}
	for _, in := range []ScheduleInput{nightly, hourly} {
		if err := CreateSchedule(ctx, c, in); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		for _, id := range []string{nightly.ID, hourly.ID} {
			_ = DeleteSchedule(context.Background(), c, id)
		}
	}()

	desc, err := c.ScheduleClient().GetHandle(ctx, nightly.ID).Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.Schedule.Policy.Overlap; got != enumspb.SCHEDULE_OVERLAP_POLICY_SKIP {
		t.Errorf("overlap policy = %s, want skip", got)
	}
	action, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok {
		t.Fatalf("action = %T, want a workflow start", desc.Schedule.Action)
	}
	if got := action.Workflow; got != export.WorkflowName {
		t.Errorf("scheduled workflow = %v, want %s", got, export.WorkflowName)
	}
	if action.TaskQueue != "no-worker" {
		t.Errorf("scheduled task queue = %s", action.TaskQueue)
	}
	if len(action.Args) != 1 {
		t.Fatalf("scheduled args = %d, want the request", len(action.Args))
	}
	payload, ok := action.Args[0].(*commonpb.Payload)
	if !ok {
		t.Fatalf("scheduled arg = %T, want a payload", action.Args[0])
	}
	var scheduled export.Request
	if err := converter.GetDefaultDataConverter().FromPayload(payload, &scheduled); err != nil {
		t.Fatal(err)
	}
	if strings.Join(scheduled.Include, ",") != "routing_queue" || scheduled.Output != "/srv/dr" {
		t.Errorf("scheduled request = %+v, want the request given", scheduled)
	}
	if _, ok := action.Memo[export.MemoRequest]; !ok {
		t.Error("scheduled exports get no memo")
	}
	if !desc.Schedule.State.Paused {
		t.Error("the schedule is not paused")
	}

	// The listing is eventually consistent, so it is read again for a
	// bounded time until both schedules show.
	var entries []ScheduleEntry
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if entries, err = ListSchedules(ctx, c); err != nil {
			t.Fatal(err)
		}
		if len(entries) >= 2 {
			break
		}
	}
	specs := map[string]string{}
	for _, e := range entries {
		specs[e.ID] = e.Spec
	}
	if got := specs[nightly.ID]; got != "cron 0 2 * * * (Europe/Dublin)" {
		t.Errorf("listed spec of %s = %q", nightly.ID, got)
	}
	if got := specs[hourly.ID]; got != "every 1h0m0s" {
		t.Errorf("listed spec of %s = %q", hourly.ID, got)
	}

	if err := DeleteSchedule(ctx, c, nightly.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ScheduleClient().GetHandle(ctx, nightly.ID).Describe(ctx); err == nil {
		t.Error("the deleted schedule still exists")
	}
}
