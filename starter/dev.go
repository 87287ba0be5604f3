package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"

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
	srv, err := devserver.Start(ctx, devserver.Options{
		StateDir:     cfg.StateDir,
		FrontendAddr: cfg.Temporal.Address,
		UIAddr:       opts.uiAddr,
		Namespace:    cfg.Temporal.Namespace,
		Logger:       logger,
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
	if !gcfg.HasCredentials() {
		sim, simCfg, err := startSimulator(cfg.Fixture, logger)
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
	api, err := app.NewAPIClient(gcfg, logger)
	if err != nil {
		opts.exitCode = exitUsage
		return err
	}

	tcfg := cfg.Temporal
	tcfg.Address = srv.FrontendAddr()
	c, err := app.Dial(tcfg, logger)
	if err != nil {
		opts.exitCode = exitFailed
		return err
	}
	defer c.Close()
	w := app.NewWorker(c, tcfg.TaskQueue, &activities.Activities{
		Client: api, Output: cfg.Output, Region: region.Key, Logger: logger,
	})
	if err := w.Start(); err != nil {
		opts.exitCode = exitFailed
		return fmt.Errorf("start the worker: %w", err)
	}
	defer w.Stop()
	return startAndFollow(ctx, c, cfg, req, opts)
}

// startSimulator serves the fixture (the sample org when fixture is "") on
// a free loopback port, with a fresh client id and secret of its own.
func startSimulator(fixture string, logger *slog.Logger) (*simulator.Server, config.GenesysConfig, error) {
	f := simulator.SampleFixture()
	name := "the sample org"
	if fixture != "" {
		var err error
		if f, err = simulator.LoadFixture(fixture); err != nil {
			return nil, config.GenesysConfig{}, fmt.Errorf("fixture: %w", err)
		}
		name = fixture
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
