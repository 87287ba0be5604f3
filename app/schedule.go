package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/export"
)

// scheduleMemoSpec is the schedule memo field that keeps the spec as the
// user gave it. The server stores a cron expression as calendar specs, so
// a listing cannot show the expression otherwise.
const scheduleMemoSpec = "spec"

// ScheduleInput is the input of CreateSchedule.
type ScheduleInput struct {
	// ID is the schedule id. Each export it starts gets the workflow id
	// "<ID>-<scheduled time>", which the server appends.
	ID string
	// Cron is a cron expression such as "0 2 * * *", and Every an
	// interval. Exactly one of them is set.
	Cron  string
	Every time.Duration
	// TimeZone names the IANA time zone of Cron; "" means UTC.
	TimeZone  string
	TaskQueue string
	Request   export.Request
	Metadata  ExportMetadata
	// Paused creates the schedule paused.
	Paused bool
	// TriggerNow starts the first export when the schedule is created, on
	// top of those of the spec.
	TriggerNow bool
	Note       string
	// Logger receives the warning when the namespace lacks the search
	// attributes. Nil discards it.
	Logger *slog.Logger
}

// SpecText returns the schedule's spec as shown by ListSchedules, such as
// "cron 0 2 * * * (UTC)" or "every 24h0m0s".
func (in ScheduleInput) SpecText() string {
	if in.Cron != "" {
		return fmt.Sprintf("cron %s (%s)", in.Cron, cmp.Or(in.TimeZone, "UTC"))
	}
	return "every " + in.Every.String()
}

// ScheduleOptions returns the Temporal schedule of in: an ExportOrg start
// at each time of the spec, skipped while the previous export still runs,
// because two exports of one org into one folder would only compete for
// the same API budget.
func ScheduleOptions(in ScheduleInput) (client.ScheduleOptions, error) {
	if strings.TrimSpace(in.ID) == "" {
		return client.ScheduleOptions{}, errors.New("schedule: missing schedule id")
	}
	var spec client.ScheduleSpec
	switch {
	case in.Cron != "" && in.Every != 0:
		return client.ScheduleOptions{}, errors.New("schedule: give a cron expression or an interval, not both")
	case in.Cron != "":
		if err := checkCron(in.Cron); err != nil {
			return client.ScheduleOptions{}, err
		}
		if in.TimeZone != "" {
			if _, err := time.LoadLocation(in.TimeZone); err != nil {
				return client.ScheduleOptions{}, fmt.Errorf("schedule: unknown time zone %q: use an IANA name such as Europe/Dublin", in.TimeZone)
			}
		}
		spec.CronExpressions = []string{in.Cron}
		spec.TimeZoneName = in.TimeZone
	case in.Every > 0:
		if in.TimeZone != "" {
			return client.ScheduleOptions{}, errors.New("schedule: a time zone applies to a cron expression only")
		}
		spec.Intervals = []client.ScheduleIntervalSpec{{Every: in.Every}}
	case in.Every < 0:
		return client.ScheduleOptions{}, fmt.Errorf("schedule: invalid interval %s: it must be positive", in.Every)
	default:
		return client.ScheduleOptions{}, errors.New("schedule: missing cron expression or interval")
	}
	return client.ScheduleOptions{
		ID:      in.ID,
		Spec:    spec,
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Paused:  in.Paused,
		Note:    in.Note,
		// The server starts this export at once; it counts as one of the
		// schedule's actions and follows the overlap policy.
		TriggerImmediately: in.TriggerNow,
		Memo:               map[string]any{scheduleMemoSpec: in.SpecText()},
		Action: &client.ScheduleWorkflowAction{
			ID:                    in.ID,
			Workflow:              export.WorkflowName,
			Args:                  []any{in.Request},
			TaskQueue:             in.TaskQueue,
			Memo:                  Memo(in.Request, in.Metadata),
			TypedSearchAttributes: SearchAttributes(in.Metadata),
			StaticSummary:         StaticSummary(in.Request, in.Metadata),
		},
	}, nil
}

// checkCron checks that a cron expression has the five fields that --help
// describes (minute hour day-of-month month day-of-week), or is one of the
// @ forms such as "@daily", before the request reaches the server. The server checks
// each field's values.
func checkCron(cron string) error {
	if strings.HasPrefix(strings.TrimSpace(cron), "@") {
		return nil
	}
	if n := len(strings.Fields(cron)); n != 5 {
		return fmt.Errorf("schedule: cron expression %q has %d fields; it needs 5: minute hour day-of-month month day-of-week, such as \"0 2 * * *\"", cron, n)
	}
	return nil
}

// CreateSchedule creates the schedule of in. When the namespace has not
// registered the search attributes, the scheduled exports start without
// them and the logger gets a warning that names the fix.
func CreateSchedule(ctx context.Context, c client.Client, in ScheduleInput) error {
	opts, err := ScheduleOptions(in)
	if err != nil {
		return err
	}
	_, err = c.ScheduleClient().Create(ctx, opts)
	if err != nil && isUnknownSearchAttribute(err) {
		logger := in.Logger
		if logger == nil {
			logger = slog.New(slog.DiscardHandler)
		}
		logger.Warn("the namespace has not registered gcexport's search attributes; "+
			"creating the schedule without them (see the README: temporal operator search-attribute create)",
			"scheduleId", in.ID, "error", err)
		opts.Action.(*client.ScheduleWorkflowAction).TypedSearchAttributes = temporal.SearchAttributes{}
		_, err = c.ScheduleClient().Create(ctx, opts)
	}
	if err != nil {
		return fmt.Errorf("create schedule %s: %w", in.ID, err)
	}
	return nil
}

// ScheduleEntry is one schedule of ListSchedules.
type ScheduleEntry struct {
	ID     string
	Spec   string
	Paused bool
	Note   string
	// Next is the next start time, zero when none is planned.
	Next time.Time
	// LastStart is the time of the most recent start, and LastWorkflowID
	// the id of the export it started; both zero without one.
	LastStart      time.Time
	LastWorkflowID string
}

// ListSchedules returns the namespace's schedules that start ExportOrg,
// sorted by id.
func ListSchedules(ctx context.Context, c client.Client) ([]ScheduleEntry, error) {
	iter, err := c.ScheduleClient().List(ctx, client.ScheduleListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	var out []ScheduleEntry
	for iter.HasNext() {
		e, err := iter.Next()
		if err != nil {
			return nil, fmt.Errorf("list schedules: %w", err)
		}
		if e.WorkflowType.Name != export.WorkflowName {
			continue
		}
		entry := ScheduleEntry{ID: e.ID, Paused: e.Paused, Note: e.Note, Spec: specOf(e)}
		if len(e.NextActionTimes) > 0 {
			entry.Next = e.NextActionTimes[0]
		}
		if n := len(e.RecentActions); n > 0 {
			recent := e.RecentActions[n-1]
			entry.LastStart = recent.ActualTime
			if recent.StartWorkflowResult != nil {
				entry.LastWorkflowID = recent.StartWorkflowResult.WorkflowID
			}
		}
		out = append(out, entry)
	}
	slices.SortFunc(out, func(a, b ScheduleEntry) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// specOf returns the spec recorded in the schedule's memo, or one built
// from the listing for a schedule created by other means.
func specOf(e *client.ScheduleListEntry) string {
	if payload := e.Memo.GetFields()[scheduleMemoSpec]; payload != nil {
		var spec string
		if converter.GetDefaultDataConverter().FromPayload(payload, &spec) == nil && spec != "" {
			return spec
		}
	}
	if e.Spec == nil {
		return ""
	}
	var parts []string
	for _, cron := range e.Spec.CronExpressions {
		parts = append(parts, "cron "+cron)
	}
	for _, iv := range e.Spec.Intervals {
		parts = append(parts, "every "+iv.Every.String())
	}
	if len(parts) == 0 && len(e.Spec.Calendars) > 0 {
		parts = append(parts, fmt.Sprintf("%d calendar specs", len(e.Spec.Calendars)))
	}
	return strings.Join(parts, ", ")
}

// DeleteSchedule deletes the schedule id. Exports that it started keep
// running.
func DeleteSchedule(ctx context.Context, c client.Client, id string) error {
	if err := c.ScheduleClient().GetHandle(ctx, id).Delete(ctx); err != nil {
		return fmt.Errorf("delete schedule %s: %w", id, err)
	}
	return nil
}
