package devserver

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

const (
	testTaskQueue      = "devserver-test"
	proceedSignal      = "proceed"
	stateQuery         = "state"
	orgAttribute       = "DevserverTestOrg"
	laterAttribute     = "DevserverTestRun"
	workflowTimeout    = 20 * time.Second
	greetingWorkflowID = "greeting"
	waitingWorkflowID  = "waiting"
)

func greetActivity(_ context.Context, name string) (string, error) {
	return "hello, " + name, nil
}

// greetingWorkflow runs one activity.
func greetingWorkflow(ctx workflow.Context, name string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
	})
	var greeting string
	err := workflow.ExecuteActivity(ctx, greetActivity, name).Get(ctx, &greeting)
	return greeting, err
}

// waitingWorkflow blocks until it receives proceedSignal, then returns the
// signal's value.
func waitingWorkflow(ctx workflow.Context) (string, error) {
	state := "waiting"
	if err := workflow.SetQueryHandler(ctx, stateQuery, func() (string, error) {
		return state, nil
	}); err != nil {
		return "", err
	}
	var value string
	workflow.GetSignalChannel(ctx, proceedSignal).Receive(ctx, &value)
	state = "done"
	return "proceeded with " + value, nil
}

// testLogger writes warnings and errors to the test log, so the server's
// complaints appear next to a failure.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func startTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	begin := time.Now()
	s, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("Start took %s", time.Since(begin).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return s
}

func dialTestClient(t *testing.T, s *Server) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{
		HostPort:  s.FrontendAddr(),
		Namespace: s.Namespace(),
		Logger:    sdklog.NewStructuredLogger(testLogger(t)),
	})
	if err != nil {
		t.Fatalf("dial frontend %s: %v", s.FrontendAddr(), err)
	}
	t.Cleanup(c.Close)
	return c
}

func startTestWorker(t *testing.T, c client.Client) worker.Worker {
	t.Helper()
	w := worker.New(c, testTaskQueue, worker.Options{})
	w.RegisterWorkflow(greetingWorkflow)
	w.RegisterWorkflow(waitingWorkflow)
	w.RegisterActivity(greetActivity)
	if err := w.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(w.Stop)
	return w
}

func TestRestartResumesWorkflows(t *testing.T) {
	stateDir := filepath.Join(t.TempDir(), "state")
	opts := Options{
		StateDir:         stateDir,
		FrontendAddr:     "127.0.0.1:0",
		UIAddr:           NoUI,
		SearchAttributes: map[string]enums.IndexedValueType{orgAttribute: enums.INDEXED_VALUE_TYPE_KEYWORD},
		Logger:           testLogger(t),
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	// First run: one workflow completes, one is left waiting for a signal.
	first := startTestServer(t, opts)
	if first.FrontendAddr() == "127.0.0.1:0" || !strings.HasPrefix(first.FrontendAddr(), "127.0.0.1:") {
		t.Fatalf("FrontendAddr() = %q, want 127.0.0.1 and the bound port", first.FrontendAddr())
	}
	info, err := os.Stat(stateDir)
	if err != nil {
		t.Fatalf("state folder: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("state folder mode = %o, want 700", perm)
	}
	databasePath := filepath.Join(stateDir, databaseFileName)
	firstDatabase, err := os.Stat(databasePath)
	if err != nil {
		t.Fatalf("database file: %v", err)
	}

	if s, err := Start(ctx, opts); err == nil {
		_ = s.Stop()
		t.Errorf("second Start on state folder %s in use succeeded", stateDir)
	} else if !strings.Contains(err.Error(), stateDir) {
		t.Errorf("second Start on a state folder in use: err = %v, want an error naming %s",
			err, stateDir)
	}

	c := dialTestClient(t, first)
	w := startTestWorker(t, c)
	greeting, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        greetingWorkflowID,
		TaskQueue: testTaskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(orgAttribute).ValueSet("org-1")),
		WorkflowExecutionTimeout: workflowTimeout,
	}, greetingWorkflow, "org-1")
	if err != nil {
		t.Fatalf("start workflow %s: %v", greetingWorkflowID, err)
	}
	var result string
	if err := greeting.Get(ctx, &result); err != nil {
		t.Fatalf("workflow %s: %v", greetingWorkflowID, err)
	}
	if result != "hello, org-1" {
		t.Errorf("workflow %s returned %q, want %q", greetingWorkflowID, result, "hello, org-1")
	}

	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        waitingWorkflowID,
		TaskQueue: testTaskQueue,
	}, waitingWorkflow); err != nil {
		t.Fatalf("start workflow %s: %v", waitingWorkflowID, err)
	}
	// A successful query means the first workflow task ran, so the workflow
	// is blocked on the signal with history recorded.
	assertQueryState(ctx, t, c, "waiting")

	w.Stop()
	c.Close()
	if err := first.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := first.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	// Second run on the same folder, with one search attribute more.
	opts.SearchAttributes = map[string]enums.IndexedValueType{
		orgAttribute:   enums.INDEXED_VALUE_TYPE_KEYWORD,
		laterAttribute: enums.INDEXED_VALUE_TYPE_KEYWORD,
	}
	second := startTestServer(t, opts)
	c = dialTestClient(t, second)
	secondDatabase, err := os.Stat(databasePath)
	if err != nil {
		t.Fatalf("database file after restart: %v", err)
	}
	if !os.SameFile(firstDatabase, secondDatabase) {
		t.Errorf("restart replaced database file %s, want it reused", databasePath)
	}

	described, err := c.DescribeWorkflowExecution(ctx, greetingWorkflowID, "")
	if err != nil {
		t.Fatalf("describe workflow %s after restart: %v", greetingWorkflowID, err)
	}
	if got := described.GetWorkflowExecutionInfo().GetStatus(); got != enums.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Errorf("workflow %s status after restart = %s, want COMPLETED", greetingWorkflowID, got)
	}
	result = ""
	if err := c.GetWorkflow(ctx, greetingWorkflowID, "").Get(ctx, &result); err != nil {
		t.Errorf("result of workflow %s after restart: %v", greetingWorkflowID, err)
	}
	if result != "hello, org-1" {
		t.Errorf("workflow %s result after restart = %q, want %q", greetingWorkflowID, result, "hello, org-1")
	}

	attributes, err := c.OperatorService().ListSearchAttributes(ctx,
		&operatorservice.ListSearchAttributesRequest{Namespace: second.Namespace()})
	if err != nil {
		t.Fatalf("list search attributes: %v", err)
	}
	for _, name := range []string{orgAttribute, laterAttribute} {
		if got := attributes.GetCustomAttributes()[name]; got != enums.INDEXED_VALUE_TYPE_KEYWORD {
			t.Errorf("search attribute %s has type %s, want KEYWORD", name, got)
		}
	}
	// The attribute added on restart is usable as soon as Start returns.
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        "with-later-attribute",
		TaskQueue: "no-worker",
		TypedSearchAttributes: temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(laterAttribute).ValueSet("run-2")),
	}, waitingWorkflow); err != nil {
		t.Errorf("start workflow with search attribute %s added on restart: %v", laterAttribute, err)
	}

	startTestWorker(t, c)
	if err := c.SignalWorkflow(ctx, waitingWorkflowID, "", proceedSignal, "restart"); err != nil {
		t.Fatalf("signal workflow %s after restart: %v", waitingWorkflowID, err)
	}
	result = ""
	if err := c.GetWorkflow(ctx, waitingWorkflowID, "").Get(ctx, &result); err != nil {
		t.Fatalf("workflow %s after restart: %v", waitingWorkflowID, err)
	}
	if result != "proceeded with restart" {
		t.Errorf("workflow %s returned %q, want %q", waitingWorkflowID, result, "proceeded with restart")
	}
}

func assertQueryState(ctx context.Context, t *testing.T, c client.Client, want string) {
	t.Helper()
	value, err := c.QueryWorkflow(ctx, waitingWorkflowID, "", stateQuery)
	if err != nil {
		t.Fatalf("query workflow %s: %v", waitingWorkflowID, err)
	}
	var state string
	if err := value.Get(&state); err != nil {
		t.Fatalf("decode query result of workflow %s: %v", waitingWorkflowID, err)
	}
	if state != want {
		t.Fatalf("workflow %s state = %q, want %q", waitingWorkflowID, state, want)
	}
}

// killedChildStateDirEnv makes TestResumeAfterKill act as the child process
// that gets killed.
const killedChildStateDirEnv = "DEVSERVER_TEST_KILLED_CHILD_STATE_DIR"

const childReadyLine = "devserver test child: workflow waiting"

// TestResumeAfterKill kills a process that runs the server without calling
// Stop, as a crash or kill -9 would, and resumes its workflow in this
// process.
func TestResumeAfterKill(t *testing.T) {
	if dir := os.Getenv(killedChildStateDirEnv); dir != "" {
		runChildUntilKilled(t, dir)
		return
	}
	stateDir := filepath.Join(t.TempDir(), "state")
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	child := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestResumeAfterKill$", "-test.v")
	child.Env = append(os.Environ(), killedChildStateDirEnv+"="+stateDir)
	child.Stderr = t.Output()
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatalf("start child process: %v", err)
	}
	ready := false
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if strings.Contains(lines.Text(), childReadyLine) {
			ready = true
			break
		}
		t.Logf("child: %s", lines.Text())
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatalf("kill child process: %v", err)
	}
	_ = child.Wait()
	if !ready {
		t.Fatalf("child process exited before its workflow was waiting")
	}

	s := startTestServer(t, Options{
		StateDir:     stateDir,
		FrontendAddr: "127.0.0.1:0",
		UIAddr:       NoUI,
		Logger:       testLogger(t),
	})
	c := dialTestClient(t, s)
	startTestWorker(t, c)
	if err := c.SignalWorkflow(ctx, waitingWorkflowID, "", proceedSignal, "kill"); err != nil {
		t.Fatalf("signal workflow %s after kill: %v", waitingWorkflowID, err)
	}
	var result string
	if err := c.GetWorkflow(ctx, waitingWorkflowID, "").Get(ctx, &result); err != nil {
		t.Fatalf("workflow %s after kill: %v", waitingWorkflowID, err)
	}
	if result != "proceeded with kill" {
		t.Errorf("workflow %s returned %q, want %q", waitingWorkflowID, result, "proceeded with kill")
	}
}

// runChildUntilKilled starts a server on stateDir, leaves a workflow waiting
// for a signal, reports that on stdout and waits to be killed.
func runChildUntilKilled(t *testing.T, stateDir string) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	s, err := Start(ctx, Options{
		StateDir:     stateDir,
		FrontendAddr: "127.0.0.1:0",
		UIAddr:       NoUI,
		Logger:       testLogger(t),
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	c := dialTestClient(t, s)
	startTestWorker(t, c)
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        waitingWorkflowID,
		TaskQueue: testTaskQueue,
	}, waitingWorkflow); err != nil {
		t.Fatalf("start workflow %s: %v", waitingWorkflowID, err)
	}
	assertQueryState(ctx, t, c, "waiting")
	fmt.Println(childReadyLine)
	// The parent kills this process. The deadline ends it if the parent
	// died first.
	<-ctx.Done()
	t.Fatal("child process was not killed within a minute")
}
