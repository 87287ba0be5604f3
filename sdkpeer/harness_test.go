package sdkpeer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// Client credentials that the simulators of these tests accept.
const (
	clientID     = "sdkpeer-client"
	clientSecret = "sdkpeer-secret"
)

// Page sizes of the peer's listings. They are far below the catalogue's, so
// that the sample's lists take several pages and the SDK reads every
// page-number, after, cursor and scan envelope, not only the first.
// scanLimit is the smallest limit that the scan endpoints accept.
const (
	peerPageSize = 3
	scanLimit    = 10
)

// sdkPackage is the file whose presence shows that npm installed the SDK.
var sdkPackage = filepath.Join("node_modules", "purecloud-platform-client-v2", "package.json")

// peerTimeout bounds one run of the script and one npm ci, so that a hung
// process fails the test instead of the whole go test run.
const peerTimeout = 5 * time.Minute

// plan is the input of peer.mjs.
type plan struct {
	BaseURL      string          `json:"baseUrl"`
	ClientID     string          `json:"clientId"`
	ClientSecret string          `json:"clientSecret"`
	Org          simulator.Org   `json:"org"`
	Types        []planType      `json:"types"`
	RateLimit    *rateLimitFault `json:"rateLimit,omitempty"`
}

// planType is one catalogue type as the script lists it, with the
// fixture's number of objects of the type.
type planType struct {
	Name        string              `json:"name"`
	ListPath    string              `json:"listPath"`
	GetPath     string              `json:"getPath"`
	Paging      catalog.Paging      `json:"paging"`
	PageSize    int                 `json:"pageSize"`
	ListQuery   map[string][]string `json:"listQuery"`
	Partitions  []planPartition     `json:"partitions"`
	GetQuery    map[string][]string `json:"getQuery"`
	Parent      string              `json:"parent,omitempty"`
	ParentField string              `json:"parentField,omitempty"`
	IDField     string              `json:"idField,omitempty"`
	GetEach     bool                `json:"getEach"`
	Singleton   bool                `json:"singleton"`
	Count       int                 `json:"count"`
}

type planPartition struct {
	Name  string              `json:"name"`
	Query map[string][]string `json:"query"`
}

// rateLimitFault is the 429 fault of a plan: the type whose list returns
// 429, the Retry-After seconds and the number of requests that it fails.
type rateLimitFault struct {
	Type       string `json:"type"`
	RetryAfter int    `json:"retryAfter"`
	Times      int    `json:"times"`
}

// fault returns the simulator fault that produces the 429s.
func (r *rateLimitFault) fault() simulator.Fault {
	return simulator.Fault{Type: r.Type, Status: http.StatusTooManyRequests, RetryAfter: r.RetryAfter, Times: r.Times}
}

// newPlan describes the named catalogue types of f, or every type when
// names is empty, for the simulator at baseURL.
func newPlan(t *testing.T, f *simulator.Fixture, baseURL string, names []string, rateLimit *rateLimitFault) plan {
	t.Helper()
	cat := catalog.Default()
	if len(names) == 0 {
		names = cat.Names()
	}
	counts := servedCounts(t, f)
	p := plan{BaseURL: baseURL, ClientID: clientID, ClientSecret: clientSecret, Org: f.Org, RateLimit: rateLimit}
	for _, name := range names {
		typ, ok := cat.Type(name)
		if !ok {
			t.Fatalf("the catalogue has no type %q", name)
		}
		p.Types = append(p.Types, newPlanType(typ, counts[name]))
	}
	return p
}

// servedCounts returns the number of objects the simulator serves of each
// type of f, with the types it builds from the others, such as a role's
// subject grants.
func servedCounts(t *testing.T, f *simulator.Fixture) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for name, objects := range f.Resources {
		counts[name] = len(objects)
	}
	derived, err := simulator.DerivedResources(f)
	if err != nil {
		t.Fatal(err)
	}
	for name, objects := range derived {
		counts[name] = len(objects)
	}
	return counts
}

func newPlanType(typ *catalog.Type, count int) planType {
	pageSize := min(typ.PageSize, peerPageSize)
	if typ.Paging == catalog.PagingScan {
		pageSize = scanLimit
	}
	pt := planType{
		Name: typ.Name, ListPath: typ.ListPath, GetPath: typ.GetPath,
		Paging: typ.Paging, PageSize: pageSize,
		ListQuery: typ.ListQuery, GetQuery: typ.GetQuery,
		Parent: typ.Parent, ParentField: typ.ParentField, IDField: typ.IDField,
		GetEach: typ.GetEach, Singleton: typ.Singleton, Count: count,
	}
	for _, partition := range typ.PartitionsOf() {
		pt.Partitions = append(pt.Partitions, planPartition{Name: partition.Name, Query: partition.Query})
	}
	return pt
}

// startSimulator serves f on a free port of 127.0.0.1 and returns the base
// URL. wrap, when not nil, sits in front of the simulator, so a test can
// break its responses.
func startSimulator(t *testing.T, f *simulator.Fixture, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	sim, err := simulator.New(f, simulator.Options{ClientID: clientID, ClientSecret: clientSecret})
	if err != nil {
		t.Fatal(err)
	}
	handler := sim.Handler()
	if wrap != nil {
		handler = wrap(handler)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewUnstartedServer(handler)
	server.Listener.Close()
	server.Listener = listener
	server.Start()
	t.Cleanup(server.Close)
	return server.URL
}

// peerResult is the JSON line that peer.mjs prints.
type peerResult struct {
	OK         bool                   `json:"ok"`
	SDK        string                 `json:"sdk"`
	Checks     map[string]string      `json:"checks"`
	Types      map[string]typeSummary `json:"types"`
	Undeclared map[string][]string    `json:"undeclared"`
	Failures   []peerFailure          `json:"failures"`

	// ExitCode and Stderr are the process's, not part of the line.
	ExitCode int    `json:"-"`
	Stderr   string `json:"-"`
}

// typeSummary is what the script did for one type.
type typeSummary struct {
	List     string `json:"list"`
	Get      string `json:"get"`
	Expected int    `json:"expected"`
	Listed   int    `json:"listed"`
	Requests int    `json:"requests"`
	Gets     int    `json:"gets"`
}

type peerFailure struct {
	Check   string `json:"check"`
	Type    string `json:"type"`
	Message string `json:"message"`
}

func (f peerFailure) String() string {
	if f.Type == "" {
		return f.Check + ": " + f.Message
	}
	return f.Type + ": " + f.Check + ": " + f.Message
}

// failureList returns the failures one per line, for test messages.
func (r *peerResult) failureList() string {
	lines := make([]string, len(r.Failures))
	for i, f := range r.Failures {
		lines[i] = "  " + f.String()
	}
	return strings.Join(lines, "\n")
}

var installSDK = sync.OnceValue(func() error {
	if _, err := os.Stat(sdkPackage); err == nil {
		return nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return errors.New("npm is not installed: install Node.js 18 or later with npm (Debian: apt-get install nodejs npm)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	output, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci in sdkpeer/ failed: %w\n%s", err, output)
	}
	if _, err := os.Stat(sdkPackage); err != nil {
		return fmt.Errorf("npm ci in sdkpeer/ did not install the SDK: %w", err)
	}
	return nil
})

// runPeer runs peer.mjs on p and returns its result line. It fails the test
// when node is missing or the script prints no result line.
func runPeer(t *testing.T, p plan) *peerResult {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: install Node.js 18 or later (Debian: apt-get install nodejs npm)")
	}
	if err := installSDK(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	planFile := filepath.Join(dir, "plan.json")
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(planFile, data, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), peerTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "peer.mjs", planFile)
	cmd.Env = peerEnv(dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		t.Fatalf("run node peer.mjs: %v", runErr)
	}

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var result peerResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &result); err != nil {
		t.Fatalf("peer.mjs printed no result line (%v), exit status %d\nstdout:\n%s\nstderr:\n%s",
			err, cmd.ProcessState.ExitCode(), stdout.String(), stderr.String())
	}
	result.ExitCode = cmd.ProcessState.ExitCode()
	result.Stderr = stderr.String()
	return &result
}

// peerEnv is the script's environment: the test's, with home in its own
// folder, so that no SDK config file there applies, and without proxy
// settings, which axios would otherwise use for the loopback requests.
func peerEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "HOME", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "NODE_OPTIONS":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "NO_PROXY=127.0.0.1,localhost")
}
