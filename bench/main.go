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
// processes, so that their peak RSS and CPU time are measured apart from
// the simulator and the server: each child reports its own VmHWM, and its
// CPU time is getrusage of the child. The children run a binary of their
// own (package bench/benchchild), which the benchmark builds with the go
// command at the start. That binary links neither the server nor the
// simulator, so their package initialisation does not count in a
// worker's RSS, as it does not in the product's worker.
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
	// baselineTimeScale is the time scale of the per-object exporter's
	// run; 0 means timeScale.
	baselineTimeScale float64
	workers           int
	parallelPages     int
	baseline          bool
	baselineTimeout   time.Duration
	dir               string
	types             bool
	// workerMemoryLimit is the GOMEMLIMIT of the worker children, or ""
	// for none.
	workerMemoryLimit string
	// namespace is the in-process server's namespace, not a flag.
	namespace string
	// childBinary is the path of the built child binary, not a flag.
	childBinary string
}

func main() {
	if err := runBenchmark(os.Args[1:]); err != nil {
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
	fs.Float64Var(&o.baselineTimeScale, "baseline-time-scale", 0,
		"time scale of the per-object exporter's run, against a second simulator serving the same org with its own "+
			"clock; 0 means --time-scale. The per-object exporter is paced by the rate limit, so its API time does not "+
			"depend on the scale, and a scaled run takes hours less")
	fs.IntVar(&o.workers, "workers", 1, "number of gcexport worker processes on the task queue, sharing the budget")
	fs.IntVar(&o.parallelPages, "parallel-pages", 0, "maxParallelPages of the export request; 0 means the workflow's default")
	fs.BoolVar(&o.baseline, "baseline", true, "also run the per-object exporter against the same simulator")
	fs.DurationVar(&o.baselineTimeout, "baseline-timeout", 0,
		"stop the per-object exporter after this much real time and project its time from the objects it read; 0 means no limit")
	fs.StringVar(&o.dir, "dir", "", "folder for the backups (default: a temporary folder, removed at the end)")
	fs.BoolVar(&o.types, "types", false, "also print gcexport's requests per object for every type")
	fs.StringVar(&o.workerMemoryLimit, "worker-memory-limit", "",
		"GOMEMLIMIT of the gcexport worker processes, the Go runtime's soft memory limit, in bytes with an optional "+
			"B, KiB, MiB, GiB or TiB suffix (e.g. 200MiB); an operator would set it at about 80% of a container's "+
			"memory. Not set for the per-object exporter (default: no limit)")
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
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q: the benchmark takes only flags (see --help)", fs.Arg(0))
	}
	switch {
	case o.timeScale <= 0:
		return o, errors.New("--time-scale must be above 0")
	case o.baselineTimeScale < 0:
		return o, errors.New("--baseline-time-scale must be 0 (the same as --time-scale) or above")
	case o.workers < 1:
		return o, errors.New("--workers must be at least 1")
	case o.requestsPerMinute < 1:
		return o, errors.New("--requests-per-minute must be at least 1")
	case o.jitter > o.latency:
		return o, errors.New("--jitter must not exceed --latency")
	}
	if o.workerMemoryLimit != "" {
		if _, err := parseMemoryLimit(o.workerMemoryLimit); err != nil {
			return o, fmt.Errorf("--worker-memory-limit: %w", err)
		}
	}
	if o.baselineTimeScale == 0 {
		o.baselineTimeScale = o.timeScale
	}
	return o, nil
}
