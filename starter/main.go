// Command starter starts an export of a Genesys Cloud org on a Temporal
// server and follows it to the end. With --dev it first starts, in this one
// process, a Temporal server with its UI, a worker and, when no org
// credentials are configured, the simulator serving the sample org.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/filter"
)

// Exit codes.
const (
	exitComplete    = 0
	exitFailed      = 1
	exitUsage       = 2
	exitPartial     = 3
	exitInterrupted = 130
)

type options struct {
	dev       bool
	id        string
	request   string
	include   []string
	exclude   []string
	divisions []string
	withDeps  bool
	detach    bool
	serve     bool
	uiAddr    string
	exitCode  int
}

func main() {
	opts := &options{}
	cmd := &cobra.Command{
		Use:   "starter",
		Short: "Export a Genesys Cloud org's configuration through Temporal",
		Long: `starter starts the ExportOrg workflow on a Temporal server and follows it,
printing progress and a summary. The export itself runs on workers (the
worker command), which hold the org's credentials.

With --dev, everything runs in this process: a Temporal server that keeps
its state in --state-dir, the Temporal UI on 127.0.0.1:8233, a worker, and,
when no OAuth client is configured, the simulator serving the bundled sample
org (or --fixture). Interrupted with Ctrl-C, the same command resumes the
same export.

Exit status: 0 export complete, 3 export partial (see report.json),
1 export failed or could not start, 2 invalid flags or configuration,
130 interrupted.`,
		Example: `  starter --dev
  starter --dev --fixture my-org.json --output ./my-backup
  starter --temporal-address temporal.example.internal:7233 --include routing_queue --include flow
  starter --dev --include 'routing_queue::Sales.*' --with-dependencies`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd, opts)
		},
	}
	fs := cmd.Flags()
	config.BindFlags(fs)
	fs.BoolVar(&opts.dev, "dev", false, "run a Temporal server, its UI, a worker and (without credentials) the simulator in this process")
	fs.StringVar(&opts.id, "id", "", `workflow id of the export; an id of a running export attaches to it (default "gcexport-dev-<org hash>" with --dev, else "gcexport-<UTC time>")`)
	fs.StringVar(&opts.request, "request", "", "the export request as JSON, or @FILE to read it from a file (default {}: the whole org)")
	fs.StringArrayVar(&opts.include, "include", nil, `a filter of what to export, repeatable: "type", "type::regex" (whole name), "type::id:<id>" or "type::field=value" (default: every type); replaces the include of --request`)
	fs.StringArrayVar(&opts.exclude, "exclude", nil, "a filter of what to leave out, repeatable, in the --include syntax; replaces the exclude of --request")
	fs.StringSliceVar(&opts.divisions, "divisions", nil, "division ids, comma-separated: export only objects in these divisions")
	fs.BoolVar(&opts.withDeps, "with-dependencies", false, "add every object the selected ones reference, transitively")
	fs.BoolVar(&opts.detach, "detach", false, "start the export, print its id and exit without following it")
	fs.BoolVar(&opts.serve, "serve", false, "with --dev, start no export: keep the server, UI, worker and simulator up until Ctrl-C")
	fs.StringVar(&opts.uiAddr, "ui-address", "127.0.0.1:8233", `with --dev, host:port of the Temporal UI ("-" for none)`)

	if err := cmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "starter:", err)
		if opts.exitCode == 0 {
			opts.exitCode = exitUsage
		}
	}
	os.Exit(opts.exitCode)
}

func run(cmd *cobra.Command, opts *options) error {
	cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags()})
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	req, err := buildRequest(opts)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	logger := newLogger(cfg.LogLevel)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer func() {
		// A failure caused by Ctrl-C during start-up is an interruption.
		if ctx.Err() != nil && opts.exitCode == exitFailed {
			opts.exitCode = exitInterrupted
		}
	}()

	if opts.dev {
		return runDev(ctx, cfg, req, opts, logger)
	}
	if opts.serve {
		opts.exitCode = exitUsage
		return fmt.Errorf("--serve needs --dev")
	}
	if cmd.Flags().Changed("output") {
		// Without --dev the backup is written by the workers; an explicit
		// --output names the folder on their machines.
		req.Output = cfg.Output
	}
	if opts.id == "" {
		opts.id = "gcexport-" + time.Now().UTC().Format("20060102T150405Z")
	}
	c, err := app.Dial(cfg.Temporal, logger)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	defer c.Close()
	return startAndFollow(ctx, c, cfg, req, opts)
}

// buildRequest reads --request and applies --include and --exclude on top,
// checking the result as the workflow will.
func buildRequest(opts *options) (export.Request, error) {
	var req export.Request
	text := strings.TrimSpace(opts.request)
	if path, ok := strings.CutPrefix(text, "@"); ok {
		data, err := os.ReadFile(path)
		if err != nil {
			return req, fmt.Errorf("--request: %w", err)
		}
		text = string(data)
	}
	if text == "" {
		text = "{}"
	}
	if err := json.Unmarshal([]byte(text), &req); err != nil {
		return req, fmt.Errorf("--request: %w", err)
	}
	if err := req.Validate(); err != nil {
		return req, fmt.Errorf("--request: %w", err)
	}
	if len(opts.include) > 0 {
		req.Include = opts.include
	}
	if len(opts.exclude) > 0 {
		req.Exclude = opts.exclude
	}
	if len(opts.divisions) > 0 {
		req.Divisions = opts.divisions
	}
	if opts.withDeps {
		req.WithDependencies = true
	}
	if err := req.Validate(); err != nil {
		return req, err
	}
	// The workflow checks the filters too; checking them here saves
	// starting an export that can only fail.
	if _, err := filter.Compile(catalog.Default(), req.Include, req.Exclude, req.Divisions); err != nil {
		return req, err
	}
	return req, nil
}

func startAndFollow(ctx context.Context, c client.Client, cfg *config.Config, req export.Request, opts *options) error {
	run, attached, err := app.StartExport(ctx, c, opts.id, cfg.Temporal.TaskQueue, req)
	if err != nil {
		opts.exitCode = exitFailed
		if errors.Is(err, app.ErrOtherRequest) {
			opts.exitCode = exitUsage
		}
		return err
	}
	if attached {
		fmt.Printf("export %s is already running: following it (run %s)\n", run.GetID(), run.GetRunID())
	} else {
		fmt.Printf("export %s started (run %s) on task queue %s\n", run.GetID(), run.GetRunID(), cfg.Temporal.TaskQueue)
	}
	if opts.detach {
		return nil
	}
	summary, err := app.Follow(ctx, c, run, os.Stdout, time.Second)
	// The wait for the result may end in a gRPC cancellation instead of
	// context.Canceled, so the context itself shows whether Ctrl-C came.
	if err != nil && ctx.Err() != nil {
		opts.exitCode = exitInterrupted
		return fmt.Errorf("interrupted; export %s is not lost: run the same command again to resume it", run.GetID())
	}
	if err != nil {
		opts.exitCode = exitFailed
		return fmt.Errorf("export %s failed: %s", run.GetID(), failureMessage(err))
	}
	app.PrintSummary(os.Stdout, summary)
	if summary.Status != export.StatusComplete {
		opts.exitCode = exitPartial
	}
	return nil
}

// failureMessage returns the message of the application error at the root
// of a failed export, without the wrapping Temporal adds at each level.
func failureMessage(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return appErr.Message()
	}
	return err.Error()
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	// Progress goes to stdout and logs to stderr, so either can be
	// redirected alone.
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
