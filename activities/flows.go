package activities

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/sink"
)

// flowYAMLProblemType is the type that flow YAML problems are reported under.
const flowYAMLProblemType = "flow_yaml"

const (
	flowExportJobsPath = "/api/v2/flows/export/jobs"
	// maxFlowsPerExportJob bounds the flows of one export job.
	// NOTE: the API documents no maximum. 100 flows keep the request body
	// near 10 KB, far below the 512,000-byte request limit.
	maxFlowsPerExportJob = 100
	// maxFlowYAMLBytes caps one flow's YAML read from a zip archive, the
	// default response cap of the API client.
	maxFlowYAMLBytes = 64 << 20
	// maxJobRestarts bounds, per attempt, how often a job is registered
	// again because the API no longer finds it (404 or 410) or its download
	// URL no longer works (403, 404 or 410).
	maxJobRestarts = 3
)

// Poll delays of an export job: the first poll waits flowPollInitial, and
// each poll that finds the job still running doubles the wait up to
// flowPollMax. Variables so that tests can shorten them.
var (
	flowPollInitial = time.Second
	flowPollMax     = 30 * time.Second
)

// exportFileName is the rule of ExportDetails.fileName: "Must contain only
// alphanumeric characters, underscores, or hyphens." A flow whose id breaks
// it is exported alone, because its file in a zip archive could not be
// named after it.
var exportFileName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Statuses of an Architect export job.
const (
	exportRegistered = "Registered"
	exportStarted    = "Started"
	exportSuccess    = "Success"
	exportFailure    = "Failure"
)

// flowExportState is the heartbeat details of ExportFlowYAML. Temporal hands
// the last details of a failed attempt to the next one, so that it resumes
// polling the same job instead of registering a new one.
type flowExportState struct {
	// JobID is the export job being polled, and JobFlows the flows it
	// exports.
	JobID    string   `json:"jobId,omitempty"`
	JobFlows []string `json:"jobFlows,omitempty"`
	// Split lists the halves of failed jobs, exported before the other
	// flows, so that a failing flow ends up alone in a job.
	Split [][]string `json:"split,omitempty"`
	// Done lists the flows whose YAML was written.
	Done     []string         `json:"done,omitempty"`
	Problems []export.Problem `json:"problems,omitempty"`
	Jobs     int              `json:"jobs,omitempty"`
	Polls    int              `json:"polls,omitempty"`
	Requests map[int]int64    `json:"requests,omitempty"`

	// DepsDone lists the flows whose consumed resources were written or
	// reported, and DepsForbidden is set once dependency tracking returned
	// 403, after which no flow's are read.
	DepsDone      []string `json:"depsDone,omitempty"`
	DepsForbidden bool     `json:"depsForbidden,omitempty"`
}

// exportJobFlow is one ExportDetails of a RegisterArchitectExportJob body.
type exportJobFlow struct {
	Flow struct {
		ID string `json:"id"`
	} `json:"flow"`
	FileName   string `json:"fileName,omitempty"`
	ExportType string `json:"exportType"`
}

// exportJobStatus is the part of an ArchitectExportJobStateResponse that the
// activity reads.
type exportJobStatus struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	DownloadURL string `json:"downloadUrl"`
	Messages    []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"messages"`
}

// ExportFlowYAML exports the Architect YAML of a batch of flows through
// export jobs: it registers a job for up to maxFlowsPerExportJob flows,
// polls it with exponential backoff, downloads its file and writes each
// flow's YAML to the backup folder. A job that fails, or that the API
// rejects with 400, 404 or 410, is split in halves and exported again, so
// the flows that fail alone are reported as problems and the others are
// still written. Then it reads, one request per flow, the resources that
// each published flow consumes, and writes them next to its YAML (see
// exportDependencies).
//
// A 429 is waited out in full, whatever its Retry-After. The job id is in
// the heartbeat, so a retried attempt polls the same job.
func (a *Activities) ExportFlowYAML(ctx context.Context, in export.FlowYAMLInput) (*export.FlowYAMLResult, error) {
	output := in.Output
	if output == "" {
		output = a.Output
	}
	if output == "" {
		return nil, temporal.NewNonRetryableApplicationError(
			"export flow YAML: no backup folder: the input has no output and the worker has none configured",
			string(genesys.ClassInvalid), nil)
	}
	dir, err := sink.Open(output)
	if err != nil {
		return nil, temporalError(err)
	}
	ids := in.FlowIDs
	if len(ids) == 0 {
		// An export passes no ids: it exports the flows it staged.
		if ids, err = dir.StagedIDs(in.ExportID, "flow"); err != nil {
			return nil, temporalError(err)
		}
	}
	flows, err := distinctFlowIDs(ids)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			"export flow YAML: "+err.Error(), string(genesys.ClassInvalid), nil)
	}

	run := startFlowRun(ctx, a, in, flows, dir)
	defer run.stop()
	restarts := 0
	for {
		jobID, batch := run.nextBatch()
		if len(batch) == 0 {
			if err := run.exportDependencies(ctx); err != nil {
				return run.fail(ctx, err)
			}
			return run.result(), nil
		}
		restart, err := run.exportBatch(ctx, jobID, batch)
		if err != nil {
			return run.fail(ctx, err)
		}
		if restart == nil {
			restarts = 0
			continue
		}
		restarts++
		if restarts > maxJobRestarts {
			run.endJob(run.problems(export.ProblemFailed, batch, fmt.Sprintf(
				"gave up after registering the export job %d times: %v", restarts, restart)))
			restarts = 0
			continue
		}
		a.logger().Info("registering the flow export job again", "jobId", jobID, "flows", len(batch),
			"error", restart)
	}
}

// distinctFlowIDs returns ids without duplicates, in their first order.
func distinctFlowIDs(ids []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return nil, fmt.Errorf("flowIds[%d] is empty", i)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// flowRun is one attempt of ExportFlowYAML.
type flowRun struct {
	a       *Activities
	in      export.FlowYAMLInput
	flows   []string
	dir     *sink.Dir
	attempt int32

	ctx  context.Context
	done chan struct{}
	once sync.Once

	mu    sync.Mutex
	state flowExportState
	// depTargets lists the flows whose consumed resources this attempt
	// reads, once their YAML is done.
	depTargets []dependencyTarget
}

// startFlowRun restores the state of an earlier attempt and heartbeats it
// every heartbeatInterval until stop, so that long waits for a job or a
// Retry-After do not time the activity out.
func startFlowRun(ctx context.Context, a *Activities, in export.FlowYAMLInput, flows []string, dir *sink.Dir) *flowRun {
	r := &flowRun{a: a, in: in, flows: flows, dir: dir, attempt: activity.GetInfo(ctx).Attempt,
		ctx: ctx, done: make(chan struct{})}
	if activity.HasHeartbeatDetails(ctx) {
		// Details that do not decode are from an older worker version and
		// mean only that this attempt starts from the beginning.
		if err := activity.GetHeartbeatDetails(ctx, &r.state); err != nil || !r.stateFits() {
			r.state = flowExportState{}
		}
	}
	if r.state.Requests == nil {
		r.state.Requests = map[int]int64{}
	}
	if r.state.JobID != "" {
		a.logger().Info("resuming the flow export job of an earlier attempt", "jobId", r.state.JobID,
			"flows", len(r.state.JobFlows), "attempt", r.attempt)
	}
	go r.heartbeatLoop()
	return r
}

// stateFits reports whether restored details name only flows of the input.
func (r *flowRun) stateFits() bool {
	for _, id := range r.state.JobFlows {
		if !slices.Contains(r.flows, id) {
			return false
		}
	}
	return true
}

func (r *flowRun) heartbeatLoop() {
	t := time.NewTicker(heartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-r.done:
			return
		case <-r.ctx.Done():
			return
		case <-t.C:
			r.heartbeat()
		}
	}
}

func (r *flowRun) stop() { r.once.Do(func() { close(r.done) }) }

// update changes the state and records it.
func (r *flowRun) update(change func(*flowExportState)) {
	r.mu.Lock()
	change(&r.state)
	r.mu.Unlock()
	r.heartbeat()
}

func (r *flowRun) heartbeat() {
	r.mu.Lock()
	// A JSON round trip gives the SDK a copy that later changes cannot reach.
	data, _ := json.Marshal(r.state)
	r.mu.Unlock()
	var copied flowExportState
	_ = json.Unmarshal(data, &copied)
	activity.RecordHeartbeat(r.ctx, copied)
}

// finished reports whether a flow's YAML was written or recorded as a
// problem. The caller holds r.mu.
func (r *flowRun) finished(id string) bool {
	if slices.Contains(r.state.Done, id) {
		return true
	}
	for _, p := range r.state.Problems {
		if p.ID == id && p.Type == flowYAMLProblemType {
			return true
		}
	}
	return false
}

// nextBatch returns the job to resume and its flows, or an empty job id and
// the flows of the next job to register. No flows means the run is done.
func (r *flowRun) nextBatch() (string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state.JobID != "" {
		return r.state.JobID, slices.Clone(r.state.JobFlows)
	}
	for len(r.state.Split) > 0 {
		var batch []string
		for _, id := range r.state.Split[0] {
			if !r.finished(id) {
				batch = append(batch, id)
			}
		}
		if len(batch) > 0 {
			return "", batch
		}
		r.state.Split = r.state.Split[1:]
	}

	var batch []string
	for _, id := range r.flows {
		if r.finished(id) {
			continue
		}
		if !exportFileName.MatchString(id) {
			if len(batch) == 0 {
				return "", []string{id}
			}
			continue
		}
		batch = append(batch, id)
		if len(batch) == maxFlowsPerExportJob {
			break
		}
	}
	return "", batch
}

// exportBatch exports the flows of one job, registering it first when
// jobID is empty. It returns a restart error when the job must be
// registered again, and an error when the attempt must fail.
func (r *flowRun) exportBatch(ctx context.Context, jobID string, flows []string) (restart, err error) {
	if jobID == "" {
		jobID, err = r.register(ctx, flows)
		var apiErr *genesys.Error
		if errors.As(err, &apiErr) && slices.Contains([]int{400, 404, 410}, apiErr.Status) {
			// One missing or deleted flow makes the API reject the whole
			// job, so only a job of a single flow identifies the flow at fault.
			kind := export.ProblemFailed
			if apiErr.Status != 400 {
				kind = export.ProblemGone
			}
			r.splitOrReport("", flows, kind, err.Error())
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}

	job, err := r.poll(ctx, jobID)
	if genesys.ClassOf(err) == genesys.ClassGone {
		r.endJob(nil)
		return err, nil
	}
	if err != nil {
		return nil, err
	}

	switch job.Status {
	case exportSuccess:
		if job.DownloadURL == "" {
			r.endJob(r.problems(export.ProblemInvalid, flows,
				fmt.Sprintf("export job %s succeeded without a downloadUrl", jobID)))
			return nil, nil
		}
		return r.download(ctx, jobID, job.DownloadURL, flows)
	case exportFailure:
		r.splitOrReport(jobID, flows, export.ProblemFailed,
			fmt.Sprintf("export job %s failed: %s", jobID, jobMessages(job)))
		return nil, nil
	default:
		r.endJob(r.problems(export.ProblemInvalid, flows,
			fmt.Sprintf("export job %s returned the unexpected status %q", jobID, job.Status)))
		return nil, nil
	}
}

// splitOrReport queues the flows of a failed or rejected job as two halves,
// exported before the other flows, or reports a job's only flow as a
// problem.
func (r *flowRun) splitOrReport(jobID string, flows []string, kind, reason string) {
	if len(flows) == 1 {
		r.endJob(r.problems(kind, flows, reason))
		return
	}
	half := len(flows) / 2
	r.a.logger().Warn("flow export job failed, exporting its flows in two smaller jobs",
		"jobId", jobID, "flows", len(flows), "error", reason)
	r.update(func(s *flowExportState) {
		s.Split = append([][]string{flows[:half], flows[half:]}, s.Split...)
		s.JobID, s.JobFlows = "", nil
	})
}

func (r *flowRun) register(ctx context.Context, flows []string) (string, error) {
	body := struct {
		Flows []exportJobFlow `json:"flows"`
	}{}
	for _, id := range flows {
		entry := exportJobFlow{ExportType: "Yaml"}
		entry.Flow.ID = id
		if exportFileName.MatchString(id) {
			entry.FileName = id
		}
		body.Flows = append(body.Flows, entry)
	}
	data, err := r.callWaitingOutRateLimits(ctx, "register a flow export job", func() ([]byte, error) {
		return r.a.Client.Post(ctx, flowExportJobsPath, nil, body)
	})
	if err != nil {
		return "", err
	}
	var resp struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &resp); err != nil || resp.ID == "" {
		return "", &genesys.Error{Class: genesys.ClassInvalid, Method: "POST", Path: flowExportJobsPath,
			Message: "the response has no export job id", Err: err}
	}
	r.update(func(s *flowExportState) {
		s.JobID, s.JobFlows = resp.ID, slices.Clone(flows)
		s.Jobs++
	})
	r.a.logger().Info("flow export job registered", "jobId", resp.ID, "flows", len(flows))
	return resp.ID, nil
}

// poll requests the job's status until it leaves Registered and Started.
// Each wait is a timer: flowPollInitial before the first poll, then twice
// the last wait up to flowPollMax, or exactly the Retry-After of a 429.
func (r *flowRun) poll(ctx context.Context, jobID string) (*exportJobStatus, error) {
	path := flowExportJobsPath + "/" + url.PathEscape(jobID)
	query := url.Values{"expand": {"messages"}}
	delay := flowPollInitial
	wait := delay
	for {
		if err := waitFor(ctx, wait); err != nil {
			return nil, err
		}
		data, err := r.a.Client.Get(ctx, path, query)
		r.count(err, true)
		var apiErr *genesys.Error
		if errors.As(err, &apiErr) && apiErr.Class == genesys.ClassRateLimited {
			wait = retryAfterOr(apiErr, delay)
			r.a.logger().Info("flow export job poll rate limited, waiting for Retry-After",
				"jobId", jobID, "wait", wait)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("poll flow export job %s: %w", jobID, err)
		}

		var job exportJobStatus
		if err := json.Unmarshal(data, &job); err != nil {
			return nil, &genesys.Error{Class: genesys.ClassInvalid, Method: "GET", Path: path,
				Message: "the response is not an export job status", Err: err}
		}
		if job.Status != exportRegistered && job.Status != exportStarted {
			return &job, nil
		}
		delay = nextPollDelay(delay)
		wait = delay
	}
}

// nextPollDelay doubles a poll delay up to flowPollMax.
func nextPollDelay(delay time.Duration) time.Duration {
	return min(2*delay, flowPollMax)
}

func retryAfterOr(apiErr *genesys.Error, fallback time.Duration) time.Duration {
	if apiErr.RetryAfter > 0 {
		return apiErr.RetryAfter
	}
	return fallback
}

// callWaitingOutRateLimits sends a request until it gets a response other
// than 429, waiting each 429's Retry-After in full in between.
func (r *flowRun) callWaitingOutRateLimits(ctx context.Context, what string, send func() ([]byte, error)) ([]byte, error) {
	for {
		data, err := send()
		r.count(err, false)
		var apiErr *genesys.Error
		if !errors.As(err, &apiErr) || apiErr.Class != genesys.ClassRateLimited {
			if err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
			return data, nil
		}
		wait := retryAfterOr(apiErr, flowPollInitial)
		r.a.logger().Info("flow export request rate limited, waiting for Retry-After", "request", what, "wait", wait)
		if err := waitFor(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// waitFor waits d on a timer, or until ctx is done.
func waitFor(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// download fetches the job's file and writes the YAML of each flow. A
// download URL that no longer works (403, 404 or 410) returns a restart,
// because a new job gets a new URL.
func (r *flowRun) download(ctx context.Context, jobID, downloadURL string, flows []string) (restart, err error) {
	data, err := r.callWaitingOutRateLimits(ctx, "download flow export job "+jobID, func() ([]byte, error) {
		return r.a.Client.Download(ctx, downloadURL)
	})
	switch genesys.ClassOf(err) {
	case "":
	case genesys.ClassForbidden, genesys.ClassGone:
		r.endJob(nil)
		return err, nil
	default:
		return nil, err
	}

	files, err := flowFiles(data, flows)
	if err != nil {
		r.endJob(r.problems(export.ProblemInvalid, flows, fmt.Sprintf("export job %s: %v", jobID, err)))
		return nil, nil
	}
	var written []string
	var problems []export.Problem
	for _, id := range flows {
		text, ok := files[id]
		var werr error
		switch {
		case !ok:
			werr = fmt.Errorf("the file of export job %s has no YAML for the flow", jobID)
		case !utf8.Valid(text):
			werr = fmt.Errorf("the YAML of export job %s is not valid UTF-8", jobID)
		default:
			werr = r.writeYAML(id, text)
		}
		if werr != nil {
			kind := export.ProblemInvalid
			if !ok {
				kind = export.ProblemFailed
			}
			problems = append(problems, r.problems(kind, []string{id}, werr.Error())...)
			continue
		}
		written = append(written, id)
	}
	r.update(func(s *flowExportState) {
		for _, id := range written {
			if !slices.Contains(s.Done, id) {
				s.Done = append(s.Done, id)
			}
		}
	})
	r.endJob(problems)
	return nil, nil
}

// writeYAML stores a flow's YAML as flows/<id>.yaml, byte for byte.
func (r *flowRun) writeYAML(id string, text []byte) error {
	return r.dir.WriteFlowYAML(r.in.ExportID, id, text)
}

// flowFiles returns the YAML of each flow from a job's download: the file
// itself for a job of one flow, or the entries of a zip archive named after
// the flows' fileName, in any folder and with any extension.
func flowFiles(data []byte, flows []string) (map[string][]byte, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if len(flows) != 1 {
			return nil, fmt.Errorf("the download of a job of %d flows is not a zip archive", len(flows))
		}
		return map[string][]byte{flows[0]: data}, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("invalid zip archive: %w", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		base := path.Base(f.Name)
		id := strings.TrimSuffix(base, path.Ext(base))
		if !slices.Contains(flows, id) {
			continue
		}
		text, err := readZipEntry(f)
		if err != nil {
			return nil, err
		}
		files[id] = text
	}
	return files, nil
}

func readZipEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("zip entry %s: %w", f.Name, err)
	}
	defer rc.Close()
	text, err := io.ReadAll(io.LimitReader(rc, maxFlowYAMLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("zip entry %s: %w", f.Name, err)
	}
	if len(text) > maxFlowYAMLBytes {
		return nil, fmt.Errorf("zip entry %s is over %d bytes", f.Name, maxFlowYAMLBytes)
	}
	return text, nil
}

func jobMessages(job *exportJobStatus) string {
	var texts []string
	for _, m := range job.Messages {
		texts = append(texts, strings.TrimSpace(m.Type+": "+m.Text))
	}
	if len(texts) == 0 {
		return "the job returned no messages"
	}
	return strings.Join(texts, "; ")
}

// problems builds one problem per flow and logs each.
func (r *flowRun) problems(kind string, flows []string, message string) []export.Problem {
	out := make([]export.Problem, 0, len(flows))
	for _, id := range flows {
		// The problem is the YAML's, not the flow object's, which is in raw/
		// whatever became of its YAML, so it stays out of the raw audit.
		out = append(out, export.Problem{Kind: kind, Type: flowYAMLProblemType, ID: id, Message: message})
		r.a.logger().Warn("export problem", "kind", kind, "type", "flow", "id", id, "error", message)
	}
	return out
}

// endJob records problems and clears the current job from the state.
func (r *flowRun) endJob(problems []export.Problem) {
	r.update(func(s *flowExportState) {
		s.Problems = append(s.Problems, problems...)
		s.JobID, s.JobFlows = "", nil
	})
}

// count records one request's HTTP status, and a poll.
func (r *flowRun) count(err error, poll bool) {
	status := statusOf(err)
	r.update(func(s *flowExportState) {
		s.Requests[status]++
		if poll {
			s.Polls++
		}
	})
}

// fail ends the attempt. On the last attempt, a retryable error becomes a
// failed problem for every flow not yet finished, so the export goes on.
func (r *flowRun) fail(ctx context.Context, err error) (*export.FlowYAMLResult, error) {
	if ctx.Err() != nil {
		return nil, temporalError(err)
	}
	switch genesys.ClassOf(err) {
	case genesys.ClassAuth, genesys.ClassForbidden, genesys.ClassGone, genesys.ClassInvalid:
	default:
		if r.in.MaxAttempts > 0 && r.attempt >= r.in.MaxAttempts {
			var pending []string
			r.mu.Lock()
			for _, id := range r.flows {
				if !r.finished(id) {
					pending = append(pending, id)
				}
			}
			unread := r.pendingDependencyProblems(err.Error())
			r.mu.Unlock()
			r.endJob(append(r.problems(export.ProblemFailed, pending, err.Error()), unread...))
			return r.result(), nil
		}
	}
	r.a.logger().Warn("flow YAML export attempt failed", "flows", len(r.flows), "attempt", r.attempt,
		"error", err)
	return nil, temporalError(err)
}

func (r *flowRun) result() *export.FlowYAMLResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := &export.FlowYAMLResult{
		Flows:    len(r.flows),
		Written:  len(r.state.Done),
		Jobs:     r.state.Jobs,
		Polls:    r.state.Polls,
		Requests: make(map[int]int64, len(r.state.Requests)),
		Problems: slices.Clone(r.state.Problems),
	}
	for status, n := range r.state.Requests {
		res.Requests[status] = n
	}
	return res
}
