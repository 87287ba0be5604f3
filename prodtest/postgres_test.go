package prodtest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// postgresPackage is the Debian package that provides initdb and pg_ctl.
const postgresPackage = "postgresql"

// postgres is a PostgreSQL cluster in a temporary folder, listening on
// 127.0.0.1 only, with the superuser "temporal" and trust authentication.
type postgres struct {
	bin  string // folder of initdb and pg_ctl
	data string
	port int
}

// postgresBinDir returns the bin folder of the newest installed PostgreSQL
// major version, as Debian lays it out (/usr/lib/postgresql/<major>/bin).
func postgresBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		if path, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(path), nil
		}
		return "", fmt.Errorf("PostgreSQL is not installed: install Debian's %s package "+
			"(apt-get install -y %s), which provides initdb and pg_ctl", postgresPackage, postgresPackage)
	}
	sort.Slice(matches, func(i, j int) bool { return majorOf(matches[i]) > majorOf(matches[j]) })
	return filepath.Dir(matches[0]), nil
}

func majorOf(pgCtl string) int {
	major, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(pgCtl))))
	return major
}

// asPostgresUser returns the command that runs name with args as the
// postgres system user when this process is root, because PostgreSQL
// refuses to run as root, and as this user otherwise.
func asPostgresUser(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// startPostgres creates a cluster in a new temporary folder and starts it
// on a free loopback port. The test's cleanup stops it and removes the
// folder.
func startPostgres(t *testing.T) *postgres {
	t.Helper()
	bin, err := postgresBinDir()
	if err != nil {
		t.Fatal(err)
	}
	// t.TempDir's parent folders are private to this user, so the postgres
	// user could not reach a cluster inside them.
	root, err := os.MkdirTemp("", "gcexport-prodtest-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if os.Geteuid() == 0 {
		owner, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("the %s package creates the postgres user, which is missing: %v", postgresPackage, err)
		}
		uid, _ := strconv.Atoi(owner.Uid)
		gid, _ := strconv.Atoi(owner.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	pg := &postgres{bin: bin, data: filepath.Join(root, "data"), port: freePort(t)}

	initdb := asPostgresUser(filepath.Join(bin, "initdb"), "-D", pg.data, "-U", "temporal",
		"--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	options := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=100", pg.port, root)
	start := asPostgresUser(filepath.Join(bin, "pg_ctl"), "-D", pg.data, "-o", options,
		"-l", filepath.Join(root, "postgres.log"), "-w", "-t", "60", "start")
	if out, err := start.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(root, "postgres.log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		stop := asPostgresUser(filepath.Join(bin, "pg_ctl"), "-D", pg.data, "-m", "fast", "-w", "stop")
		if out, err := stop.CombinedOutput(); err != nil {
			t.Logf("pg_ctl stop: %v\n%s", err, out)
		}
	})
	return pg
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// freeMembershipPort returns a free port on 127.0.0.1 below 32768: the
// Temporal schema stores membership ports in a PostgreSQL smallint column,
// and the kernel picks ephemeral ports above that.
func freeMembershipPort(t *testing.T) int {
	t.Helper()
	start := 20000 + rand.IntN(10000)
	for port := start; port < 32768; port++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			l.Close()
			return port
		}
	}
	t.Fatalf("no free port on 127.0.0.1 from %d to 32767", start)
	return 0
}

// waitForPort waits until something accepts connections on addr.
func waitForPort(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s after %s: %w", addr, timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// setupSchemas creates the Temporal databases and loads their schemas with
// the Temporal server's own SQL tool, from the versioned schema files of
// the go.temporal.io/server module, as deploy/temporal/setup-schema.sh does
// with the admin-tools image.
func setupSchemas(t *testing.T, sqlTool, schemaRoot string, pg *postgres) {
	t.Helper()
	for _, db := range []struct{ name, schema string }{
		{"temporal", "temporal"},
		{"temporal_visibility", "visibility"},
	} {
		base := []string{"--plugin", "postgres12", "--ep", "127.0.0.1", "-p", strconv.Itoa(pg.port),
			"-u", "temporal", "--db", db.name}
		steps := [][]string{
			{"create"},
			{"setup-schema", "-v", "0.0"},
			{"update-schema", "--schema-dir", filepath.Join(schemaRoot, "postgresql", "v12", db.schema, "versioned")},
		}
		for _, step := range steps {
			cmd := exec.Command(sqlTool, append(base, step...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("temporal-sql-tool %s on %s: %v\n%s", strings.Join(step, " "), db.name, err, out)
			}
		}
	}
}
