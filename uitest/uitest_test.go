// Package uitest drives the Temporal UI that `starter --dev --serve`
// embeds with headless Chromium: it starts an ExportOrg workflow through
// the UI's Start Workflow form and waits until the UI shows it completed.
// It needs Debian's chromium package and Node.js with npm.
package uitest

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/gcexport/gcexport/export"
)

const chromiumPath = "/usr/bin/chromium"

func TestStartExportFromUI(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s is missing: install Debian's chromium package (apt-get install chromium): %v", chromiumPath, err)
	}
	installNodeModules(t)

	dir := t.TempDir()
	bin := filepath.Join(dir, "starter")
	build := exec.Command("go", "build", "-o", bin, "../starter")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the starter: %v\n%s", err, out)
	}

	frontend, uiAddr := freePort(t), freePort(t)
	serve := exec.Command(bin, "--dev", "--serve", "--ui-address", uiAddr, "--temporal-address", frontend,
		"--state-dir", filepath.Join(dir, "state"), "--output", filepath.Join(dir, "backup"))
	serve.Dir = dir
	// The test's own environment must not point the export at a real org.
	serve.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	var serveErr bytes.Buffer
	serve.Stderr = &serveErr
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = serve.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- serve.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = serve.Process.Kill()
			<-done
		}
	}
	t.Cleanup(stop)
	waitForServing(t, stdout, &serveErr)

	const workflowID = "uitest-export"
	artifacts, err := filepath.Abs("artifacts")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"start-workflow-form.png", "export-completed.png", "failure.png"} {
		_ = os.Remove(filepath.Join(artifacts, name))
	}
	node := exec.Command("node", "start-export.mjs")
	node.Env = append(os.Environ(),
		"UI_URL=http://"+uiAddr, "WORKFLOW_ID="+workflowID, "TASK_QUEUE="+export.DefaultTaskQueue,
		"ARTIFACTS="+artifacts, "TIMEOUT_MS=120000")
	out, err := node.CombinedOutput()
	if err != nil {
		t.Fatalf("UI script: %v\n%s\nstarter:\n%s\nscreenshots in %s", err, out, serveErr.String(), artifacts)
	}
	t.Logf("UI script: %s", bytes.TrimSpace(out))

	// The UI's word is checked against the server: the execution the form
	// started is an ExportOrg of input {} that completed a full backup.
	c, err := client.Dial(client.Options{HostPort: frontend})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	desc, err := c.DescribeWorkflowExecution(ctx, workflowID, "")
	if err != nil {
		t.Fatal(err)
	}
	info := desc.GetWorkflowExecutionInfo()
	if got := info.GetType().GetName(); got != export.WorkflowName {
		t.Errorf("workflow type = %s, want %s", got, export.WorkflowName)
	}
	if got := info.GetStatus(); got != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Errorf("workflow status = %s, want completed", got)
	}
	var summary export.Summary
	if err := c.GetWorkflow(ctx, workflowID, "").Get(ctx, &summary); err != nil {
		t.Fatal(err)
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("export status = %s, want complete", summary.Status)
	}
	if _, err := os.Stat(filepath.Join(dir, "backup", "manifest.json")); err != nil {
		t.Errorf("the export wrote no manifest: %v", err)
	}
	for _, name := range []string{"start-workflow-form.png", "export-completed.png"} {
		checkPNG(t, filepath.Join(artifacts, name))
	}
	stop()
}

// installNodeModules runs npm ci when node_modules is missing.
func installNodeModules(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core")); err == nil {
		return
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatalf("npm is missing: install Debian's nodejs and npm packages: %v", err)
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	// playwright-core never downloads a browser; the variable keeps any
	// other Playwright package from trying.
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
}

// waitForServing reads the starter's output until it serves the task
// queue, and keeps draining it afterwards.
func waitForServing(t *testing.T, stdout io.Reader, stderr *bytes.Buffer) {
	t.Helper()
	ready := make(chan bool, 1)
	var seen strings.Builder
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if !sent {
				seen.WriteString(sc.Text() + "\n")
			}
			if !sent && strings.HasPrefix(sc.Text(), "serving on task queue") {
				sent = true
				ready <- true
			}
		}
		if !sent {
			ready <- false
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("starter --dev --serve exited before serving:\n%s\n%s", seen.String(), stderr.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("starter --dev --serve did not start serving:\n%s", stderr.String())
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s is not a PNG file", path)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
