package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/bench/baseline"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/genesys"
)

// Credentials that the benchmark's simulator accepts.
const (
	benchClientID     = "bench-client"
	benchClientSecret = "bench-secret"
)

// childFlags are the settings the benchmark passes to a child process.
type childFlags struct {
	temporal, namespace, taskQueue, apiURL, output string
	requestsPerMinute, workers                     int
	timeScale                                      float64
}

func parseChild(name string, args []string) childFlags {
	var c childFlags
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	fs.StringVar(&c.temporal, "temporal", "", "host:port of the Temporal frontend")
	fs.StringVar(&c.namespace, "namespace", "default", "Temporal namespace")
	fs.StringVar(&c.taskQueue, "task-queue", "", "task queue to poll")
	fs.StringVar(&c.apiURL, "api-url", "", "base URL of the simulator")
	fs.StringVar(&c.output, "output", "", "backup folder")
	fs.IntVar(&c.requestsPerMinute, "requests-per-minute", 300, "request budget of all workers together")
	fs.IntVar(&c.workers, "workers", 1, "number of workers sharing the budget")
	fs.Float64Var(&c.timeScale, "time-scale", 1, "how many times faster than real time the simulator's clock runs")
	_ = fs.Parse(args)
	return c
}

// apiClient builds a worker's Platform API client as app.NewAPIClient does
// from configuration, with the client-side waits scaled to the simulator's
// clock.
func (c childFlags) apiClient(perMinute float64) (*genesys.Client, error) {
	return genesys.NewClient(genesys.Config{
		ClientID: benchClientID, ClientSecret: benchClientSecret, APIBaseURL: c.apiURL,
		RequestsPerMinute: perMinute, TimeScale: 1 / c.timeScale,
	})
}

// runWorker is the worker child process: a real gcexport worker that polls
// until SIGTERM or SIGINT.
func runWorker(args []string) error {
	c := parseChild("worker", args)
	gcfg := config.GenesysConfig{RequestsPerMinute: c.requestsPerMinute, Workers: c.workers}
	api, err := c.apiClient(gcfg.WorkerRequestsPerMinute())
	if err != nil {
		return err
	}
	tc, err := client.Dial(client.Options{HostPort: c.temporal, Namespace: c.namespace, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("connect to Temporal at %s: %w", c.temporal, err)
	}
	defer tc.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w := app.NewWorker(tc, c.taskQueue, &activities.Activities{
		Client: api, Output: c.output, Region: "us-east-1", Logger: logger,
	})
	if err := w.Start(); err != nil {
		return fmt.Errorf("start the worker: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	<-ctx.Done()
	w.Stop()
	return json.NewEncoder(os.Stdout).Encode(childReport{PeakRSSKiB: peakRSSKiB()})
}

// childReport is the JSON line a child process prints when it ends.
type childReport struct {
	PeakRSSKiB int64            `json:"peakRssKiB"`
	Baseline   *baseline.Result `json:"baseline,omitempty"`
}

// runBaseline is the baseline child process: it exports the simulator's
// org object by object and prints its result as JSON.
func runBaseline(args []string) error {
	c := parseChild("baseline", args)
	// The per-object exporter paces nothing itself: the API's 429s and
	// their Retry-After pace it.
	api, err := c.apiClient(0)
	if err != nil {
		return err
	}
	cat, err := baseline.Catalog()
	if err != nil {
		return err
	}
	res, err := baseline.Run(context.Background(), baseline.Config{
		Client: api, Catalog: cat, Output: c.output, TimeScale: 1 / c.timeScale,
	})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(childReport{PeakRSSKiB: peakRSSKiB(), Baseline: res})
}
