package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gcexport/gcexport/simulator"
)

// starterBin and workerBin are built once for the tests of this package,
// which run them as a user does.
var starterBin, workerBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "starter-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	starterBin = filepath.Join(dir, "starter")
	workerBin = filepath.Join(dir, "worker")
	build := exec.Command("go", "build", "-o", dir, ".", "../worker")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build starter and worker:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
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

// devCommand returns the --dev command line for a test folder.
func devCommand(dir, frontend string, extra ...string) *exec.Cmd {
	args := append([]string{
		"--dev", "--ui-address", "-", "--temporal-address", frontend,
		"--state-dir", filepath.Join(dir, "state"), "--output", filepath.Join(dir, "backup"),
	}, extra...)
	cmd := exec.Command(starterBin, args...)
	cmd.Dir = dir
	// The test's own environment must not point the export at a real org.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	return cmd
}

// writeSlowFixture writes the sample org with its locked integration
// returning 409 for longer, so that an export is still running when the
// test interrupts it.
func writeSlowFixture(t *testing.T, dir string) string {
	t.Helper()
	f := simulator.SampleFixture()
	for i := range f.Faults {
		if f.Faults[i].Type == "integration" && f.Faults[i].Status == 409 {
			f.Faults[i].Times = 1000
		}
	}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "slow.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDevResumesAfterInterrupt(t *testing.T) {
	dir := t.TempDir()
	frontend := freePort(t)
	fixturePath := writeSlowFixture(t, dir)
	first := devCommand(dir, frontend, "--fixture", fixturePath)
	stdout, err := first.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the export reaches the locked integration.
	var firstOut strings.Builder
	reached := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			firstOut.WriteString(sc.Text() + "\n")
			if !sent && strings.Contains(sc.Text(), "integration_credential") && strings.Contains(sc.Text(), "done") {
				sent = true
				reached <- true
			}
		}
		io.Copy(io.Discard, stdout)
		close(reached)
	}()
	select {
	case ok := <-reached:
		if !ok {
			first.Wait()
			t.Fatalf("the first run ended before the integration layer:\n%s\n%s", firstOut.String(), firstErr.String())
		}
	case <-time.After(2 * time.Minute):
		first.Process.Kill()
		t.Fatalf("the first run did not reach the integration layer:\n%s", firstOut.String())
	}
	if err := first.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = first.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitInterrupted {
		t.Fatalf("interrupted run: %v, want exit status %d\n%s", err, exitInterrupted, firstErr.String())
	}
	if !strings.Contains(firstErr.String(), "run the same command again") {
		t.Errorf("interrupted run did not say how to resume:\n%s", firstErr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "backup", "manifest.json")); !os.IsNotExist(err) {
		t.Fatalf("an interrupted export wrote a manifest: %v", err)
	}

	// The second run serves the same fixture file, now with the sample's
	// own faults, so the integration unlocks soon.
	data, err := json.Marshal(simulator.SampleFixture())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixturePath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	second := devCommand(dir, frontend, "--fixture", fixturePath)
	var secondOut, secondErr bytes.Buffer
	second.Stdout, second.Stderr = &secondOut, &secondErr
	done := make(chan error, 1)
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("resumed run: %v\n%s\n%s", err, secondOut.String(), secondErr.String())
		}
	case <-time.After(3 * time.Minute):
		second.Process.Kill()
		t.Fatalf("resumed run did not finish:\n%s", secondOut.String())
	}
	if !strings.Contains(secondOut.String(), "is already running: following it") {
		t.Errorf("second run did not resume the running export:\n%s", secondOut.String())
	}
	// The second run follows the same execution: its history keeps every
	// activity finished before the interrupt, so none is run again.
	firstRun := runID(firstOut.String(), "started (run ")
	if firstRun == "" || runID(secondOut.String(), "following it (run ") != firstRun {
		t.Errorf("resumed run is not the interrupted run %q:\n%s", firstRun, secondOut.String())
	}
	data, err = os.ReadFile(filepath.Join(dir, "backup", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Status string
		Types  map[string]struct{ Count int }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != "complete" {
		t.Errorf("manifest status = %s, want complete", m.Status)
	}
	if got, want := m.Types["integration"].Count, len(simulator.SampleFixture().Resources["integration"]); got != want {
		t.Errorf("integration count = %d, want %d", got, want)
	}
}

// runID returns the run id printed after prefix, or "".
func runID(out, prefix string) string {
	_, rest, ok := strings.Cut(out, prefix)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, ")")
	return id
}

func TestDevRejectsBadConfig(t *testing.T) {
	dir := t.TempDir()
	cmd := devCommand(dir, "not-an-address")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitUsage {
		t.Fatalf("run = %v, want exit status %d", err, exitUsage)
	}
	if !strings.Contains(stderr.String(), "temporal.address") {
		t.Errorf("error does not name the key:\n%s", stderr.String())
	}
}

// TestDevRejectsUnknownDivision filters by a division the org lacks: the
// plan rejects the request, and the starter exits with the status of
// invalid input, naming the id.
func TestDevRejectsUnknownDivision(t *testing.T) {
	dir := t.TempDir()
	cmd := devCommand(dir, freePort(t), "--divisions", "no-such-division")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitUsage {
		t.Fatalf("run = %v, want exit status %d\n%s", err, exitUsage, out.String())
	}
	if !strings.Contains(out.String(), "no division with id no-such-division") {
		t.Errorf("the output does not name the unknown division:\n%s", out.String())
	}
}
