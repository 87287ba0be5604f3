package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

// The end-to-end tests of docs/FAULTS.md: one per way the Platform API
// misbehaves, each a whole export through the in-process Temporal server.

// faultTimeScale runs the waits a server requests at 1/100 of their
// length, in the simulator that measures them and in the client that
// waits: a Retry-After of 300 s is honoured in 3 s.
const faultTimeScale = 0.01

// logBuffer keeps what the worker's logger writes, for tests that check
// what was logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newFaultHarness is newHarnessWith with the time scale set on both sides,
// the client configured by configure, and the worker's warnings kept in
// the returned buffer as well as in the test log.
func newFaultHarness(t *testing.T, f *simulator.Fixture, configure func(*genesys.Config)) (*harness, *logBuffer) {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{
		ClientID: "e2e-client", ClientSecret: "e2e-secret", TimeScale: faultTimeScale,
	})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	logs := &logBuffer{}
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(testWriter{t}, logs), &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := genesys.Config{
		ClientID: "e2e-client", ClientSecret: "e2e-secret", Region: f.Org.Region, APIBaseURL: url,
		TimeScale: faultTimeScale, Logger: logger,
	}
	if configure != nil {
		configure(&cfg)
	}
	api, err := genesys.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{
		t: t, sim: sim, client: server.GetDefaultClient(),
		taskQueue: fmt.Sprintf("e2e-%s-%d", t.Name(), harnesses.Add(1)), output: t.TempDir(),
	}
	h.acts = &activities.Activities{Client: api, Output: h.output, Region: "us-east-1", Logger: logger}
	h.startWorker()
	t.Cleanup(func() { h.worker.Stop() })
	return h, logs
}

// faultSample returns the sample org without its own faults.
func faultSample() *simulator.Fixture {
	f := simulator.SampleFixture()
	f.Faults = nil
	return f
}

// runIncluding exports the types and fails the test when the workflow
// fails.
func runIncluding(t *testing.T, h *harness, id string, types ...string) *export.Summary {
	t.Helper()
	request, _ := json.Marshal(map[string]any{"include": types})
	summary, err := h.run(id, json.RawMessage(request))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	return summary
}

// checkAllExported asserts that every fixture object of each type is in
// raw/.
func checkAllExported(t *testing.T, h *harness, f *simulator.Fixture, types ...string) {
	t.Helper()
	for _, typ := range types {
		if got, want := len(typeFiles(t, h.output, typ)), len(f.Resources[typ]); got != want {
			t.Errorf("%s: %d files under raw/, fixture has %d", typ, got, want)
		}
	}
}

func checkComplete(t *testing.T, h *harness, summary *export.Summary) manifestFile {
	t.Helper()
	if summary.Status != export.StatusComplete {
		t.Errorf("status = %s, want complete; problems %v; report %+v", summary.Status, summary.Problems,
			readReport(t, h.output).Problems)
	}
	m := readManifest(t, h.output)
	if m.Status != "complete" {
		t.Errorf("manifest status = %s, want complete", m.Status)
	}
	return m
}

// withWrapupCodes adds generated wrap-up codes so that their listing spans
// three pages of 100, and returns the ids of all of them in list order.
func withWrapupCodes(f *simulator.Fixture, total int) []string {
	template := f.Resources["routing_wrapupcode"][0]
	for i := len(f.Resources["routing_wrapupcode"]); i < total; i++ {
		obj := maps.Clone(template)
		obj["id"] = fmt.Sprintf("0a0a0000-0000-4000-8000-%012d", i)
		obj["name"] = fmt.Sprintf("Generated wrap-up %d", i)
		obj["selfUri"] = "/api/v2/routing/wrapupcodes/" + obj["id"].(string)
		f.Resources["routing_wrapupcode"] = append(f.Resources["routing_wrapupcode"], obj)
	}
	var ids []string
	for _, obj := range f.Resources["routing_wrapupcode"] {
		ids = append(ids, obj["id"].(string))
	}
	slices.Sort(ids)
	return ids
}

func problemsOf(t *testing.T, h *harness, typ string) []export.Problem {
	t.Helper()
	var out []export.Problem
	for _, p := range readReport(t, h.output).Problems {
		if p.Type == typ {
			out = append(out, p)
		}
	}
	return out
}

func TestConflictForSecondsIsRetried(t *testing.T) {
	f := faultSample()
	withWrapupCodes(f, 180)
	integration := f.Resources["integration"][0]["id"].(string)
	f.Faults = []simulator.Fault{
		// An object locked for two reads: the activity's own short retry.
		{Type: "integration", ID: integration, Status: 409, Times: 2},
		// Page 2 locked for 2 s: the activity fails with Conflict and the
		// retry policy's backoff reads the page again.
		{Type: "routing_wrapupcode", Page: 2, Status: 409, Seconds: 2},
	}
	h, _ := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-409", "integration", "routing_wrapupcode")
	m := checkComplete(t, h, summary)
	checkAllExported(t, h, f, "integration", "routing_wrapupcode")
	uses := h.sim.FaultUses()
	if uses[0] != 2 || uses[1] < 2 {
		t.Errorf("fault uses = %v, want 2 for the object and at least 2 for the page", uses)
	}
	if m.Requests.ByStatus["409"] < 4 {
		t.Errorf("manifest counts %d responses 409, want at least 4", m.Requests.ByStatus["409"])
	}
}

func TestRetryAfterHonouredInFull(t *testing.T) {
	f := faultSample()
	waits := map[string]int{"routing_queue": 1, "routing_skill": 58, "group": 300}
	for _, typ := range slices.Sorted(maps.Keys(waits)) {
		f.Faults = append(f.Faults, simulator.Fault{Type: typ, Status: 429, RetryAfter: waits[typ], Times: 1})
	}
	h, _ := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-429", "routing_queue", "routing_skill", "group")
	m := checkComplete(t, h, summary)
	checkAllExported(t, h, f, "routing_queue", "routing_skill", "group")
	if m.Requests.ByStatus["429"] != 3 {
		t.Errorf("manifest counts %d responses 429, want 3", m.Requests.ByStatus["429"])
	}

	gaps := h.sim.RetryGaps()
	if len(gaps) != 3 {
		t.Fatalf("measured %d retries after a 429, want 3: %+v", len(gaps), gaps)
	}
	for _, g := range gaps {
		want := time.Duration(float64(time.Duration(waits[g.Type])*time.Second) * faultTimeScale)
		if g.Early {
			t.Errorf("%s: retried %s after a Retry-After of %d s, earlier than the scaled %s", g.Type, g.Gap, g.RetryAfter, g.Want)
		}
		if g.Want != want || g.Gap < want {
			t.Errorf("%s: gap %s, want at least %s (Retry-After %d s scaled by %v)", g.Type, g.Gap, want, waits[g.Type], faultTimeScale)
		}
	}
}

func TestTokenThrottleBacksOff(t *testing.T) {
	f := faultSample()
	f.Faults = []simulator.Fault{{Kind: simulator.FaultTokenThrottle, Times: 3}}
	// A scale of 0.05 makes the client's waits 50, 100 and 200 ms.
	h, logs := newFaultHarness(t, f, func(cfg *genesys.Config) { cfg.TimeScale = 0.05 })
	summary := runIncluding(t, h, "e2e-faults-token-throttle", "routing_queue", "routing_skill")
	checkComplete(t, h, summary)
	checkAllExported(t, h, f, "routing_queue", "routing_skill")
	if got := h.sim.TokenRequests(); got != 4 {
		t.Errorf("token requests = %d, want 4: three throttled, then one token for the whole export", got)
	}
	if got := strings.Count(logs.String(), "OAuth token endpoint is throttling"); got != 3 {
		t.Errorf("logged %d waits for the throttled token endpoint, want 3", got)
	}
}

func TestServerErrorBurstsRetried(t *testing.T) {
	f := faultSample()
	statuses := map[string]int{"routing_queue": 500, "routing_skill": 502, "group": 503, "routing_wrapupcode": 504}
	types := slices.Sorted(maps.Keys(statuses))
	for _, typ := range types {
		f.Faults = append(f.Faults, simulator.Fault{Type: typ, Status: statuses[typ], Times: 2})
	}
	h, _ := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-5xx", types...)
	m := checkComplete(t, h, summary)
	checkAllExported(t, h, f, types...)
	for _, status := range []string{"500", "502", "503", "504"} {
		if m.Requests.ByStatus[status] != 2 {
			t.Errorf("manifest counts %d responses %s, want 2", m.Requests.ByStatus[status], status)
		}
	}
}

func TestConnectionResetsRetried(t *testing.T) {
	f := faultSample()
	f.Faults = []simulator.Fault{
		{Type: "routing_queue", Kind: simulator.FaultReset, Times: 3},
		{Type: "routing_skill", Kind: simulator.FaultResetMidBody, Times: 2},
	}
	h, _ := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-reset", "routing_queue", "routing_skill")
	m := checkComplete(t, h, summary)
	checkAllExported(t, h, f, "routing_queue", "routing_skill")
	if uses := h.sim.FaultUses(); uses[0] != 3 || uses[1] != 2 {
		t.Errorf("fault uses = %v, want [3 2]", uses)
	}
	// net/http repeats a GET by itself when a reused connection closes
	// before the response, so not every reset reaches the retry policy.
	// Those that do count as requests without a response (status 0); a
	// reset mid-body counts under the status that arrived.
	if m.Requests.ByStatus["0"] < 1 {
		t.Errorf("manifest counts %d requests without a response, want at least 1", m.Requests.ByStatus["0"])
	}
}

func TestSlowResponseTimesOutAndRetries(t *testing.T) {
	f := faultSample()
	f.Faults = []simulator.Fault{{Type: "routing_queue", Kind: simulator.FaultSlow, Delay: 30, Times: 1}}
	h, logs := newFaultHarness(t, f, func(cfg *genesys.Config) { cfg.RequestTimeout = time.Second })
	summary := runIncluding(t, h, "e2e-faults-slow", "routing_queue", "routing_skill")
	m := checkComplete(t, h, summary)
	checkAllExported(t, h, f, "routing_queue", "routing_skill")
	if len(readReport(t, h.output).Problems) != 0 {
		t.Errorf("report.json lists %+v; a time-out that a retry cured is no problem", readReport(t, h.output).Problems)
	}
	if !strings.Contains(logs.String(), "timed out after 1s (Config.RequestTimeout)") {
		t.Error("the worker's log does not report the time-out")
	}
	if m.Requests.ByStatus["0"] != 1 {
		t.Errorf("manifest counts %d requests without a response, want the 1 that timed out", m.Requests.ByStatus["0"])
	}
}

func TestExpiredTokenRefreshedOnce(t *testing.T) {
	f := faultSample()
	f.Faults = []simulator.Fault{{Type: "routing_skill", Kind: simulator.FaultExpireToken, Times: 1}}
	h, logs := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-expired-token", "routing_queue", "routing_skill", "group")
	checkComplete(t, h, summary)
	checkAllExported(t, h, f, "routing_queue", "routing_skill", "group")
	if got := h.sim.TokenRequests(); got != 2 {
		t.Errorf("token requests = %d, want 2: the first token and one after it expired", got)
	}
	if !strings.Contains(logs.String(), "API request returned 401, refreshing the OAuth token") {
		t.Error("the worker's log does not report the token refresh")
	}
}

func TestMalformedBodiesRetriedThenReported(t *testing.T) {
	f := faultSample()
	f.Faults = []simulator.Fault{
		{Type: "routing_queue", Kind: simulator.FaultTruncated, Times: 1},
		{Type: "routing_skill", Kind: simulator.FaultMalformed},
	}
	h, _ := newFaultHarness(t, f, nil)
	summary := runIncluding(t, h, "e2e-faults-malformed", "routing_queue", "routing_skill", "group")
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	if m := readManifest(t, h.output); m.Status != "partial" {
		t.Errorf("manifest status = %s, want partial", m.Status)
	}
	checkAllExported(t, h, f, "routing_queue", "group")
	if n := len(typeFiles(t, h.output, "routing_skill")); n != 0 {
		t.Errorf("routing_skill: %d files from a malformed page", n)
	}
	if got := h.sim.FaultUses()[1]; got != 3 {
		t.Errorf("the malformed page was read %d times, want 3 attempts", got)
	}
	problems := problemsOf(t, h, "routing_skill")
	if len(problems) != 1 {
		t.Fatalf("routing_skill problems = %+v, want one", problems)
	}
	p := problems[0]
	if p.Kind != export.ProblemFailed || p.Page != 1 {
		t.Errorf("problem = %+v, want failed on page 1", p)
	}
	for _, want := range []string{"list routing_skill page 1", "not valid JSON", "invalid JSON at byte", "reported as failed"} {
		if !strings.Contains(p.Message, want) {
			t.Errorf("problem message %q does not contain %q", p.Message, want)
		}
	}
	if len(problemsOf(t, h, "routing_queue")) != 0 {
		t.Errorf("routing_queue problems = %+v; its one truncated body was retried", problemsOf(t, h, "routing_queue"))
	}
}

func TestListingChangesBetweenPages(t *testing.T) {
	for _, kind := range []string{simulator.FaultDelete, simulator.FaultCreate} {
		t.Run(kind, func(t *testing.T) {
			f := faultSample()
			ids := withWrapupCodes(f, 250)
			// The first object in list order: deleting it after page 1
			// moves the first object of page 2 onto page 1, and creating
			// it pushes the last object of page 1 onto page 2.
			changed := ids[0]
			f.Faults = []simulator.Fault{{Type: "routing_wrapupcode", ID: changed, Kind: kind, Page: 1}}
			h, logs := newFaultHarness(t, f, nil)
			summary := runIncluding(t, h, "e2e-faults-listing-"+kind, "routing_wrapupcode")
			m := checkComplete(t, h, summary)

			// Every object is in the backup: one deleted after page 1 was
			// read on page 1, one created after it is found when the
			// listing is read again, and so are the objects that moved.
			files := typeFiles(t, h.output, "routing_wrapupcode")
			if len(files) != len(ids) {
				t.Errorf("%d wrap-up codes in raw/, want %d", len(files), len(ids))
			}
			if moved := ids[100] + ".json"; !slices.Contains(files, moved) {
				t.Errorf("%s, the first object of page 2 before the change, is missing", moved)
			}
			entry := m.Types["routing_wrapupcode"]
			if entry.Listed != entry.Count || !entry.Audited {
				t.Errorf("manifest entry = %+v, want every listed object once, audited", entry)
			}
			if !strings.Contains(logs.String(), "listing changed during the export") {
				t.Error("the worker's log does not report the listing change")
			}
		})
	}
}

func TestBadObjectsAndPanicsReported(t *testing.T) {
	f := faultSample()
	queues := f.Resources["routing_queue"]
	wrongRef, numericID, panics := queues[0]["id"].(string), queues[1]["id"].(string), queues[2]["id"].(string)
	f.Faults = []simulator.Fault{
		{Type: "routing_queue", ID: wrongRef, Kind: simulator.FaultField, Field: "division", Value: "not an object"},
		{Type: "routing_queue", ID: numericID, Kind: simulator.FaultField, Field: "id", Value: 42},
	}
	h, _ := newFaultHarness(t, f, nil)
	h.acts.BeforeObject = func(typ, id string, raw json.RawMessage) {
		if id == panics {
			panic("injected failure while handling " + id)
		}
	}
	summary := runIncluding(t, h, "e2e-faults-bad-objects", "routing_queue", "routing_skill")
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	m := readManifest(t, h.output)
	if got, want := m.Types["routing_queue"].Count, len(queues)-3; got != want {
		t.Errorf("routing_queue: %d exported, want %d", got, want)
	}
	checkAllExported(t, h, f, "routing_skill")

	byID := map[string]export.Problem{}
	for _, p := range problemsOf(t, h, "routing_queue") {
		byID[p.ID] = p
	}
	checks := map[string]string{
		wrongRef: "reference field division.id to auth_division: division is a JSON string, not an object",
		"id=42":  `has no string "id"`,
		panics:   "panic: injected failure",
	}
	for id, want := range checks {
		p, ok := byID[id]
		if !ok {
			t.Errorf("report.json has no problem for %s; problems %+v", id, byID)
			continue
		}
		if p.Kind != export.ProblemInvalid || !strings.Contains(p.Message, want) {
			t.Errorf("problem for %s = %+v, want invalid with %q", id, p, want)
		}
	}
	// The worker survived the panic: a second export on it completes.
	f2 := runIncluding(t, h, "e2e-faults-after-panic", "routing_skill")
	if f2.Status != export.StatusComplete {
		t.Errorf("export after the panic: status %s", f2.Status)
	}
}

func TestHostileAnswersReported(t *testing.T) {
	f := faultSample()
	queue := f.Resources["routing_queue"][0]["id"].(string)
	group := f.Resources["group"][0]["id"].(string)
	f.Faults = []simulator.Fault{
		{Type: "routing_skill", Kind: simulator.FaultOversize, Bytes: 300 << 10},
		{Type: "routing_wrapupcode", Kind: simulator.FaultField, Field: "entities", Value: map[string]any{"id": "x"}},
		{Type: "routing_language", Kind: simulator.FaultField, Field: "pageCount", Value: "3"},
		{Type: "location", Kind: simulator.FaultField, Field: "total", Value: -5},
		{Type: "routing_queue", ID: queue, Kind: simulator.FaultInvalidUTF8},
		{Type: "group", ID: group, Kind: simulator.FaultDeepNesting, Depth: 3000},
	}
	h, _ := newFaultHarness(t, f, func(cfg *genesys.Config) { cfg.MaxBodyBytes = 256 << 10 })
	types := []string{"routing_skill", "routing_wrapupcode", "routing_language", "location", "routing_queue", "group", "auth_role"}
	summary := runIncluding(t, h, "e2e-faults-hostile", types...)
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	checkAllExported(t, h, f, "auth_role")

	pages := map[string]string{
		"routing_skill":      "response body over 262144 bytes",
		"routing_wrapupcode": "field entities is a JSON object, not an array",
		"routing_language":   "field pageCount is a JSON string, not a number",
		"location":           "field total is negative (-5)",
	}
	for typ, want := range pages {
		problems := problemsOf(t, h, typ)
		if len(problems) != 1 || problems[0].Kind != export.ProblemFailed || problems[0].Page != 1 ||
			!strings.Contains(problems[0].Message, want) {
			t.Errorf("%s problems = %+v, want page 1 failed with %q", typ, problems, want)
		}
		if n := len(typeFiles(t, h.output, typ)); n != 0 {
			t.Errorf("%s: %d files from a rejected page", typ, n)
		}
	}
	objects := map[string]struct{ id, want string }{
		"routing_queue": {queue, "invalid UTF-8 at byte"},
		"group":         {group, "3001 levels deep, over the limit of 1000"},
	}
	for typ, o := range objects {
		problems := problemsOf(t, h, typ)
		if len(problems) != 1 || problems[0].ID != o.id || problems[0].Kind != export.ProblemInvalid ||
			!strings.Contains(problems[0].Message, o.want) {
			t.Errorf("%s problems = %+v, want %s invalid with %q", typ, problems, o.id, o.want)
		}
		if got, want := len(typeFiles(t, h.output, typ)), len(f.Resources[typ])-1; got != want {
			t.Errorf("%s: %d files, want all %d others", typ, got, want)
		}
	}
}
