// Command benchchild is the child side of the benchmark (package bench):
// the benchmark builds it and starts it as a gcexport worker or as the
// per-object exporter, each in its own process.
//
//	gcexport-bench-child worker --temporal 127.0.0.1:7233 --task-queue q --api-url http://127.0.0.1:8080 --output dir
//	gcexport-bench-child baseline --api-url http://127.0.0.1:8080 --output dir
//
// It is a binary apart from the benchmark's, so that it links neither the
// Temporal server nor the simulator. Go runs the package initialisation of
// everything a binary links, so those two would add their memory to the
// peak RSS that the child measures. Each child prints one childproc.Report
// as JSON on its standard output when it ends.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gcexport/gcexport/bench/internal/childproc"
	"github.com/gcexport/gcexport/genesys"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gcexport-bench-child worker|baseline [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "worker":
		err = runWorker(os.Args[2:])
	case "baseline":
		err = runBaseline(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "gcexport-bench-child: unknown subcommand %q, expected worker or baseline\n", os.Args[1])
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gcexport-bench-child %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

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
		ClientID: childproc.ClientID, ClientSecret: childproc.ClientSecret, APIBaseURL: c.apiURL,
		RequestsPerMinute: perMinute, TimeScale: 1 / c.timeScale,
	})
}
