package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/bench/internal/childproc"
	"github.com/gcexport/gcexport/config"
)

// runWorker is the worker child process: a real gcexport worker that polls
// until SIGTERM or SIGINT.
func runWorker(args []string) error {
	c := parseChild("worker", args)
	gcfg := config.GenesysConfig{RequestsPerMinute: c.requestsPerMinute, Workers: c.workers}
	api, err := c.apiClient(gcfg.WorkerRequestsPerMinute())
	if err != nil {
		return err
	}

	options := client.Options{HostPort: c.temporal, Namespace: c.namespace, Logger: slog.New(slog.DiscardHandler)}
	if folder := os.Getenv(memoryProfileEnv); folder != "" {
		recorder, err := startMemoryRecorder(folder)
		if err != nil {
			return err
		}
		defer recorder.stop()
		options.Interceptors = append(options.Interceptors, recorder.activities)
	}

	tc, err := client.Dial(options)
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
	return json.NewEncoder(os.Stdout).Encode(childproc.Report{PeakRSSKiB: peakRSSKiB()})
}
