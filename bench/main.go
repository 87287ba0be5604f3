// Command bench measures a full gcexport export of a generated org against
// the simulator at the Platform API's rate limit. It then runs a per-object
// exporter (package baseline) against the same simulator, and prints a
// table of requests, time, memory and history size.
//
//	go run ./bench --objects 10000
//	go run ./bench --objects 100000 --time-scale 10
//	go run ./bench --objects 10000 --workers 3 --baseline=false
//
// The simulator, the in-process Temporal server and the request meter run
// in this process. The gcexport workers and the baseline run as child
// processes of the same binary, so that their peak RSS and CPU time are
// measured apart from the simulator and the server: each child reports
// its own VmHWM, and its CPU time is getrusage of the child.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
)

// options are the benchmark's flags.
type options struct {
	objects           int
	seed              uint64
	latency, jitter   time.Duration
	requestsPerMinute int
	timeScale         float64
	workers           int
	parallelPages     int
	baseline          bool
	baselineTimeout   time.Duration
	dir               string
	types             bool
	// namespace is the in-process server's namespace, not a flag.
	namespace string
}

func main() {
	if len(os.Args) > 1 {
		var err error
		switch os.Args[1] {
		case "worker":
			err = runWorker(os.Args[2:])
		case "baseline":
			err = runBaseline(os.Args[2:])
		default:
			err = runBenchmark(os.Args[1:])
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := runBenchmark(nil); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.IntVar(&o.objects, "objects", 10000, "number of objects in the generated org")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated org")
	fs.DurationVar(&o.latency, "latency", 80*time.Millisecond, "mean response latency of the simulator, in API time")
	fs.DurationVar(&o.jitter, "jitter", 20*time.Millisecond, "the latency varies uniformly by up to this much either way")
	fs.IntVar(&o.requestsPerMinute, "requests-per-minute", 300,
		"rate limit per token that the simulator enforces, and the budget the gcexport workers share")
	fs.Float64Var(&o.timeScale, "time-scale", 1,
		"run API time this many times faster than real time: the rate limit is multiplied and the latency divided by it")
	fs.IntVar(&o.workers, "workers", 1, "number of gcexport worker processes on the task queue, sharing the budget")
	fs.IntVar(&o.parallelPages, "parallel-pages", 0, "maxParallelPages of the export request; 0 means the workflow's default")
	fs.BoolVar(&o.baseline, "baseline", true, "also run the per-object exporter against the same simulator")
	fs.DurationVar(&o.baselineTimeout, "baseline-timeout", 0,
		"stop the per-object exporter after this much real time and project its time from the objects it read; 0 means no limit")
	fs.StringVar(&o.dir, "dir", "", "folder for the backups (default: a temporary folder, removed at the end)")
	fs.BoolVar(&o.types, "types", false, "also print gcexport's requests per object for every type")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./bench [flags]\n\n"+
			"Generates an org, serves it from the simulator on 127.0.0.1 with latency and the rate limit,\n"+
			"runs a full export through an in-process Temporal server and gcexport worker processes,\n"+
			"then the per-object exporter, and prints a table of the measurements.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.timeScale <= 0:
		return o, errors.New("--time-scale must be above 0")
	case o.workers < 1:
		return o, errors.New("--workers must be at least 1")
	case o.requestsPerMinute < 1:
		return o, errors.New("--requests-per-minute must be at least 1")
	case o.jitter > o.latency:
		return o, errors.New("--jitter must not exceed --latency")
	}
	return o, nil
}
