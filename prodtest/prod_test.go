package prodtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/inspect"
	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/simulator/sample"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// binaries are the programs that the test builds.
type binaries struct {
	server, sqlTool, worker, starter string
}

// buildBinaries builds the Temporal server and its SQL tool from the
// go.temporal.io/server module of go.mod, and the worker and the starter,
// in one go build.
func buildBinaries(t *testing.T) binaries {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir,
		"go.temporal.io/server/cmd/server", "go.temporal.io/server/cmd/tools/sql", "../worker", "../starter")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return binaries{
		server: filepath.Join(dir, "server"), sqlTool: filepath.Join(dir, "sql"),
		worker: filepath.Join(dir, "worker"), starter: filepath.Join(dir, "starter"),
	}
}

// schemaRoot returns the schema folder of the go.temporal.io/server module.
func schemaRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "go.temporal.io/server").Output()
	if err != nil {
		t.Fatalf("go list -m go.temporal.io/server: %v", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "schema")
	if _, err := os.Stat(filepath.Join(root, "postgresql", "v12", "temporal", "versioned")); err != nil {
		t.Fatalf("the go.temporal.io/server module has no PostgreSQL schema: %v", err)
	}
	return root
}

// temporalPorts are the loopback ports of the Temporal server's services.
type temporalPorts struct {
	frontend, frontendMembership, history, historyMembership int
	matching, matchingMembership, worker, workerMembership   int
}

// serverConfig is the Temporal server's configuration: the persistence and
// visibility stores on PostgreSQL, as docker-compose.yml's server has them
// (DB=postgres12), every service on 127.0.0.1, and the dynamic
// configuration of deploy/temporal.
const serverConfig = `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
      sql:
        pluginName: postgres12
        databaseName: temporal
        connectAddr: "127.0.0.1:{{.PG}}"
        connectProtocol: tcp
        user: temporal
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
    postgres-visibility:
      sql:
        pluginName: postgres12
        databaseName: temporal_visibility
        connectAddr: "127.0.0.1:{{.PG}}"
        connectProtocol: tcp
        user: temporal
        maxConns: 10
        maxIdleConns: 10
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:
    rpc: {grpcPort: {{.Frontend}}, membershipPort: {{.FrontendMembership}}, bindOnIP: 127.0.0.1}
  history:
    rpc: {grpcPort: {{.History}}, membershipPort: {{.HistoryMembership}}, bindOnIP: 127.0.0.1}
  matching:
    rpc: {grpcPort: {{.Matching}}, membershipPort: {{.MatchingMembership}}, bindOnIP: 127.0.0.1}
  worker:
    rpc: {grpcPort: {{.Worker}}, membershipPort: {{.WorkerMembership}}, bindOnIP: 127.0.0.1}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:{{.Frontend}}"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "{{.DynamicConfig}}"
  pollInterval: 10s
`

// writeServerConfig writes the configuration for the ports and returns its
// file name.
func writeServerConfig(t *testing.T, dir string, pg int, ports temporalPorts) string {
	t.Helper()
	dynamicConfig, err := filepath.Abs(filepath.Join("..", "deploy", "temporal", "dynamicconfig.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	replacer := strings.NewReplacer(
		"{{.PG}}", strconv.Itoa(pg),
		"{{.Frontend}}", strconv.Itoa(ports.frontend), "{{.FrontendMembership}}", strconv.Itoa(ports.frontendMembership),
		"{{.History}}", strconv.Itoa(ports.history), "{{.HistoryMembership}}", strconv.Itoa(ports.historyMembership),
		"{{.Matching}}", strconv.Itoa(ports.matching), "{{.MatchingMembership}}", strconv.Itoa(ports.matchingMembership),
		"{{.Worker}}", strconv.Itoa(ports.worker), "{{.WorkerMembership}}", strconv.Itoa(ports.workerMembership),
		"{{.DynamicConfig}}", dynamicConfig,
	)
	file := filepath.Join(dir, "temporal.yaml")
	if err := os.WriteFile(file, []byte(replacer.Replace(serverConfig)), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// startProcess starts cmd with its output in a buffer, and the test's
// cleanup interrupts it and waits for it to exit.
func startProcess(t *testing.T, name string, cmd *exec.Cmd) *lockedBuffer {
	t.Helper()
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("%s output, last 6000 bytes:\n%s", name, tail(out.String(), 6000))
		}
	})
	return out
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// registerNamespace registers the default namespace, as
// deploy/temporal/create-namespace.sh does, and waits until the frontend
// serves it: its namespace cache refreshes some seconds after the
// registration.
func registerNamespace(t *testing.T, frontend string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var c client.Client
	var err error
	for c == nil {
		if c, err = client.Dial(client.Options{HostPort: frontend, Namespace: "default"}); err != nil {
			if ctx.Err() != nil {
				t.Fatalf("connect to the Temporal server at %s: %v", frontend, err)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	defer c.Close()
	for {
		_, err = c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace:                        "default",
			WorkflowExecutionRetentionPeriod: durationpb.New(24 * time.Hour),
		})
		if err == nil || strings.Contains(err.Error(), "already") {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("register the default namespace: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	for {
		_, err = c.DescribeTaskQueue(ctx, "gcexport", enumspb.TASK_QUEUE_TYPE_WORKFLOW)
		if err == nil {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("the frontend does not serve the default namespace: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func TestExportOnPostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs PostgreSQL, a Temporal server, a worker and a starter")
	}
	// Fail before the build when PostgreSQL is missing.
	if _, err := postgresBinDir(); err != nil {
		t.Fatal(err)
	}
	bins := buildBinaries(t)
	pg := startPostgres(t)
	setupSchemas(t, bins.sqlTool, schemaRoot(t), pg)

	dir := t.TempDir()
	ports := temporalPorts{
		frontend: freePort(t), frontendMembership: freeMembershipPort(t),
		history: freePort(t), historyMembership: freeMembershipPort(t),
		matching: freePort(t), matchingMembership: freeMembershipPort(t),
		worker: freePort(t), workerMembership: freeMembershipPort(t),
	}
	configFile := writeServerConfig(t, dir, pg.port, ports)
	server := exec.Command(bins.server, "--config-file", configFile, "--allow-no-auth", "start")
	server.Dir = dir
	startProcess(t, "temporal server", server)
	frontend := fmt.Sprintf("127.0.0.1:%d", ports.frontend)
	if err := waitForPort(frontend, time.Minute); err != nil {
		t.Fatal(err)
	}
	registerNamespace(t, frontend)

	org := sample.Generate(sample.Config{Seed: 20261204, Scale: 1})
	sim, err := simulator.New(org, simulator.Options{ClientID: "prod-client", ClientSecret: "prod-secret"})
	if err != nil {
		t.Fatal(err)
	}
	apiURL, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })

	output := filepath.Join(dir, "backup")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"GENESYSCLOUD_OAUTHCLIENT_ID=prod-client",
		"GENESYSCLOUD_OAUTHCLIENT_SECRET=prod-secret",
		"GCEXPORT_TEMPORAL_ADDRESS=" + frontend,
		"GCEXPORT_LOG_FORMAT=json",
	}
	worker := exec.Command(bins.worker, "--api-url", apiURL, "--output", output)
	worker.Dir, worker.Env = dir, env
	workerLog := startProcess(t, "worker", worker)

	starter := exec.Command(bins.starter, "--id", "prod-export", "--progress", "plain")
	starter.Dir, starter.Env = dir, env
	var starterOut bytes.Buffer
	starter.Stdout, starter.Stderr = &starterOut, &starterOut
	timer := time.AfterFunc(3*time.Minute, func() { starter.Process.Kill() })
	err = starter.Run()
	timer.Stop()
	if err != nil {
		t.Fatalf("starter: %v\n%s\nworker:\n%s", err, tail(starterOut.String(), 6000), tail(workerLog.String(), 6000))
	}
	if !strings.Contains(starterOut.String(), "export prod-export: complete") {
		t.Errorf("the starter printed no complete summary:\n%s", starterOut.String())
	}

	data, err := os.ReadFile(filepath.Join(output, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Status string
		Scope  string
		Types  map[string]struct{ Count int }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != "complete" || m.Scope != "full" {
		t.Errorf("manifest: status %q, scope %q, want complete and full", m.Status, m.Scope)
	}
	for _, typ := range []string{"routing_queue", "user", "group", "flow"} {
		if want := sim.Counts()[typ]; m.Types[typ].Count != want || want == 0 {
			t.Errorf("manifest counts %d %s objects, the simulator serves %d", m.Types[typ].Count, typ, want)
		}
	}
	result, err := inspect.Verify(output, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if !result.OK() {
		var text strings.Builder
		result.WriteText(&text)
		t.Errorf("the backup does not verify:\n%s", text.String())
	}
}
