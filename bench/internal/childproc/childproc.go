// Package childproc contains what the benchmark (package bench) and its
// child processes (package bench/benchchild) share: the credentials that
// the benchmark's simulator accepts, and the JSON report that a child
// prints on its standard output when it ends.
//
// It must not import the Temporal server or the simulator, because the
// child binary links it and would pay their package initialisation in
// its measured RSS.
package childproc

import "github.com/gcexport/gcexport/bench/baseline"

// Credentials that the benchmark's simulator accepts.
const (
	ClientID     = "bench-client"
	ClientSecret = "bench-secret"
)

// Report is the JSON line a child process prints when it ends.
type Report struct {
	PeakRSSKiB int64            `json:"peakRssKiB"`
	Baseline   *baseline.Result `json:"baseline,omitempty"`
}
