package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	runtimemetrics "runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"

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
	return json.NewEncoder(os.Stdout).Encode(childReport{PeakRSSKiB: peakRSSKiB()})
}

// memoryProfileEnv names the environment variable that makes each worker
// child record its memory in the folder it names:
//
//   - worker-<pid>.tsv has one line per memoryInterval: seconds since the
//     start, the live heap after the last GC, the heap in use, the memory
//     the Go runtime mapped and the RSS, all in MiB, and the activities
//     running at that moment;
//   - heap-<pid>-<activities>.pb.gz is the heap profile taken when the live
//     heap was highest while exactly those activities ran, for
//     `go tool pprof -sample_index=inuse_space`.
//
// GCEXPORT_BENCH_MEMORY=/tmp/memory go run ./bench --objects 10000
const memoryProfileEnv = "GCEXPORT_BENCH_MEMORY"

const memoryInterval = time.Second

// memoryRecorder samples the worker's memory for memoryProfileEnv.
type memoryRecorder struct {
	folder     string
	samples    *os.File
	started    time.Time
	activities *runningActivities
	// highest is the live heap of each label's saved profile.
	highest map[string]uint64
	done    chan struct{}
	stopped sync.WaitGroup
}

func startMemoryRecorder(folder string) (*memoryRecorder, error) {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", memoryProfileEnv, err)
	}
	samples, err := os.Create(filepath.Join(folder, fmt.Sprintf("worker-%d.tsv", os.Getpid())))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", memoryProfileEnv, err)
	}
	fmt.Fprintln(samples, "seconds\tliveHeapMiB\theapInUseMiB\tmappedMiB\trssMiB\tactivities")
	r := &memoryRecorder{
		folder: folder, samples: samples, started: time.Now(),
		activities: &runningActivities{running: map[string]int{}},
		highest:    map[string]uint64{}, done: make(chan struct{}),
	}
	r.stopped.Add(1)
	go r.loop()
	return r, nil
}

func (r *memoryRecorder) loop() {
	defer r.stopped.Done()
	t := time.NewTicker(memoryInterval)
	defer t.Stop()
	for {
		select {
		case <-r.done:
			return
		case <-t.C:
			r.sample()
		}
	}
}

// sample appends one line to the samples file, and saves a heap profile
// when the live heap is the highest yet seen under the running activities.
func (r *memoryRecorder) sample() {
	metrics := []runtimemetrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
	}
	runtimemetrics.Read(metrics)
	live := metrics[0].Value.Uint64()
	label := r.activities.label()
	const mib = 1 << 20
	fmt.Fprintf(r.samples, "%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%s\n", time.Since(r.started).Seconds(),
		float64(live)/mib, float64(metrics[1].Value.Uint64())/mib, float64(metrics[2].Value.Uint64())/mib,
		float64(rssKiB())/1024, label)
	if live <= r.highest[label] {
		return
	}
	r.highest[label] = live
	name := filepath.Join(r.folder, fmt.Sprintf("heap-%d-%s.pb.gz", os.Getpid(), label))
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s: %v\n", memoryProfileEnv, err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s: write %s: %v\n", memoryProfileEnv, name, err)
	}
}

func (r *memoryRecorder) stop() {
	close(r.done)
	r.stopped.Wait()
	r.samples.Close()
}

// runningActivities is a Temporal interceptor that counts the worker's
// running activities by type, for the labels of memory samples.
type runningActivities struct {
	interceptor.InterceptorBase
	mu      sync.Mutex
	running map[string]int
}

// label returns the types of the running activities, sorted and joined
// by "+", or "idle" when none runs.
func (a *runningActivities) label() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.running) == 0 {
		return "idle"
	}
	return strings.Join(slices.Sorted(maps.Keys(a.running)), "+")
}

func (a *runningActivities) track(name string, delta int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.running[name] += delta
	if a.running[name] <= 0 {
		delete(a.running, name)
	}
}

func (a *runningActivities) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &trackedActivity{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}, running: a}
}

// trackedActivity counts one activity execution in runningActivities.
type trackedActivity struct {
	interceptor.ActivityInboundInterceptorBase
	running *runningActivities
}

func (t *trackedActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	name := activity.GetInfo(ctx).ActivityType.Name
	t.running.track(name, 1)
	defer t.running.track(name, -1)
	return t.Next.ExecuteActivity(ctx, in)
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
