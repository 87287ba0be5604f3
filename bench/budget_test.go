package main

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/bench/internal/childproc"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/simulator/sample"
)

// TestThreeWorkersShareOneBudget runs one export on three workers of one
// task queue, each with its own API client and token, configured to share
// a budget of 60 requests per minute. It checks, from the arrival times
// the simulator recorded across every token, that no minute of API time
// holds more than 60 requests, and that all three workers sent requests.
// API time runs 30 times as fast as real time, so the export's several
// API minutes pass in seconds.
func TestThreeWorkersShareOneBudget(t *testing.T) {
	const (
		budget    = 60
		workers   = 3
		timeScale = 30.0
	)
	f := sample.Generate(sample.SampleConfig)
	// The sample's 409 fault would hold the export in its lock sweep. Each
	// token gets a third of the budget, so a worker over its share would
	// get 429s.
	f.Faults = []simulator.Fault{{RateLimit: &simulator.RateLimit{PerMinute: budget / workers}}}
	start := time.Now()
	apiNow := func() time.Time { return start.Add(time.Duration(float64(time.Since(start)) * timeScale)) }
	sim, err := simulator.New(f, simulator.Options{
		ClientID: childproc.ClientID, ClientSecret: childproc.ClientSecret, Now: apiNow, TimeScale: 1 / timeScale,
	})
	if err != nil {
		t.Fatal(err)
	}
	meter := &simulator.RequestMeter{}
	url, err := sim.StartWith("127.0.0.1:0", simulator.ServeOptions{
		Latency: scaled(80*time.Millisecond, timeScale), Jitter: scaled(20*time.Millisecond, timeScale), Seed: 7, Meter: meter,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })

	server := temporaltest.NewServer(temporaltest.WithT(t))
	tc := server.GetDefaultClient()
	output := t.TempDir()
	share := config.GenesysConfig{RequestsPerMinute: budget, Workers: workers}.WorkerRequestsPerMinute()
	var clients []*genesys.Client
	for i := range workers {
		api, err := genesys.NewClient(genesys.Config{
			ClientID: childproc.ClientID, ClientSecret: childproc.ClientSecret, APIBaseURL: url,
			RequestsPerMinute: share, TimeScale: 1 / timeScale,
		})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, api)
		w := app.NewWorker(tc, "budget", &activities.Activities{
			Client: api, Output: output, Region: "us-east-1", Logger: slog.New(slog.DiscardHandler),
		})
		if err := w.Start(); err != nil {
			t.Fatalf("start worker %d: %v", i, err)
		}
		t.Cleanup(stopper(w))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "budget", TaskQueue: "budget"},
		export.WorkflowName, export.Request{})
	if err != nil {
		t.Fatal(err)
	}
	var summary export.Summary
	if err := run.Get(ctx, &summary); err != nil {
		t.Fatalf("export failed: %v", err)
	}

	if summary.Status != "complete" {
		t.Errorf("status = %q, want complete", summary.Status)
	}
	if total := meter.Total(); total <= 2*budget {
		t.Fatalf("the export sent %d requests, too few to span the budget of several minutes", total)
	}
	busiest, at := meter.MaxInAnyMinute()
	if busiest > budget {
		t.Errorf("%d requests arrived in the minute of API time from %s, over the shared budget of %d (per minute: %v)",
			busiest, at.Sub(start), budget, meter.PerMinute())
	}
	// Which worker gets which activity is the server's choice, so the
	// split is logged, not asserted.
	for i, c := range clients {
		stats := c.Stats()
		t.Logf("worker %d sent %d requests", i, stats.Total)
		if stats.ByStatus[429] != 0 {
			t.Errorf("worker %d got %d responses 429, want none under its share", i, stats.ByStatus[429])
		}
	}
}

func stopper(w worker.Worker) func() { return w.Stop }

func TestBuildOrgHasTheRequestedSize(t *testing.T) {
	for _, n := range []int{5000, 20000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f, err := buildOrg(n, 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := total(f); got != n {
				t.Errorf("org has %d objects, want %d", got, n)
			}
			users := len(f.Resources["user"])
			if want := int(float64(n) * userShare); users != want {
				t.Errorf("org has %d users, want %d", users, want)
			}
			if len(f.Faults) != 0 {
				t.Errorf("org has %d faults, want none", len(f.Faults))
			}
		})
	}
}
