package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/config"
)

func newScheduleCommand(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Create, list and delete Temporal Schedules of exports",
		Long: `schedule manages Temporal Schedules that start exports, such as a nightly
disaster-recovery backup. A schedule skips a start while its previous export
still runs (overlap policy skip). Each export it starts gets the workflow id
"<schedule id>-<scheduled time>". The workers must be running for the
scheduled exports to run: the schedule lives on the Temporal server.

` + exitCodesHelp,
		Example: `  starter schedule create nightly --cron '0 2 * * *' --time-zone Europe/Dublin
  starter schedule create hourly-queues --every 1h --include routing_queue
  starter schedule list
  starter schedule delete nightly`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	cmd.AddCommand(newScheduleCreateCommand(opts), newScheduleListCommand(opts), newScheduleDeleteCommand(opts))
	return cmd
}

func newScheduleCreateCommand(opts *options) *cobra.Command {
	var in app.ScheduleInput
	cmd := &cobra.Command{
		Use:   "create SCHEDULE_ID (--cron EXPR | --every DURATION)",
		Short: "Create a schedule that starts an export at each time of a cron expression or interval",
		Long: `create makes a Temporal Schedule named SCHEDULE_ID that starts the export which
the request flags describe, at each time of --cron or every --every. The
request is checked now, as export checks it. --output names the folder on
the workers; without it they write to their own configured folder.

` + exitCodesHelp,
		Example: `  starter schedule create nightly --cron '0 2 * * *'
  starter schedule create nightly --cron '30 1 * * 1-5' --time-zone America/New_York --output /var/backups/genesys
  starter schedule create every-6h --every 6h --request @request.json --paused`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := buildRequest(opts)
			if err != nil {
				opts.exitCode = exitUsage
				return err
			}
			in.ID, in.Request = args[0], req
			if _, err := app.ScheduleOptions(in); err != nil {
				opts.exitCode = exitUsage
				return err
			}
			return withClient(cmd, opts, func(ctx context.Context, cfg *config.Config, c client.Client, logger *slog.Logger) error {
				if cmd.Flags().Changed("output") {
					in.Request.Output = cfg.Output
				}
				in.TaskQueue, in.Logger = cfg.Temporal.TaskQueue, logger
				in.Metadata = app.ExportMetadata{Output: in.Request.Output}
				if err := app.CreateSchedule(ctx, c, in); err != nil {
					return err
				}
				fmt.Printf("schedule %s created: %s, on task queue %s\n", in.ID, in.SpecText(), in.TaskQueue)
				return nil
			})
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&in.Cron, "cron", "", `cron expression of the start times: minute hour day-of-month month day-of-week, such as "0 2 * * *" for 02:00 every day`)
	fs.DurationVar(&in.Every, "every", 0, `interval between starts, such as "24h" or "6h30m"`)
	fs.StringVar(&in.TimeZone, "time-zone", "", `IANA time zone of --cron, such as "Europe/Dublin" (default "UTC")`)
	fs.BoolVar(&in.Paused, "paused", false, "create the schedule paused; unpause it in the Temporal UI or with temporal schedule toggle")
	fs.StringVar(&in.Note, "note", "", "a note shown with the schedule in the Temporal UI")
	fs.BoolVar(&in.TriggerNow, "trigger-now", false, "also start an export now, when the schedule is created")
	bindRequestFlags(fs, opts)
	return cmd
}

func newScheduleListCommand(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the schedules that start exports",
		Long: `list prints every schedule of the namespace that starts ExportOrg: its id,
spec, whether it is paused, its next start and its last export.

` + exitCodesHelp,
		Example:       `  starter schedule list --temporal-address temporal.example.internal:7233`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withClient(cmd, opts, func(ctx context.Context, _ *config.Config, c client.Client, _ *slog.Logger) error {
				entries, err := app.ListSchedules(ctx, c)
				if err != nil {
					return err
				}
				printSchedules(entries)
				return nil
			})
		},
	}
}

func printSchedules(entries []app.ScheduleEntry) {
	if len(entries) == 0 {
		fmt.Println("no export schedules")
		return
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSPEC\tPAUSED\tNEXT START\tLAST EXPORT")
	for _, e := range entries {
		last := "-"
		if e.LastWorkflowID != "" {
			last = fmt.Sprintf("%s (%s)", e.LastWorkflowID, formatTime(e.LastStart))
		}
		fmt.Fprintf(tw, "%s\t%s\t%t\t%s\t%s\n", e.ID, e.Spec, e.Paused, formatTime(e.Next), last)
	}
	tw.Flush()
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func newScheduleDeleteCommand(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "delete SCHEDULE_ID",
		Short: "Delete a schedule; the exports it started keep running",
		Long: `delete removes the schedule SCHEDULE_ID. Exports it already started are not
affected.

` + exitCodesHelp,
		Example:       `  starter schedule delete nightly`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withClient(cmd, opts, func(ctx context.Context, _ *config.Config, c client.Client, _ *slog.Logger) error {
				if err := app.DeleteSchedule(ctx, c, args[0]); err != nil {
					return err
				}
				fmt.Printf("schedule %s deleted\n", args[0])
				return nil
			})
		},
	}
}
