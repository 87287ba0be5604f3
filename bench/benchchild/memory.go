package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	runtimemetrics "runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
)

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
