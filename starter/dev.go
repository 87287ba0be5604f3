package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/devserver"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

// runDev runs the embedded default: Temporal server and UI, the simulator
// when no credentials are configured, a worker, and the export itself.
func runDev(ctx context.Context, cfg *config.Config, req export.Request, opts *options, logger *slog.Logger) error {
	if opts.detach {
		opts.exitCode = exitUsage
		return fmt.Errorf("--detach cannot be used with --dev: the embedded server and worker stop when this process exits (use --serve to keep them up)")
	}
	if opts.serve && (opts.request != "" || len(opts.include) > 0 || len(opts.exclude) > 0 ||
		len(opts.divisions) > 0 || opts.withDeps || opts.id != "" || opts.requestFields != requestFlags{}) {
		opts.exitCode = exitUsage
		return fmt.Errorf("--serve starts no export, so it takes no export flags (--request, --include, --exclude, --divisions, --with-dependencies, --skip-flow-yaml, --terraform-format, --omit-dangling, --max-parallel-types, --max-parallel-pages, --id)")
	}
	app.SetContainerMemoryLimit(logger)
	// The fixture is read before anything starts, so a bad one fails fast.
	var fixture *simulator.Fixture
	if !cfg.Genesys.HasCredentials() {
		var err error
		if fixture, err = loadFixture(cfg.Fixture); err != nil {
			opts.exitCode = exitUsage
			return err
		}
	}
	if opts.id == "" && !opts.serve {
		opts.id = devExportID(cfg.Genesys, fixture, cfg.Fixture, cfg.Output)
		// Each derived export has its own task queue, so that this
		// worker, which reads this org only, never takes the tasks of
		// another --dev export left interrupted in the same state folder.
		cfg.Temporal.TaskQueue += "." + opts.id
	}

	srv, err := devserver.Start(ctx, devserver.Options{
		StateDir:     cfg.StateDir,
		FrontendAddr: cfg.Temporal.Address,
		UIAddr:       opts.uiAddr,
		Namespace:    cfg.Temporal.Namespace,
		// The embedded server registers the search attributes that the
		// starter and the workflow set, so they show in the UI at once.
		SearchAttributes: devserver.SearchAttributesOf(export.SearchAttributeKeys()...),
		// The server's tag keys ("wf-id") are renamed, so that every
		// log line has lowerCamel keys.
		Logger: app.WithLowerCamelKeys(logger),
	})
	if err != nil {
		opts.exitCode = exitFailed
		return fmt.Errorf("start the embedded Temporal server: %w", err)
	}
	defer srv.Stop()
	fmt.Printf("Temporal server on %s (state in %s)\n", srv.FrontendAddr(), cfg.StateDir)
	if url := srv.UIURL(); url != "" {
		fmt.Printf("Temporal UI on %s\n", url)
	}

	gcfg := cfg.Genesys
	if fixture != nil {
		sim, simCfg, err := startSimulator(fixture, cfg.Fixture, logger)
		if err != nil {
			opts.exitCode = exitFailed
			return err
		}
		defer sim.Close()
		gcfg = simCfg
	}
	region, err := genesys.LookupRegion(gcfg.Region)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}
	metrics, err := app.StartMetrics(cfg, logger)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	if metrics != nil {
		defer metrics.Close()
	}
	api, err := app.NewAPIClientWithMetrics(gcfg, logger, metrics)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}

	tcfg := cfg.Temporal
	tcfg.Address = srv.FrontendAddr()
	c, err := app.DialWithMetrics(tcfg, logger, metrics)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	defer c.Close()
	w := app.NewWorkerWithOptions(c, tcfg.TaskQueue, &activities.Activities{
		Client: api, Output: cfg.Output, Region: region.Key, Logger: logger,
	}, app.WorkerOptions{Metrics: metrics, Publisher: app.NewPublisher(cfg, logger)})
	if err := w.Start(); err != nil {
		opts.exitCode = exitFailed
		return fmt.Errorf("start the worker: %w", err)
	}
	defer w.Stop()
	if opts.serve {
		fmt.Printf("serving on task queue %s until interrupted: start exports from the Temporal UI or another starter\n",
			tcfg.TaskQueue)
		<-ctx.Done()
		return nil
	}
	return startAndFollow(ctx, c, cfg, req, devMetadata(cfg.Output, region.Key, fixture), opts, logger)
}

// devMetadata returns what the Temporal UI shows of a --dev export: the
// backup folder as an absolute path, the region and, with the simulator,
// the fixture's org.
func devMetadata(output, region string, fixture *simulator.Fixture) app.ExportMetadata {
	meta := app.ExportMetadata{Output: output, Region: region}
	if abs, err := filepath.Abs(output); err == nil {
		meta.Output = abs
	}
	if fixture != nil {
		meta.OrgID, meta.OrgName = fixture.Org.ID, fixture.Org.Name
	}
	return meta
}

// loadFixture reads the fixture file, or returns the sample org for "".
func loadFixture(path string) (*simulator.Fixture, error) {
	if path == "" {
		return simulator.SampleFixture(), nil
	}
	f, err := simulator.LoadFixture(path)
	if err != nil {
		return nil, fmt.Errorf("--fixture: %w", err)
	}
	return f, nil
}

// devExportID derives the --dev export's workflow id from the org it reads
// and the backup folder. So the same command resumes its own export, and a
// run against another org, fixture or folder starts its own instead of
// attaching to it. Paths count as absolute paths, however they are spelled.
func devExportID(gcfg config.GenesysConfig, fixture *simulator.Fixture, fixturePath, output string) string {
	key := "credentials\x00" + gcfg.ClientID + "\x00" + gcfg.Region + "\x00" + gcfg.APIURL
	if fixture != nil {
		key = "fixture\x00" + absPath(fixturePath) + "\x00" + fixture.Org.ID
	}
	key += "\x00output\x00" + absPath(output)
	sum := sha256.Sum256([]byte(key))
	return "gcexport-dev-" + hex.EncodeToString(sum[:4])
}

func absPath(p string) string {
	if p == "" {
		return ""
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// startSimulator serves the fixture on a free loopback port, with a fresh
// client id and secret of its own.
func startSimulator(f *simulator.Fixture, path string, logger *slog.Logger) (*simulator.Server, config.GenesysConfig, error) {
	name := "the sample org"
	if path != "" {
		name = path
	}
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return nil, config.GenesysConfig{}, err
	}
	gcfg := config.GenesysConfig{ClientID: "gcexport-dev", ClientSecret: hex.EncodeToString(secret), Region: f.Org.Region}
	sim, err := simulator.New(f, simulator.Options{
		ClientID: gcfg.ClientID, ClientSecret: gcfg.ClientSecret, Logger: logger,
	})
	if err != nil {
		return nil, config.GenesysConfig{}, fmt.Errorf("simulator: %w", err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return nil, config.GenesysConfig{}, fmt.Errorf("simulator: %w", err)
	}
	gcfg.APIURL = url
	fmt.Printf("no OAuth client configured: simulator serving %s on %s\n", name, url)
	return sim, gcfg, nil
}
