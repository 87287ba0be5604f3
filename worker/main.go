// Command worker runs a gcexport worker: it polls a Temporal task queue for
// ExportOrg workflows and their activities, and reads the org through the
// Platform API with the OAuth client of its own configuration.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/worker"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/genesys"
)

func main() {
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run a gcexport worker",
		Long: `worker polls the configured Temporal task queue and runs ExportOrg
workflows and their activities. It needs an OAuth client with client
credentials for the org (GENESYSCLOUD_OAUTHCLIENT_ID,
GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION, as CX as Code uses
them) and writes backups to --output. Stop it with Ctrl-C; running exports
continue on the other workers, or on this one when it starts again.

Exit status: 0 after Ctrl-C, 1 when the worker fails, 2 for invalid flags
or configuration.

Examples:
  worker --temporal-address temporal:7233 --output /var/backups/genesys
  worker --api-url http://127.0.0.1:8080 --output ./backup   # against the simulator`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd)
		},
	}
	config.BindFlags(cmd.Flags())
	// The embedded server's state and the simulator's fixture belong to
	// starter --dev, which runs its own worker.
	for _, name := range []string{"state-dir", "fixture"} {
		if err := cmd.Flags().MarkHidden(name); err != nil {
			panic(err)
		}
	}
	bindCodecFlags(cmd.Flags())
	if err := cmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		var usage usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError marks invalid flags or configuration, which exit with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func run(cmd *cobra.Command) error {
	cfg, err := config.Load(config.LoadOptions{Flags: cmd.Flags()})
	if err != nil {
		return usageError{err}
	}
	logger := app.NewLogger(os.Stderr, cfg.LogFormat, cfg.SlogLevel(), cfg.Secrets())
	app.SetContainerMemoryLimit(logger)
	if !cfg.Genesys.HasCredentials() {
		return usageError{fmt.Errorf("no OAuth client configured: set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (or --client-id and --client-secret)")}
	}
	region, err := genesys.LookupRegion(cfg.Genesys.Region)
	if err != nil {
		return usageError{err}
	}
	metrics, err := app.StartMetrics(cfg, logger)
	if err != nil {
		return err
	}
	if metrics != nil {
		defer metrics.Close()
	}
	api, err := app.NewAPIClientWithMetrics(cfg.Genesys, logger, metrics)
	if err != nil {
		return usageError{err}
	}
	stopCodec, err := startCodecServer(cmd.Flags(), cfg.Temporal.Encryption, logger)
	if err != nil {
		return err
	}
	defer stopCodec()
	c, err := app.DialWithMetrics(cfg.Temporal, logger, metrics)
	if err != nil {
		return err
	}
	defer c.Close()
	w := app.NewWorkerWithOptions(c, cfg.Temporal.TaskQueue, &activities.Activities{
		Client: api, Output: cfg.Output, Region: region.Key, Logger: logger,
	}, app.WorkerOptions{Metrics: metrics, Publisher: app.NewPublisher(cfg, logger)})
	logger.Info("worker started", "temporalAddress", cfg.Temporal.Address, "namespace", cfg.Temporal.Namespace,
		"taskQueue", cfg.Temporal.TaskQueue, "region", region.Key, "output", cfg.Output,
		"upload", cfg.Upload, "archive", cfg.Archive, "metricsListen", cfg.MetricsListen)
	return w.Run(worker.InterruptCh())
}
