package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/bench/internal/childproc"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// measurement is one exporter's row of the table.
type measurement struct {
	name      string
	objects   int64
	requests  int
	wall      time.Duration // real time
	peakRSSKB int64         // largest peak RSS of its processes
	cpu       time.Duration // user and system time of its processes
	history   int           // events of the largest execution; 0 for none
	historyOf string
	maxMinute int // the maximum of API requests in any minute of API time
	projected bool
	status    string
	// timeScale is the time scale of the run, which turns wall into API
	// time.
	timeScale float64
}

// child is a running child process of the child binary. done is closed
// once it exited, and then the other fields are set.
type child struct {
	kind   string
	cmd    *exec.Cmd
	stdout *os.File
	done   chan struct{}

	peakRSSKB int64
	cpu       time.Duration
	output    []byte
	err       error
}

func runBenchmark(args []string) error {
	o, err := parseOptions(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "gcexport-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	// The child binary gets a folder of its own, so that it is not left
	// among the backups of --dir.
	binaryDir, err := os.MkdirTemp("", "gcexport-bench-child-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binaryDir)
	if o.childBinary, err = buildChild(binaryDir); err != nil {
		return err
	}

	fmt.Printf("generating an org of %d objects (seed %d)\n", o.objects, o.seed)
	fixture, err := buildOrg(o.objects, o.seed)
	if err != nil {
		return err
	}
	fixture.Faults = []simulator.Fault{{RateLimit: &simulator.RateLimit{PerMinute: o.requestsPerMinute}}}

	meter := &simulator.RequestMeter{}
	sim, apiURL, err := startSimulator(fixture, o, o.timeScale, meter)
	if err != nil {
		return err
	}
	defer sim.Close()

	server := temporaltest.NewServer()
	defer server.Stop()
	tc := server.GetDefaultClient()

	o.namespace = server.GetDefaultNamespace()
	gcexport, err := runGCExport(o, tc, server.GetFrontendHostPort(), apiURL, filepath.Join(dir, "gcexport"), meter)
	if err != nil {
		return err
	}
	gcexport.requestsByType = requestsByType(meter.Requests(), fixture)
	rows := []*measurement{&gcexport.measurement}
	if o.baseline {
		meter.Reset()
		baseURL := apiURL
		if o.baselineTimeScale != o.timeScale {
			// A second server with a clock of its own, because the first
			// one's clock cannot change its pace. It serves the same org.
			baseSim, url, err := startSimulator(fixture, o, o.baselineTimeScale, meter)
			if err != nil {
				return err
			}
			defer baseSim.Close()
			baseURL = url
		}
		base, err := runBaselineChild(o, baseURL, filepath.Join(dir, "baseline"), meter, int64(total(fixture)))
		if err != nil {
			return err
		}
		rows = append(rows, base)
	}
	printReport(os.Stdout, o, fixture, rows, gcexport)
	return nil
}

// startSimulator serves the fixture on 127.0.0.1 with a clock that runs
// timeScale times as fast as the wall clock, so that its rate-limit windows
// last a minute of API time, and with latency scaled to match.
func startSimulator(fixture *simulator.Fixture, o options, timeScale float64, meter *simulator.RequestMeter) (*simulator.Server, string, error) {
	start := time.Now()
	apiNow := func() time.Time {
		return start.Add(time.Duration(float64(time.Since(start)) * timeScale))
	}
	sim, err := simulator.New(fixture, simulator.Options{
		ClientID: childproc.ClientID, ClientSecret: childproc.ClientSecret,
		Now: apiNow, TimeScale: 1 / timeScale, TokenLifetime: 30 * 24 * time.Hour,
	})
	if err != nil {
		return nil, "", err
	}
	url, err := sim.StartWith("127.0.0.1:0", simulator.ServeOptions{
		Latency: scaled(o.latency, timeScale), Jitter: scaled(o.jitter, timeScale), Seed: o.seed, Meter: meter,
	})
	if err != nil {
		return nil, "", err
	}
	return sim, url, nil
}

// gcexportRun is gcexport's measurement with what only it has.
type gcexportRun struct {
	measurement
	requestsByType map[string]int
	summary        *export.Summary
}

func runGCExport(o options, tc client.Client, hostPort, apiURL, output string, meter *simulator.RequestMeter) (*gcexportRun, error) {
	taskQueue := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	var workers []*child
	for range o.workers {
		w, err := startChild("worker", o, hostPort, taskQueue, apiURL, output)
		if err != nil {
			return nil, err
		}
		workers = append(workers, w)
	}
	stopAll := func() {
		for _, w := range workers {
			_ = w.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	fmt.Printf("exporting with gcexport: %d worker process(es) sharing %d requests per minute\n", o.workers, o.requestsPerMinute)

	// A worker that exits before the export ends stops the benchmark,
	// instead of leaving the export waiting for a worker.
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	exported := make(chan struct{})
	defer close(exported)
	for _, w := range workers {
		go func() {
			select {
			case <-w.done:
				cancel(fmt.Errorf("a worker process exited during the export: %v", w.err))
			case <-exported:
			}
		}()
	}
	started := time.Now()
	id := fmt.Sprintf("bench-%d-objects", o.objects)
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id + "-" + taskQueue, TaskQueue: taskQueue},
		export.WorkflowName, export.Request{MaxParallelPages: o.parallelPages})
	if err != nil {
		stopAll()
		return nil, err
	}
	var summary export.Summary
	err = run.Get(ctx, &summary)
	wall := time.Since(started)
	if cause := context.Cause(ctx); cause != nil {
		err = cause
	}
	stopAll()
	if err != nil {
		return nil, fmt.Errorf("export failed: %w", err)
	}
	ctx = context.Background()

	m := measurement{name: "gcexport", objects: objectCount(summary), requests: meter.Total(), wall: wall,
		status: summary.Status, timeScale: o.timeScale}
	if o.workers > 1 {
		m.name = fmt.Sprintf("gcexport, %d workers", o.workers)
	}
	m.maxMinute, _ = meter.MaxInAnyMinute()
	for _, w := range workers {
		rss, cpu, _, err := w.wait()
		if err != nil {
			return nil, err
		}
		m.peakRSSKB = max(m.peakRSSKB, rss)
		m.cpu += cpu
	}
	m.history, m.historyOf, err = largestHistory(ctx, tc, run.GetID(), run.GetRunID())
	if err != nil {
		return nil, err
	}
	return &gcexportRun{measurement: m, summary: &summary}, nil
}

func runBaselineChild(o options, apiURL, output string, meter *simulator.RequestMeter, orgObjects int64) (*measurement, error) {
	fmt.Println("exporting with the per-object exporter: 10 reads in flight")
	started := time.Now()
	c, err := startChild("baseline", o, "", "", apiURL, output)
	if err != nil {
		return nil, err
	}
	m := &measurement{name: "per-object exporter", timeScale: o.baselineTimeScale}
	if o.baselineTimeout > 0 {
		timer := time.AfterFunc(o.baselineTimeout, func() { _ = c.cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	rss, cpu, data, waitErr := c.wait()
	m.wall, m.peakRSSKB, m.cpu = time.Since(started), rss, cpu
	m.requests = meter.Total()
	m.maxMinute, _ = meter.MaxInAnyMinute()

	var report childproc.Report
	if waitErr == nil && json.Unmarshal(data, &report) == nil && report.Baseline != nil {
		m.objects, m.status = report.Baseline.Objects, fmt.Sprintf("%d failed", report.Baseline.Failed)
		return m, nil
	}
	if o.baselineTimeout == 0 {
		return nil, fmt.Errorf("per-object exporter: %v", waitErr)
	}
	// Stopped by --baseline-timeout: project from the objects it wrote.
	done := countFiles(output)
	m.objects, m.projected = done, true
	m.status = fmt.Sprintf("stopped after %s with %d of %d objects; time and requests projected", o.baselineTimeout, done, orgObjects)
	if done > 0 {
		factor := float64(orgObjects) / float64(done)
		m.wall = time.Duration(float64(m.wall) * factor)
		m.requests = int(float64(m.requests) * factor)
	}
	return m, nil
}

// startChild starts the child binary as a worker or baseline child
// process. Worker children get --worker-memory-limit as GOMEMLIMIT.
func startChild(kind string, o options, hostPort, taskQueue, apiURL, output string) (*child, error) {
	stdout, err := os.CreateTemp("", "gcexport-bench-"+kind+"-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(o.childBinary, kind,
		"--temporal", hostPort, "--namespace", o.namespace, "--task-queue", taskQueue, "--api-url", apiURL, "--output", output,
		"--requests-per-minute", strconv.Itoa(o.requestsPerMinute), "--workers", strconv.Itoa(o.workers),
		"--time-scale", strconv.FormatFloat(childTimeScale(kind, o), 'g', -1, 64))
	cmd.Stdout, cmd.Stderr = stdout, os.Stderr
	if kind == "worker" && o.workerMemoryLimit != "" {
		// The last value of a variable in Env wins, so this overrides an
		// inherited GOMEMLIMIT.
		cmd.Env = append(os.Environ(), "GOMEMLIMIT="+o.workerMemoryLimit)
	}
	if err := cmd.Start(); err != nil {
		stdout.Close()
		return nil, fmt.Errorf("start the %s process: %w", kind, err)
	}
	c := &child{kind: kind, cmd: cmd, stdout: stdout, done: make(chan struct{})}
	go c.collect()
	return c, nil
}

// childTimeScale returns the time scale of a child's run.
func childTimeScale(kind string, o options) float64 {
	if kind == "baseline" {
		return o.baselineTimeScale
	}
	return o.timeScale
}

// collect waits for the child to exit and records its CPU time (getrusage),
// what it wrote to its standard output, and the peak RSS it reported there.
func (c *child) collect() {
	defer close(c.done)
	c.err = c.cmd.Wait()
	c.stdout.Close()
	c.output, _ = os.ReadFile(c.stdout.Name())
	_ = os.Remove(c.stdout.Name())
	state := c.cmd.ProcessState
	var report childproc.Report
	if json.Unmarshal(c.output, &report) == nil {
		c.peakRSSKB = report.PeakRSSKiB
	}
	c.cpu = state.UserTime() + state.SystemTime()
}

// wait waits for the child to exit and returns its peak RSS in KiB, its CPU
// time and its standard output.
func (c *child) wait() (int64, time.Duration, []byte, error) {
	<-c.done
	return c.peakRSSKB, c.cpu, c.output, c.err
}

func objectCount(s export.Summary) int64 {
	var n int64
	for _, t := range s.Types {
		n += int64(t.Objects)
	}
	return n
}

func countFiles(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// scaled divides an API-time duration by the time scale.
func scaled(d time.Duration, timeScale float64) time.Duration {
	return time.Duration(float64(d) / timeScale)
}
