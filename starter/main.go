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
	"github.com/spf13/pflag"
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
	dev           bool
	id            string
	request       string
	include       []string
	exclude       []string
	divisions     []string
	withDeps      bool
	requestFields requestFlags
	detach        bool
	serve         bool
	uiAddr        string
	progress      string
	exitCode      int
}

// requestFlags are the flags of the request fields that --include,
// --exclude, --divisions and --with-dependencies do not cover.
type requestFlags struct {
	skipFlowYAML     bool
	terraformFormat  string
	omitDangling     bool
	maxParallelTypes int
	maxParallelPages int
}

func main() {
	opts := &options{}
	cmd := newRootCommand(opts)
	if err := cmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "starter:", err)
		if opts.exitCode == 0 {
			opts.exitCode = exitUsage
		}
	}
	os.Exit(opts.exitCode)
}

// exitCodesHelp is the exit status table of every command's help.
const exitCodesHelp = `Exit status:
  0    export complete; verify: backup intact and complete; other commands: done
  1    export failed or could not start; verify: a check failed; other errors
  2    invalid flags, arguments, configuration, filters or fixture
  3    export partial (see report.json); verify: backup intact but partial
  130  interrupted`

// newRootCommand returns the starter command. Run without a subcommand it
// is the export subcommand, so the flags of export work on it too.
func newRootCommand(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "starter",
		Short: "Export a Genesys Cloud org's configuration through Temporal",
		Long: `starter starts the ExportOrg workflow on a Temporal server and follows it,
drawing progress and a summary. The export itself runs on workers (the
worker command), which hold the org's credentials. Without a subcommand,
starter runs export.

With --dev, everything runs in this process: a Temporal server that keeps
its state in --state-dir, the Temporal UI on 127.0.0.1:8233, a worker, and,
when no OAuth client is configured, the simulator serving the bundled sample
org (or --fixture). Interrupted with Ctrl-C, the same command resumes the
same export.

On a terminal the progress is one bar per type of the layer being exported,
with objects, pages, requests, rates and ETA; otherwise it is one line per
change (--progress chooses).

` + exitCodesHelp,
		Example: `  starter --dev
  starter --dev --fixture my-org.json --output ./my-backup
  starter --temporal-address temporal.example.internal:7233 --include routing_queue --include flow
  starter --dev --include 'routing_queue::Sales.*' --with-dependencies
  starter status gcexport-20261204T020000Z
  starter schedule create nightly --cron '0 2 * * *'
  starter verify ./backup
  starter diff ./backup/previous ./backup`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd, opts)
		},
	}
	config.BindFlags(cmd.PersistentFlags())
	bindExportFlags(cmd.Flags(), opts)
	cmd.AddCommand(
		newExportCommand(opts),
		newStatusCommand(opts),
		newScheduleCommand(opts),
		newVerifyCommand(opts),
		newDiffCommand(opts),
	)
	return cmd
}

func newExportCommand(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Start an export and follow it (the default command)",
		Long: `export starts the ExportOrg workflow with the request that the flags build and
follows it to the end. An export with the same --id that is still running is
followed instead of started again, provided it runs the same request.

Without --dev the workflow id defaults to "gcexport-<UTC time>", so each
run starts a new export; with --dev it is "gcexport-dev-<hash>", derived
from the org, so the same command resumes an interrupted export.

` + exitCodesHelp,
		Example: `  starter export --dev
  starter export --temporal-address 127.0.0.1:7233 --id nightly-2026-12-04 --output /var/backups/genesys
  starter export --include routing_queue --exclude 'routing_queue::Test.*' --terraform-format hcl
  starter export --request @request.json --detach`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd, opts)
		},
	}
	bindExportFlags(cmd.Flags(), opts)
	return cmd
}

// bindExportFlags adds the flags of an export. Both the root command and
// export take them, bound to the same options.
func bindExportFlags(fs *pflag.FlagSet, opts *options) {
	fs.BoolVar(&opts.dev, "dev", false, "run a Temporal server, its UI, a worker and (without credentials) the simulator in this process")
	fs.StringVar(&opts.id, "id", "", `workflow id of the export; an id of a running export attaches to it (default "gcexport-dev-<org hash>" with --dev, else "gcexport-<UTC time>")`)
	bindRequestFlags(fs, opts)
	fs.BoolVar(&opts.detach, "detach", false, "start the export, print its id and exit without following it")
	fs.BoolVar(&opts.serve, "serve", false, "with --dev, start no export: keep the server, UI, worker and simulator up until Ctrl-C")
	fs.StringVar(&opts.uiAddr, "ui-address", "127.0.0.1:8233", `with --dev, host:port of the Temporal UI ("-" for none)`)
	bindProgressFlag(fs, opts)
}

// bindRequestFlags adds the flags that build the export request.
func bindRequestFlags(fs *pflag.FlagSet, opts *options) {
	fs.StringVar(&opts.request, "request", "", "the export request as JSON, or @FILE to read it from a file (default {}: the whole org); the flags below override its fields")
	fs.StringArrayVar(&opts.include, "include", nil, `a filter of what to export, repeatable: "type", "type::regex" (whole name), "type::id:<id>" or "type::field=value" (default: every type); replaces the include of --request`)
	fs.StringArrayVar(&opts.exclude, "exclude", nil, "a filter of what to leave out, repeatable, in the --include syntax; replaces the exclude of --request")
	fs.StringSliceVar(&opts.divisions, "divisions", nil, "division ids, comma-separated: export only objects in these divisions")
	fs.BoolVar(&opts.withDeps, "with-dependencies", false, "add every object the selected ones reference, transitively")
	fs.BoolVar(&opts.requestFields.skipFlowYAML, "skip-flow-yaml", false, "leave out the flows' Architect YAML (flows/)")
	fs.StringVar(&opts.requestFields.terraformFormat, "terraform-format", "", `syntax of terraform/: "json" (.tf.json) or "hcl" (.tf) (default "json")`)
	fs.BoolVar(&opts.requestFields.omitDangling, "omit-dangling", false, "leave out Terraform attributes that reference objects outside the backup (default: keep the raw id)")
	fs.IntVar(&opts.requestFields.maxParallelTypes, "max-parallel-types", 0, "types of a layer exported at once, 1 to 64 (default 4)")
	fs.IntVar(&opts.requestFields.maxParallelPages, "max-parallel-pages", 0, "pages of one type listed at once, 1 to 64 (default 4)")
}

func bindProgressFlag(fs *pflag.FlagSet, opts *options) {
	fs.StringVar(&opts.progress, "progress", progressAuto, `how to show progress: "bars" (one bar per type), "plain" (a line per change) or "auto" (bars when stdout is a terminal)`)
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
	if _, err := newProgressView(opts.progress); err != nil {
		opts.exitCode = exitUsage
		return err
	}
	logger := newLogger(cfg)

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
	if err := checkWorkerFlags(cmd.Flags()); err != nil {
		opts.exitCode = exitUsage
		return err
	}
	if cmd.Flags().Changed("output") {
		// Without --dev the backup is written by the workers; an explicit
		// --output names the folder on their machines.
		req.Output = cfg.Output
	}
	if opts.id == "" {
		opts.id = defaultExportID(time.Now())
	}
	c, err := dialTemporal(cfg, logger)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	defer c.Close()
	// Without --dev the starter has neither the org nor the folder the
	// workers write to, unless --output names it: the workflow learns them
	// when it plans the export.
	return startAndFollow(ctx, c, cfg, req, app.ExportMetadata{Output: req.Output}, opts, logger)
}

// defaultExportID returns the workflow id of an export started at now
// without --id or --dev, such as "gcexport-20261204T020000Z". Two starts in
// the same second get the same id, so the second attaches to the first.
func defaultExportID(now time.Time) string {
	return "gcexport-" + now.UTC().Format("20060102T150405Z")
}

// dialTemporal connects to the Temporal frontend of the configuration.
func dialTemporal(cfg *config.Config, logger *slog.Logger) (client.Client, error) {
	return app.Dial(cfg.Temporal, logger)
}

// apply sets the request fields whose flags were given.
func (f requestFlags) apply(req *export.Request) {
	if f.skipFlowYAML {
		req.SkipFlowYAML = true
	}
	if f.terraformFormat != "" {
		req.TerraformFormat = f.terraformFormat
	}
	if f.omitDangling {
		req.OmitDangling = true
	}
	if f.maxParallelTypes != 0 {
		req.MaxParallelTypes = f.maxParallelTypes
	}
	if f.maxParallelPages != 0 {
		req.MaxParallelPages = f.maxParallelPages
	}
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
		return req, fmt.Errorf("--request: %w", export.DescribeDecodeError(err))
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
	opts.requestFields.apply(&req)
	if err := req.Validate(); err != nil {
		return req, err
	}
	// The workflow checks the filters too; checking them here saves
	// starting an export that can only fail.
	set, err := filter.Compile(catalog.Default(), req.Include, req.Exclude, req.Divisions)
	if err != nil {
		return req, err
	}
	if len(set.Types()) == 0 {
		return req, fmt.Errorf("export request: %w", filter.ErrNoTypes)
	}
	return req, nil
}

func startAndFollow(ctx context.Context, c client.Client, cfg *config.Config, req export.Request,
	meta app.ExportMetadata, opts *options, logger *slog.Logger) error {
	view, err := newProgressView(opts.progress)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	run, attached, err := app.StartExportWith(ctx, c, app.StartInput{
		ID: opts.id, TaskQueue: cfg.Temporal.TaskQueue, Request: req, Metadata: meta, Logger: logger,
	})
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
	return followToEnd(ctx, c, run, view(), opts)
}

// followToEnd follows run until it ends, prints its summary and sets the
// exit code from its outcome.
func followToEnd(ctx context.Context, c client.Client, run client.WorkflowRun, view app.ProgressView, opts *options) error {
	summary, last, err := app.FollowWith(ctx, c, run, view, time.Second)
	// The wait for the result may end in a gRPC cancellation instead of
	// context.Canceled, so the context itself shows whether Ctrl-C came.
	if err != nil && ctx.Err() != nil {
		opts.exitCode = exitInterrupted
		return fmt.Errorf("interrupted; export %s is not lost: run the same command again to resume it", run.GetID())
	}
	if err != nil {
		opts.exitCode = exitFailed
		// A request the plan rejected (an unknown type or division, a
		// regex that does not compile) is invalid input, like a bad flag.
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) && appErr.Type() == "Invalid" {
			opts.exitCode = exitUsage
		}
		return fmt.Errorf("export %s failed: %s", run.GetID(), failureMessage(err))
	}
	app.PrintSummaryTable(os.Stdout, summary, last)
	opts.exitCode = exitCodeOf(summary)
	return nil
}

// exitCodeOf returns the exit code of a finished export.
func exitCodeOf(s *export.Summary) int {
	if s.Status != export.StatusComplete {
		return exitPartial
	}
	return exitComplete
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

// newLogger returns the logger of the configuration. Progress goes to
// stdout and logs to stderr, so either can be redirected alone.
func newLogger(cfg *config.Config) *slog.Logger {
	return app.NewLogger(os.Stderr, cfg.LogFormat, cfg.SlogLevel(), cfg.Secrets())
}
