package crashtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	// clientID and clientSecret are the only credentials the simulators
	// accept.
	clientID     = "crashtest-client"
	clientSecret = "crashtest-secret"
	// serverReadyTimeout bounds one start of the server process. A start on
	// an existing SQLite file takes about a second on a 2-core machine.
	serverReadyTimeout = 30 * time.Second
	// stopTimeout bounds a clean stop with SIGTERM before SIGKILL.
	stopTimeout = 15 * time.Second
)

// binaries are the programs the test runs as processes of their own.
type binaries struct {
	worker, server string
}

// buildBinaries builds the worker and the server into dir with the go
// command that runs the test. Without a symbol table and DWARF data they
// link faster, and panics still print their stacks.
func buildBinaries(t *testing.T, dir string) binaries {
	t.Helper()
	begin := time.Now()
	cmd := exec.Command("go", "build", "-ldflags=-s -w", "-o", dir+string(filepath.Separator),
		"github.com/gcexport/gcexport/worker", "github.com/gcexport/gcexport/crashtest/cmd/server")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build the worker and the server: %v\n%s", err, out)
	}
	t.Logf("built the worker and the server in %s", time.Since(begin).Round(time.Millisecond))
	return binaries{worker: filepath.Join(dir, "worker"), server: filepath.Join(dir, "server")}
}

// process is one started program whose output goes to a log file.
type process struct {
	name    string
	started time.Time
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
	// waitErr is the exit status, once exited is closed.
	waitErr error
}

// startProcess starts binary with args and env in dir, its standard error
// (and standard output unless stdout is set) appended to logPath.
func startProcess(name, binary string, args, env []string, dir, logPath string, stdout *os.File) (*process, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stderr = logFile
	cmd.Stdout = logFile
	if stdout != nil {
		cmd.Stdout = stdout
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, started: started, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		_ = logFile.Close()
		close(p.exited)
	}()
	return p, nil
}

// kill sends SIGKILL and returns once the process is gone. It fails when
// the process had exited before, on its own.
func (p *process) kill() error {
	if !p.running() {
		return fmt.Errorf("the %s exited before it was killed (%v); see %s", p.name, p.waitErr, p.logPath)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kill %s: %w", p.name, err)
	}
	<-p.exited
	return nil
}

// stop sends SIGTERM and, when the process has not exited after
// stopTimeout, SIGKILL.
func (p *process) stop() {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		<-p.exited
		return
	}
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		_ = p.kill()
	}
}

// running reports whether the process has not exited.
func (p *process) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// cluster is the server process, the worker processes and their files.
type cluster struct {
	t        *testing.T
	bin      binaries
	dir      string
	stateDir string
	frontend string

	mu       sync.Mutex
	server   *process
	starts   int
	logPaths []string
}

func newCluster(t *testing.T, bin binaries, dir string) *cluster {
	t.Helper()
	c := &cluster{
		t: t, bin: bin, dir: dir,
		stateDir: filepath.Join(dir, "state"),
		frontend: freeLoopbackAddress(t),
	}
	return c
}

// freeLoopbackAddress returns a port on 127.0.0.1 that was free a moment
// ago. Every start of the server binds it again, so clients keep one
// address across restarts.
func freeLoopbackAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// nextLogPath returns a new log file for the named process.
func (c *cluster) nextLogPath(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.starts++
	path := filepath.Join(c.dir, fmt.Sprintf("%02d-%s.log", c.starts, name))
	c.logPaths = append(c.logPaths, path)
	return path
}

// baseEnv is the environment of every child process: no variable of the
// test's own environment reaches them except those that locate the
// system's folders, so no configured OAuth client or Temporal address
// does.
func baseEnv() []string {
	var env []string
	for _, name := range []string{"PATH", "HOME", "TMPDIR"} {
		if value, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+value)
		}
	}
	return env
}

// startServer starts the server process on the state folder and waits
// until its frontend serves the namespace.
func (c *cluster) startServer(ctx context.Context) error {
	reader, writer, err := os.Pipe()
	if err != nil {
		return err
	}
	logPath := c.nextLogPath("server")
	p, err := startProcess("server", c.bin.server,
		[]string{"--state-dir", c.stateDir, "--frontend", c.frontend},
		baseEnv(), c.dir, logPath, writer)
	_ = writer.Close()
	if err != nil {
		_ = reader.Close()
		return err
	}
	c.mu.Lock()
	c.server = p
	c.mu.Unlock()

	// The scanner reads standard output until the process exits, because a
	// write to a full pipe would block the server, and a write to a closed
	// one would kill it with SIGPIPE.
	ready := make(chan error, 1)
	go func() {
		defer reader.Close()
		scanner := bufio.NewScanner(reader)
		isReady := false
		for scanner.Scan() {
			if !isReady && strings.HasPrefix(scanner.Text(), "ready ") {
				isReady = true
				ready <- nil
			}
		}
		if !isReady {
			ready <- fmt.Errorf("the server exited before it was ready (%v); see %s", scanner.Err(), logPath)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, serverReadyTimeout)
	defer cancel()
	select {
	case err := <-ready:
		return err
	case <-ctx.Done():
		_ = p.kill()
		return fmt.Errorf("the server was not ready within %s: %w; see %s", serverReadyTimeout, ctx.Err(), logPath)
	}
}

// serverStarted returns when the running server process was started.
func (c *cluster) serverStarted() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.server.started
}

// killServer kills the server process with SIGKILL.
func (c *cluster) killServer() error {
	c.mu.Lock()
	p := c.server
	c.mu.Unlock()
	return p.kill()
}

// workerConfig is what one export's worker processes are configured
// with.
type workerConfig struct {
	taskQueue string
	apiURL    string
	region    string
	// output is the worker's default backup folder. Requests name their
	// own, so nothing should be written here.
	output string
}

// startWorker starts a worker process configured through environment
// variables, as `go run ./worker` reads them.
func (c *cluster) startWorker(cfg workerConfig) (*process, error) {
	env := append(baseEnv(),
		"GCEXPORT_CLIENT_ID="+clientID,
		"GCEXPORT_CLIENT_SECRET="+clientSecret,
		"GCEXPORT_REGION="+cfg.region,
		"GCEXPORT_API_URL="+cfg.apiURL,
		"GCEXPORT_TEMPORAL_ADDRESS="+c.frontend,
		"GCEXPORT_TEMPORAL_NAMESPACE=default",
		"GCEXPORT_TEMPORAL_TASK_QUEUE="+cfg.taskQueue,
		"GCEXPORT_OUTPUT="+cfg.output,
		"GCEXPORT_LOG_LEVEL=info",
	)
	// The worker reads ./gcexport.yaml when it exists, and the test folder
	// has none.
	return startProcess("worker", c.bin.worker, nil, env, c.dir, c.nextLogPath("worker"), nil)
}

// stopAll stops the server process. Worker processes are stopped by their
// owners.
func (c *cluster) stopAll() {
	c.mu.Lock()
	p := c.server
	c.mu.Unlock()
	if p != nil && p.running() {
		p.stop()
	}
}

// logTails logs the end of every process log, for a failed test.
func (c *cluster) logTails() {
	c.mu.Lock()
	paths := append([]string(nil), c.logPaths...)
	c.mu.Unlock()
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			c.t.Logf("%s: %v", path, err)
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > 15 {
			lines = lines[len(lines)-15:]
		}
		c.t.Logf("--- %s (last %d lines)\n%s", filepath.Base(path), len(lines), strings.Join(lines, "\n"))
	}
}
