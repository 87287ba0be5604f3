// Package composetest checks the production stack of docker-compose.yml as
// Docker Compose loads it, without Docker: the services, their images or
// builds, dependency order, health checks, published ports and profiles.
package composetest

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/gcexport/gcexport/export"
)

const composeFile = "../docker-compose.yml"

// loadProject loads the compose file as `docker compose` does, with the
// given profiles enabled and an empty environment, so the defaults of the
// file apply.
func loadProject(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{composeFile},
		cli.WithName("gcexport"),
		cli.WithWorkingDirectory(".."),
		cli.WithEnv([]string{}),
		cli.WithProfiles(profiles),
	)
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("load %s: %v", composeFile, err)
	}
	return project
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %s: %v", name, err)
	}
	return s
}

func TestComposeServices(t *testing.T) {
	p := loadProject(t)
	want := []string{
		"postgresql", "temporal", "temporal-admin-tools", "temporal-create-namespace",
		"temporal-search-attributes", "temporal-ui", "worker",
	}
	if got := p.ServiceNames(); !slices.Equal(sorted(got), want) {
		t.Errorf("services without profiles = %v, want %v", sorted(got), want)
	}

	if img := service(t, p, "postgresql").Image; !strings.HasPrefix(img, "postgres:") {
		t.Errorf("postgresql image = %q, want postgres", img)
	}
	temporal := service(t, p, "temporal")
	if !strings.HasPrefix(temporal.Image, "temporalio/server:") {
		t.Errorf("temporal image = %q, want temporalio/server", temporal.Image)
	}
	env := temporal.Environment
	if got := value(env, "DB"); got != "postgres12" {
		t.Errorf("temporal DB = %q, want postgres12", got)
	}
	if got := value(env, "POSTGRES_SEEDS"); got != "postgresql" {
		t.Errorf("temporal POSTGRES_SEEDS = %q, want the postgresql service", got)
	}
	if got := value(env, "POSTGRES_PWD"); got != value(service(t, p, "postgresql").Environment, "POSTGRES_PASSWORD") {
		t.Errorf("temporal POSTGRES_PWD = %q, not the password postgresql is created with", got)
	}
	if ui := service(t, p, "temporal-ui"); !strings.HasPrefix(ui.Image, "temporalio/ui:") ||
		value(ui.Environment, "TEMPORAL_ADDRESS") != "temporal:7233" {
		t.Errorf("temporal-ui: image %q, TEMPORAL_ADDRESS %q; want temporalio/ui on temporal:7233",
			ui.Image, value(ui.Environment, "TEMPORAL_ADDRESS"))
	}
}

func TestComposeSchemaSetup(t *testing.T) {
	p := loadProject(t)
	admin := service(t, p, "temporal-admin-tools")
	if !strings.HasPrefix(admin.Image, "temporalio/admin-tools:") {
		t.Errorf("temporal-admin-tools image = %q, want temporalio/admin-tools", admin.Image)
	}
	// The admin tools and the server must be one Temporal release, or the
	// schema would be another version than the server expects.
	if tagOf(admin.Image) != tagOf(service(t, p, "temporal").Image) {
		t.Errorf("admin tools %s and server %s are different releases", admin.Image, service(t, p, "temporal").Image)
	}
	script := scriptOf(t, admin)
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatalf("schema script: %v", err)
	}
	for _, want := range []string{"temporal-sql-tool", "setup-schema", "update-schema", "postgresql/v12/temporal", "postgresql/v12/visibility"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not contain %q", script, want)
		}
	}
	if got := value(admin.Environment, "POSTGRES_SEEDS"); got != "postgresql" {
		t.Errorf("temporal-admin-tools POSTGRES_SEEDS = %q, want postgresql", got)
	}
}

func TestComposeDependencyOrder(t *testing.T) {
	p := loadProject(t)
	wantDeps := map[string]map[string]string{
		"temporal-admin-tools":       {"postgresql": types.ServiceConditionHealthy},
		"temporal":                   {"temporal-admin-tools": types.ServiceConditionCompletedSuccessfully},
		"temporal-create-namespace":  {"temporal": types.ServiceConditionHealthy},
		"temporal-search-attributes": {"temporal-create-namespace": types.ServiceConditionCompletedSuccessfully},
		"temporal-ui":                {"temporal": types.ServiceConditionHealthy},
		"worker":                     {"temporal-search-attributes": types.ServiceConditionCompletedSuccessfully},
	}
	for name, deps := range wantDeps {
		s := service(t, p, name)
		for dep, condition := range deps {
			got, ok := s.DependsOn[dep]
			if !ok {
				t.Errorf("%s does not depend on %s", name, dep)
				continue
			}
			if got.Condition != condition {
				t.Errorf("%s depends on %s with condition %s, want %s", name, dep, got.Condition, condition)
			}
		}
	}
	// A dependency on a healthy service needs that service's health
	// check, and one on a completed service needs a one-shot service.
	for _, s := range p.Services {
		for dep, d := range s.DependsOn {
			target := service(t, p, dep)
			switch d.Condition {
			case types.ServiceConditionHealthy:
				if target.HealthCheck == nil || target.HealthCheck.Disable || len(target.HealthCheck.Test) == 0 {
					t.Errorf("%s waits for %s to be healthy, but %s has no health check", s.Name, dep, dep)
				}
			case types.ServiceConditionCompletedSuccessfully:
				if target.Restart == types.RestartPolicyAlways || target.Restart == types.RestartPolicyUnlessStopped {
					t.Errorf("%s waits for %s to complete, but %s restarts %s", s.Name, dep, dep, target.Restart)
				}
			}
		}
	}
	if cycle := dependencyCycle(p); cycle != nil {
		t.Errorf("dependency cycle: %v", cycle)
	}
}

func TestComposeHealthChecks(t *testing.T) {
	p := loadProject(t)
	for _, name := range []string{"postgresql", "temporal"} {
		hc := service(t, p, name).HealthCheck
		if hc == nil || len(hc.Test) == 0 {
			t.Errorf("%s has no health check", name)
			continue
		}
		if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil {
			t.Errorf("%s health check lacks interval, timeout or retries: %+v", name, hc)
		}
	}
	if test := strings.Join(service(t, p, "postgresql").HealthCheck.Test, " "); !strings.Contains(test, "pg_isready") {
		t.Errorf("postgresql health check = %q, want pg_isready", test)
	}
	if test := strings.Join(service(t, p, "temporal").HealthCheck.Test, " "); !strings.Contains(test, "7233") {
		t.Errorf("temporal health check = %q, want a check of the frontend port 7233", test)
	}
}

func TestComposePortsOnLoopback(t *testing.T) {
	p := loadProject(t, "simulator")
	published := map[string][]types.ServicePortConfig{}
	for _, s := range p.Services {
		for _, port := range s.Ports {
			published[s.Name] = append(published[s.Name], port)
			ip := net.ParseIP(port.HostIP)
			if ip == nil || !ip.IsLoopback() {
				t.Errorf("%s publishes port %d on host address %q, want a loopback address", s.Name, port.Target, port.HostIP)
			}
		}
	}
	wantPorts := map[string][2]uint32{"temporal": {7233, 7233}, "temporal-ui": {8080, 8233}}
	for name, want := range wantPorts {
		ports := published[name]
		if len(ports) != 1 || ports[0].Target != want[0] || ports[0].Published != itoa(want[1]) {
			t.Errorf("%s ports = %+v, want container %d on 127.0.0.1:%d", name, ports, want[0], want[1])
		}
	}
	if ports := published["postgresql"]; len(ports) != 0 {
		t.Errorf("postgresql publishes ports %+v; it must be reachable inside the compose network only", ports)
	}
}

func TestComposeWorkersAndSimulator(t *testing.T) {
	p := loadProject(t)
	worker := service(t, p, "worker")
	if worker.Build == nil || worker.Build.Dockerfile != "Dockerfile" {
		t.Fatalf("worker build = %+v, want the repository's Dockerfile", worker.Build)
	}
	if _, err := os.Stat(filepath.Join(worker.Build.Context, worker.Build.Dockerfile)); err != nil {
		t.Errorf("worker Dockerfile: %v", err)
	}
	if got := strings.Join(worker.Command, " "); got != "/usr/local/bin/worker" {
		t.Errorf("worker command = %q, want /usr/local/bin/worker", got)
	}
	if got := value(worker.Environment, "GCEXPORT_TEMPORAL_ADDRESS"); got != "temporal:7233" {
		t.Errorf("worker GCEXPORT_TEMPORAL_ADDRESS = %q, want temporal:7233", got)
	}
	if got := value(worker.Environment, "GCEXPORT_OUTPUT"); got != "/backup" {
		t.Errorf("worker GCEXPORT_OUTPUT = %q, want /backup", got)
	}
	if !slices.ContainsFunc(worker.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == "/backup" && v.Source == "backup" }) {
		t.Errorf("worker volumes = %+v, want the backup volume on /backup", worker.Volumes)
	}
	for _, secret := range []string{"GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET"} {
		if v, ok := worker.Environment[secret]; !ok || v != nil {
			t.Errorf("worker %s = %v; it must be passed through from the host, not set in the file", secret, v)
		}
	}

	if _, err := p.GetService("simulator"); err == nil {
		t.Error("the simulator runs without its profile")
	}
	withSim := loadProject(t, "simulator")
	sim := service(t, withSim, "simulator")
	if !slices.Equal(sim.Profiles, []string{"simulator"}) {
		t.Errorf("simulator profiles = %v, want [simulator]", sim.Profiles)
	}
	if sim.Build == nil || sim.Build.Dockerfile != "Dockerfile" {
		t.Errorf("simulator build = %+v, want the repository's Dockerfile", sim.Build)
	}
	if got := strings.Join(sim.Command, " "); !strings.HasPrefix(got, "/usr/local/bin/gcsim") {
		t.Errorf("simulator command = %q, want gcsim", got)
	}
	if len(sim.Ports) != 0 {
		t.Errorf("simulator publishes ports %+v; it must be reachable inside the compose network only", sim.Ports)
	}
}

func TestComposeSearchAttributes(t *testing.T) {
	p := loadProject(t)
	s := service(t, p, "temporal-search-attributes")
	var want []string
	for _, key := range export.SearchAttributeKeys() {
		want = append(want, key.GetName())
	}
	got := strings.Fields(value(s.Environment, "SEARCH_ATTRIBUTES"))
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("registered search attributes = %v, want %v", got, want)
	}
	script := strings.Join(s.Entrypoint, " ")
	if !strings.Contains(script, "search-attribute create") || !strings.Contains(script, "--type Keyword") {
		t.Errorf("temporal-search-attributes does not create Keyword attributes:\n%s", script)
	}
	// Interpolation turns $$ into $, so the shell, not compose, expands
	// the variables.
	if !strings.Contains(script, `"$NAMESPACE"`) {
		t.Errorf("the namespace variable is expanded by compose, not the shell:\n%s", script)
	}
}

// dependencyCycle returns a cycle of depends_on, or nil.
func dependencyCycle(p *types.Project) []string {
	state := map[string]int{} // 1 visiting, 2 done
	var stack []string
	var visit func(string) []string
	visit = func(name string) []string {
		switch state[name] {
		case 1:
			return append(slices.Clone(stack), name)
		case 2:
			return nil
		}
		state[name] = 1
		stack = append(stack, name)
		s := p.Services[name]
		for _, dep := range sorted(mapKeys(s.DependsOn)) {
			if c := visit(dep); c != nil {
				return c
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = 2
		return nil
	}
	for _, name := range sorted(mapKeys(p.Services)) {
		if c := visit(name); c != nil {
			return c
		}
	}
	return nil
}

// scriptOf returns the host path of the script that a service's
// entrypoint runs from a bind mount.
func scriptOf(t *testing.T, s types.ServiceConfig) string {
	t.Helper()
	if len(s.Entrypoint) < 2 {
		t.Fatalf("%s entrypoint = %v, want a shell running a script", s.Name, s.Entrypoint)
	}
	path := s.Entrypoint[len(s.Entrypoint)-1]
	for _, v := range s.Volumes {
		if rel, ok := strings.CutPrefix(path, v.Target+"/"); ok {
			return filepath.Join(v.Source, rel)
		}
	}
	t.Fatalf("%s runs %s, which no volume of it provides", s.Name, path)
	return ""
}

func value(env types.MappingWithEquals, key string) string {
	if v := env[key]; v != nil {
		return *v
	}
	return ""
}

func tagOf(image string) string {
	_, tag, _ := strings.Cut(image, ":")
	return tag
}

func itoa(n uint32) string {
	return strconv.FormatUint(uint64(n), 10)
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
