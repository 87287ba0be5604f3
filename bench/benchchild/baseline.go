package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/gcexport/gcexport/bench/baseline"
	"github.com/gcexport/gcexport/bench/internal/childproc"
)

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
	return json.NewEncoder(os.Stdout).Encode(childproc.Report{PeakRSSKiB: peakRSSKiB(), Baseline: res})
}
