package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/config"
)

func newStatusCommand(opts *options) *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "status ID",
		Short: "Follow a running export, or print the summary of a finished one",
		Long: `status attaches to the export with workflow id ID. While it runs, status
follows it like export does, until it ends; with --once it prints its
progress and exits. For an export that has finished, it prints the summary.
An export that another starter or the Temporal UI started can be followed
the same way. A --dev server must be running (starter --dev --serve) for
status to reach it.

` + exitCodesHelp + `
For a running export with --once the status is 0.`,
		Example: `  starter status gcexport-20261204T020000Z
  starter status --temporal-address temporal.example.internal:7233 nightly-2026-12-04
  starter status --once --progress plain gcexport-dev-1a2b3c4d`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          exactArgs(opts, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := newProgressView(opts.progress); err != nil {
				opts.exitCode = exitUsage
				return err
			}
			return withClient(cmd, opts, func(ctx context.Context, cfg *config.Config, c client.Client, _ *slog.Logger) error {
				return runStatus(ctx, c, args[0], once, opts)
			})
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "print the progress of a running export once instead of following it")
	bindProgressFlag(cmd.Flags(), opts)
	return cmd
}

func runStatus(ctx context.Context, c client.Client, id string, once bool, opts *options) error {
	view, err := newProgressView(opts.progress)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	run, status, err := app.AttachExport(ctx, c, id)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		opts.exitCode = exitFailed
		return fmt.Errorf("no export with workflow id %s in this namespace", id)
	}
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	switch {
	case status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING && once:
		pr, err := app.QueryProgress(ctx, c, id)
		if err != nil {
			opts.exitCode = exitFailed
			return err
		}
		fmt.Printf("export %s is running (run %s): %s\n", id, run.GetRunID(), app.BarModel{
			Phase: pr.Phase, Layer: pr.Layer, Layers: pr.Layers}.Heading())
		app.NewPlainView(os.Stdout).Show(pr, time.Now())
		return nil
	case status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		fmt.Printf("export %s is running: following it (run %s)\n", id, run.GetRunID())
	default:
		fmt.Printf("export %s has ended: %s\n", id, statusWord(status))
	}
	return followToEnd(ctx, c, run, view(), opts)
}

// statusWord returns the workflow status in lower case, such as
// "completed" or "failed".
func statusWord(s enumspb.WorkflowExecutionStatus) string {
	switch s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		return "completed"
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return "failed"
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED:
		return "canceled"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return "terminated"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		return "timed out"
	case enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW:
		return "continued as new"
	}
	return s.String()
}

// withClient loads the configuration, connects to Temporal and runs fn
// with a context that Ctrl-C cancels.
func withClient(cmd *cobra.Command, opts *options,
	fn func(ctx context.Context, cfg *config.Config, c client.Client, logger *slog.Logger) error) error {
	cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags()})
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	logger := newLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := dialTemporal(cfg, logger)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	defer c.Close()
	err = fn(ctx, cfg, c, logger)
	if err != nil && ctx.Err() != nil && opts.exitCode != exitUsage {
		opts.exitCode = exitInterrupted
		return fmt.Errorf("interrupted: %w", err)
	}
	if err != nil && opts.exitCode == exitComplete {
		opts.exitCode = exitFailed
	}
	return err
}

// exactArgs is cobra.ExactArgs with the usage exit code.
func exactArgs(opts *options, n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			opts.exitCode = exitUsage
			return fmt.Errorf("%w; see %s --help", err, cmd.CommandPath())
		}
		return nil
	}
}
