package crashtest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/simulator/sample"
)

var crashSeed = flag.Uint64("crash.seed", 0,
	"seed of the crash test's kill schedule; 0 draws one from the clock")

const (
	// requestLatency delays every simulator response, so that the
	// undisturbed export takes several seconds and the kills land in it.
	requestLatency = 20 * time.Millisecond
	// orgScale sizes the generated org (sample.Config.Scale).
	orgScale = 2
	// workerKills and serverKills are the kills of the second export.
	workerKills = 10
	serverKills = 3
	// killBursts is the number of bursts the kills come in. A worker kill
	// that cuts page activities short stalls them for their 30-second
	// heartbeat timeout, so each burst costs about 30 seconds.
	killBursts = 2
	// minKillGap and maxKillGap bound the random pause before each kill.
	minKillGap = 200 * time.Millisecond
	maxKillGap = 2 * time.Second
	// exportTimeout bounds each export, kills included.
	exportTimeout = 4 * time.Minute
	// flowExportDownloadPrefix starts the paths of the simulator's flow
	// export downloads, the last requests of the flow YAML activity, which
	// runs just before the manifest.
	flowExportDownloadPrefix = "/downloads/flowexports/"
)

// TestExportSurvivesKills exports a generated org undisturbed, then again
// while killing the worker and the server with SIGKILL, and compares the
// two backups and the second export's requests.
func TestExportSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the worker and the server and runs two exports, one of them about a minute long")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("crash seed %d; replay the kill schedule with -crash.seed=%d", seed, seed)

	dir := t.TempDir()
	bin := buildBinaries(t, dir)
	fixture := sample.Generate(sample.Config{Seed: 5, Scale: orgScale})
	// The sample's 409 fault adds seconds of retry backoff to each export
	// and nothing that a kill tests.
	fixture.Faults = nil

	c := newCluster(t, bin, dir)
	t.Cleanup(c.stopAll)
	t.Cleanup(func() {
		if t.Failed() {
			c.logTails()
		}
	})
	ctx := t.Context()
	if err := c.startServer(ctx); err != nil {
		t.Fatal(err)
	}
	tc := dialTemporal(t, c.frontend, filepath.Join(dir, "client.log"))

	undisturbed := newExportRun(t, "crash-undisturbed", dir, fixture)
	begin := time.Now()
	summary, err := undisturbed.runUndisturbed(ctx, c, tc)
	if err != nil {
		t.Fatalf("undisturbed export: %v", err)
	}
	t.Logf("undisturbed export: %s in %s, %d requests", summary.Status,
		time.Since(begin).Round(time.Millisecond), len(undisturbed.sim.log.Requests()))
	if summary.Status != export.StatusComplete {
		t.Fatalf("undisturbed export status = %s, want %s; problems %v",
			summary.Status, export.StatusComplete, summary.Problems)
	}

	crashed := newExportRun(t, "crash-killed", dir, fixture)
	begin = time.Now()
	summary, kills, err := crashed.runWithKills(ctx, c, tc, rand.New(rand.NewPCG(seed, 0)))
	if err != nil {
		t.Fatalf("export with kills: %v", err)
	}
	t.Logf("export with kills: %s in %s, %d requests", summary.Status,
		time.Since(begin).Round(time.Millisecond), len(crashed.sim.log.Requests()))

	if summary.Status != export.StatusComplete {
		t.Errorf("status after the kills = %s, want %s; problems %v",
			summary.Status, export.StatusComplete, summary.Problems)
	}
	var workers, servers int
	for _, k := range kills {
		if k.target == "worker" {
			workers++
		} else {
			servers++
		}
	}
	if workers < workerKills {
		t.Errorf("the worker was killed %d times, want at least %d", workers, workerKills)
	}
	if servers < serverKills {
		t.Errorf("the server was killed %d times, want at least %d", servers, serverKills)
	}

	compareFolders(t, undisturbed.output, crashed.output)
	compareMasked(t, undisturbed.output, crashed.output, "manifest.json")
	compareMasked(t, undisturbed.output, crashed.output, "report.json")
	if found := leftovers(t, crashed.output); len(found) > 0 {
		t.Errorf("the backup after the kills holds leftovers of unfinished writes: %v", found)
	}

	activities, err := readActivities(ctx, tc, crashed.workflowID)
	if err != nil {
		t.Fatal(err)
	}
	if repeated := repeatedPages(activities); len(repeated) > 0 {
		t.Errorf("the workflow scheduled pages again: %v", repeated)
	}
	retried := 0
	for _, a := range activities {
		if a.attempt > 1 {
			retried++
		}
	}
	t.Logf("%d of %d activities needed more than one attempt", retried, len(activities))
	if retried == 0 {
		t.Errorf("no activity needed a second attempt, so no kill cut one short")
	}

	for i, impact := range impactOf(kills, activities, crashed.sim.log.Requests()) {
		t.Logf("kill %2d: %s at +%s, %d activities open, %d requests while it ran",
			i+1, impact.target, impact.at.Sub(kills[0].at).Round(time.Millisecond), impact.open, impact.requests)
	}

	report := checkRefetches(crashed.sim.log.Requests(), kills, activities, newRouteTable(catalog.Default()))
	t.Logf("requests sent again after a kill: %d by activities the kill cut short, the oldest of them "+
		"first sent %s before the worker kill that cut it short; %d outside the catalogue",
		report.resumed, report.maxLost.Round(time.Millisecond), report.other)
	for _, v := range report.violations {
		t.Errorf("page fetched again after its activity completed: %s", v)
	}
	for _, u := range report.unattributed {
		t.Errorf("request sent again after a kill that no page activity sends: %s", u)
	}
}

// exportRun is one export of the test: its workflow id, simulator and
// backup folder.
type exportRun struct {
	t          *testing.T
	workflowID string
	taskQueue  string
	output     string
	region     string
	sim        *simulated
}

func newExportRun(t *testing.T, id, dir string, f *simulator.Fixture) *exportRun {
	t.Helper()
	return &exportRun{
		t: t, workflowID: id, taskQueue: id,
		output: filepath.Join(dir, id),
		region: f.Org.Region,
		sim:    startSimulated(t, f),
	}
}

func (r *exportRun) workerConfig(dir string) workerConfig {
	return workerConfig{
		taskQueue: r.taskQueue, apiURL: r.sim.url, region: r.region,
		output: filepath.Join(dir, "worker-default-output"),
	}
}

// start starts the workflow with the run's own backup folder.
func (r *exportRun) start(ctx context.Context, tc client.Client) error {
	_, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: r.workflowID, TaskQueue: r.taskQueue,
	}, export.WorkflowName, export.Request{Output: r.output})
	if err != nil {
		return fmt.Errorf("start %s: %w", r.workflowID, err)
	}
	return nil
}

// runUndisturbed runs the export with one worker process.
func (r *exportRun) runUndisturbed(ctx context.Context, c *cluster, tc client.Client) (*export.Summary, error) {
	worker, err := c.startWorker(r.workerConfig(c.dir))
	if err != nil {
		return nil, err
	}
	defer worker.stop()
	if err := r.start(ctx, tc); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, exportTimeout)
	defer cancel()
	return awaitExport(ctx, tc, r.workflowID)
}

// scheduledKill is one kill of the schedule: its target and the pause
// before it.
type scheduledKill struct {
	target string // "worker" or "server"
	pause  time.Duration
}

// newKillSchedule draws the order of workerKills worker kills and
// serverKills server kills, and the pause before each, from rng, and splits
// them into killBursts bursts. Each burst opens with a worker kill.
func newKillSchedule(rng *rand.Rand) [][]scheduledKill {
	kills := make([]scheduledKill, 0, workerKills+serverKills)
	for range workerKills {
		kills = append(kills, scheduledKill{target: "worker"})
	}
	for range serverKills {
		kills = append(kills, scheduledKill{target: "server"})
	}
	rng.Shuffle(len(kills), func(i, j int) { kills[i], kills[j] = kills[j], kills[i] })
	for i := range kills {
		kills[i].pause = minKillGap + time.Duration(rng.Int64N(int64(maxKillGap-minKillGap)))
	}
	bursts := make([][]scheduledKill, killBursts)
	size := (len(kills) + killBursts - 1) / killBursts
	for b := range bursts {
		burst := kills[min(b*size, len(kills)):min((b+1)*size, len(kills))]
		if i := slices.IndexFunc(burst, func(k scheduledKill) bool { return k.target == "worker" }); i > 0 {
			burst[0].target, burst[i].target = burst[i].target, burst[0].target
		}
		bursts[b] = burst
	}
	return bursts
}

func describeSchedule(bursts [][]scheduledKill) string {
	lines := make([]string, len(bursts))
	for b, burst := range bursts {
		parts := make([]string, len(burst))
		for i, k := range burst {
			parts[i] = fmt.Sprintf("%s after %s", k.target, k.pause.Round(time.Millisecond))
		}
		lines[b] = fmt.Sprintf("burst %d: %s", b+1, strings.Join(parts, ", "))
	}
	return strings.Join(lines, "; ")
}

// runWithKills runs the export while it kills the worker and the server as
// newKillSchedule draws it from rng, and returns the export's summary and
// the kills it sent.
//
// Each burst of kills starts once the export sends page requests again:
// the first burst after the plan, the next once the kills before have been
// waited out. So the opening worker kill of each burst cuts page activities
// short, and the rest of the burst land while those activities wait out
// their heartbeat timeout: on an idle worker, on the server, or on
// activities that run meanwhile.
//
// No kill lands after the flow YAML activity's first download, and the
// first burst waits for the plan to end. The plan and manifest activities
// heartbeat, so a kill there would cost their 30 s heartbeat timeout, as
// elsewhere. Keeping kills out of them keeps the run short.
func (r *exportRun) runWithKills(ctx context.Context, c *cluster, tc client.Client, rng *rand.Rand) (*export.Summary, []kill, error) {
	bursts := newKillSchedule(rng)
	r.t.Logf("kill schedule: %s", describeSchedule(bursts))

	worker, err := c.startWorker(r.workerConfig(c.dir))
	if err != nil {
		return nil, nil, err
	}
	defer func() { worker.stop() }()
	if err := r.start(ctx, tc); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, exportTimeout)
	defer cancel()

	type result struct {
		summary *export.Summary
		err     error
	}
	done := make(chan result, 1)
	go func() {
		s, err := awaitExport(ctx, tc, r.workflowID)
		done <- result{s, err}
	}()
	// wait returns early, with the export's result, when the export ends.
	wait := func(d time.Duration) (result, bool) {
		select {
		case res := <-done:
			return res, true
		case <-time.After(d):
			return result{}, false
		}
	}

	var kills []kill
	var lastKill time.Time
	for _, burst := range bursts {
		for !r.sim.pageRequestedAfter(lastKill) {
			if res, ended := wait(20 * time.Millisecond); ended {
				return nil, kills, fmt.Errorf("the export ended after %d kills, before the next burst (status %s, error %v)",
					len(kills), statusOf(res.summary), res.err)
			}
		}
		for _, k := range burst {
			if res, ended := wait(k.pause); ended {
				return nil, kills, fmt.Errorf("the export ended after %d kills (status %s, error %v): "+
					"the org is too small for the schedule", len(kills), statusOf(res.summary), res.err)
			}
			if r.sim.flowYAMLDownloaded() {
				return nil, kills, fmt.Errorf("the flow YAML activity downloaded its export after %d kills: "+
					"the org is too small for the schedule", len(kills))
			}
			switch k.target {
			case "worker":
				if err := worker.kill(); err != nil {
					return nil, kills, err
				}
				kills = append(kills, kill{target: k.target, started: worker.started, at: time.Now()})
				if worker, err = c.startWorker(r.workerConfig(c.dir)); err != nil {
					return nil, kills, err
				}
			case "server":
				started := c.serverStarted()
				if err := c.killServer(); err != nil {
					return nil, kills, err
				}
				kills = append(kills, kill{target: k.target, started: started, at: time.Now()})
				if err := c.startServer(ctx); err != nil {
					return nil, kills, err
				}
			}
			lastKill = kills[len(kills)-1].at
		}
	}
	r.t.Logf("sent %d kills; waiting for the export to end", len(kills))
	res := <-done
	return res.summary, kills, res.err
}

func statusOf(s *export.Summary) string {
	if s == nil {
		return "none"
	}
	return s.Status
}

// awaitExport waits for the workflow's result. It retries while the server
// is down, and returns the workflow's own failure at once.
func awaitExport(ctx context.Context, tc client.Client, workflowID string) (*export.Summary, error) {
	for {
		var summary export.Summary
		err := tc.GetWorkflow(ctx, workflowID, "").Get(ctx, &summary)
		if err == nil {
			return &summary, nil
		}
		var execErr *temporal.WorkflowExecutionError
		if errors.As(err, &execErr) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for %s: %w (last error: %v)", workflowID, ctx.Err(), err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// dialTemporal connects the test's client, which logs to logPath.
func dialTemporal(t *testing.T, frontend, logPath string) client.Client {
	t.Helper()
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = logFile.Close() })
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tc, err := client.Dial(client.Options{
		HostPort:  frontend,
		Namespace: "default",
		Logger:    sdklog.NewStructuredLogger(logger),
	})
	if err != nil {
		t.Fatalf("connect to the server at %s: %v", frontend, err)
	}
	t.Cleanup(tc.Close)
	return tc
}

// simulated is a simulator served on 127.0.0.1 with a request log and a
// fixed latency.
type simulated struct {
	server *simulator.Server
	log    simulator.RequestLog
	url    string
}

func startSimulated(t *testing.T, f *simulator.Fixture) *simulated {
	t.Helper()
	server, err := simulator.New(f, simulator.Options{ClientID: clientID, ClientSecret: clientSecret})
	if err != nil {
		t.Fatal(err)
	}
	sim := &simulated{server: server}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	httpServer := &http.Server{
		Handler:           sim.log.Wrap(withLatency(server.Handler(), requestLatency)),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() { _ = httpServer.Serve(listener) }()
	t.Cleanup(func() { _ = httpServer.Close() })
	sim.url = "http://" + listener.Addr().String()
	return sim
}

// withLatency delays every response of next by latency, or until the
// client hangs up.
func withLatency(next http.Handler, latency time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timer := time.NewTimer(latency)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	})
}

// pageRequestedAfter reports whether a page activity sent a request after
// since. Requests for the org are left out: the plan reads it, and so does
// each new worker process before its first page.
func (s *simulated) pageRequestedAfter(since time.Time) bool {
	for _, req := range s.log.Requests() {
		if req.Method == "GET" && req.Path != "/api/v2/organizations/me" && req.Time.After(since) {
			return true
		}
	}
	return false
}

// flowYAMLDownloaded reports whether the flow YAML activity has downloaded
// the file of an export job, the last request it sends.
func (s *simulated) flowYAMLDownloaded() bool {
	for _, req := range s.log.Requests() {
		if strings.HasPrefix(req.Path, flowExportDownloadPrefix) {
			return true
		}
	}
	return false
}
