// Package app wires configuration, the Temporal client, the Platform API
// client and the activities into workers. The worker and starter mains are
// thin wrappers around it, and the end-to-end tests use it as they do.
package app

import (
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/workflows"
)

// NewAPIClient builds the worker's one Platform API client, and with it its
// one OAuth token source.
func NewAPIClient(cfg config.GenesysConfig, logger *slog.Logger) (*genesys.Client, error) {
	return NewAPIClientWithMetrics(cfg, logger, nil)
}

// NewAPIClientWithMetrics is NewAPIClient with every response counted by
// status in metrics; nil counts none.
func NewAPIClientWithMetrics(cfg config.GenesysConfig, logger *slog.Logger, metrics *Metrics) (*genesys.Client, error) {
	c, err := genesys.NewClient(genesys.Config{
		HTTPClient:   metrics.HTTPClient(),
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Region:       cfg.Region,
		APIBaseURL:   cfg.APIURL,
		LoginBaseURL: cfg.LoginURL,
		// Each worker paces itself at its share of the budget, so that
		// the workers together stay within it.
		RequestsPerMinute: cfg.WorkerRequestsPerMinute(),
		Logger:            logger,
	})
	if err != nil {
		return nil, fmt.Errorf("platform API client: %w", err)
	}
	return c, nil
}

// Dial connects to the Temporal frontend that cfg names, over TLS and with
// payload encryption when cfg turns them on.
func Dial(cfg config.TemporalConfig, logger *slog.Logger) (client.Client, error) {
	return DialWithMetrics(cfg, logger, nil)
}

// DialWithMetrics is Dial with the SDK's metrics recorded to metrics; nil
// records none.
func DialWithMetrics(cfg config.TemporalConfig, logger *slog.Logger, metrics *Metrics) (client.Client, error) {
	opts, err := clientOptions(cfg, logger)
	if err != nil {
		return nil, err
	}
	if metrics != nil {
		opts.MetricsHandler = metrics.Handler()
	}
	c, err := client.Dial(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to Temporal at %s (namespace %s): %w%s", cfg.Address, cfg.Namespace, err, dialHint(cfg, err))
	}
	if opts.DataConverter != nil {
		dataConverters.Store(c, opts.DataConverter)
	}
	return c, nil
}

// NewWorker returns a worker on taskQueue with the ExportOrg workflow and
// its activities registered under their fixed names.
func NewWorker(c client.Client, taskQueue string, acts *activities.Activities) worker.Worker {
	return NewWorkerWithOptions(c, taskQueue, acts, WorkerOptions{})
}

// NewWorkerWithOptions is NewWorker with the counters of opts.Metrics and
// the copy of each complete backup that opts.Publisher makes.
func NewWorkerWithOptions(c client.Client, taskQueue string, acts *activities.Activities, opts WorkerOptions) worker.Worker {
	if acts.Catalog == nil {
		acts.Catalog = catalog.Default()
	}
	w := worker.New(c, taskQueue, worker.Options{
		// A stopping worker lets running page activities end their attempt
		// and report it, so the export resumes at once on the next worker
		// instead of after the activities' heartbeat timeout.
		WorkerStopTimeout: 10 * time.Second,
		// Heartbeats carry the cursor of a listing. The SDK holds them
		// back for up to 80 % of the heartbeat timeout by default and
		// drops what it holds when the process dies, so a killed worker's
		// listing would restart pages that were long done.
		MaxHeartbeatThrottleInterval: time.Second,
	})
	w.RegisterWorkflowWithOptions(workflows.ExportOrg, workflow.RegisterOptions{Name: export.WorkflowName})
	w.RegisterWorkflowWithOptions(workflows.ExportPages, workflow.RegisterOptions{Name: export.PagesWorkflowName})
	w.RegisterActivityWithOptions(acts.Plan, activity.RegisterOptions{Name: export.PlanActivity})
	w.RegisterActivityWithOptions(countObjects(opts.Metrics, acts.ExportPage), activity.RegisterOptions{Name: export.ExportPageActivity})
	w.RegisterActivityWithOptions(countObjects(opts.Metrics, acts.ExportCursor), activity.RegisterOptions{Name: export.ExportCursorActivity})
	w.RegisterActivityWithOptions(countObjects(opts.Metrics, acts.ExportChildren), activity.RegisterOptions{Name: export.ExportChildrenActivity})
	w.RegisterActivityWithOptions(acts.Closure, activity.RegisterOptions{Name: export.ClosureActivity})
	w.RegisterActivityWithOptions(acts.RetryLocked, activity.RegisterOptions{Name: export.RetryLockedActivity})
	w.RegisterActivityWithOptions(acts.ExportFlowYAML, activity.RegisterOptions{Name: export.FlowYAMLActivity})
	w.RegisterActivityWithOptions(opts.Publisher.afterManifest(acts.WriteManifest), activity.RegisterOptions{Name: export.ManifestActivity})
	return w
}
