package config

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// env returns an environment lookup over vars only.
func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		value, ok := vars[name]
		return value, ok
	}
}

// writeFile writes content to name in a new temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// flags returns a FlagSet from BindFlags after parsing args.
func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("gcexport", pflag.ContinueOnError)
	BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return fs
}

// inEmptyDir runs the test in an empty working folder, so that no
// ./gcexport.yaml is found by accident.
func inEmptyDir(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
}

func load(t *testing.T, opts LoadOptions) *Config {
	t.Helper()
	if opts.Env == nil {
		opts.Env = env(nil)
	}
	cfg, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return cfg
}

func TestLoadDefaults(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{})

	want := Config{
		Genesys:  GenesysConfig{Region: "us-east-1", RequestsPerMinute: 300, Workers: 1},
		Temporal: TemporalConfig{Address: "127.0.0.1:7233", Namespace: "default", TaskQueue: "gcexport"},
		Output:   "./backup",
		StateDir: ".gcexport",
		LogLevel: "info", LogFormat: "auto",
	}
	if *cfg != want {
		t.Errorf("defaults = %+v\nwant       %+v", *cfg, want)
	}
	if cfg.Genesys.HasCredentials() {
		t.Error("HasCredentials() is true without credentials")
	}
}

func TestLoadPrecedence(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", `
output: /from/file
stateDir: /state/file
logLevel: warn
temporal:
  namespace: file-ns
  taskQueue: file-queue
`)
	environment := env(map[string]string{
		"GCEXPORT_STATE_DIR":          "/state/env",
		"GCEXPORT_TEMPORAL_NAMESPACE": "env-ns",
		"GCEXPORT_LOG_LEVEL":          "error",
	})
	fs := flags(t, "--log-level", "debug")

	cfg := load(t, LoadOptions{File: file, Env: environment, Flags: fs})

	checks := []struct{ name, got, want string }{
		{"output (file over default)", cfg.Output, "/from/file"},
		{"stateDir (env over file)", cfg.StateDir, "/state/env"},
		{"namespace (env over file)", cfg.Temporal.Namespace, "env-ns"},
		{"taskQueue (file only)", cfg.Temporal.TaskQueue, "file-queue"},
		{"logLevel (flag over env over file)", cfg.LogLevel, "debug"},
		{"address (default)", cfg.Temporal.Address, "127.0.0.1:7233"},
		{"file", cfg.File, file},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestLoadUnsetFlagsDoNotOverride(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "output: /from/file\n")
	fs := flags(t) // nothing set: flag defaults such as ./backup must not win
	cfg := load(t, LoadOptions{
		File:  file,
		Env:   env(map[string]string{"GCEXPORT_TEMPORAL_ADDRESS": "temporal.internal:7233"}),
		Flags: fs,
	})
	if cfg.Output != "/from/file" {
		t.Errorf("output = %q, want the file's value", cfg.Output)
	}
	if cfg.Temporal.Address != "temporal.internal:7233" {
		t.Errorf("temporal.address = %q, want the environment's value", cfg.Temporal.Address)
	}
}

func TestLoadEveryFlag(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Flags: flags(t,
		"--client-id", "flag-id", "--client-secret", "flag-secret", "--region", "eu_west_1",
		"--api-url", "http://127.0.0.1:8080", "--login-url", "http://127.0.0.1:8081",
		"--temporal-address", "127.0.0.1:7234", "--namespace", "ns", "--task-queue", "q",
		"--output", "out", "--state-dir", "state", "--fixture", "org.json", "--log-level", "WARN",
	)})
	want := Config{
		Genesys: GenesysConfig{ClientID: "flag-id", ClientSecret: "flag-secret", Region: "eu-west-1",
			APIURL: "http://127.0.0.1:8080", LoginURL: "http://127.0.0.1:8081",
			RequestsPerMinute: 300, Workers: 1},
		Temporal: TemporalConfig{Address: "127.0.0.1:7234", Namespace: "ns", TaskQueue: "q"},
		Output:   "out", StateDir: "state", Fixture: "org.json", LogLevel: "warn", LogFormat: "auto",
	}
	if *cfg != want {
		t.Errorf("config = %+v\nwant     %+v", *cfg.withSecret(), *want.withSecret())
	}
}

// withSecret copies c into a struct without String methods, so that a test
// failure can show every field.
func (c *Config) withSecret() *struct {
	ClientID, ClientSecret, Region, APIURL, LoginURL string
	Temporal                                         TemporalConfig
	Output, StateDir, Fixture, LogLevel, File        string
} {
	return &struct {
		ClientID, ClientSecret, Region, APIURL, LoginURL string
		Temporal                                         TemporalConfig
		Output, StateDir, Fixture, LogLevel, File        string
	}{c.Genesys.ClientID, c.Genesys.ClientSecret, c.Genesys.Region, c.Genesys.APIURL, c.Genesys.LoginURL,
		c.Temporal, c.Output, c.StateDir, c.Fixture, c.LogLevel, c.File}
}

func TestLoadEveryEnvironmentVariable(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GCEXPORT_CLIENT_ID":           "env-id",
		"GCEXPORT_CLIENT_SECRET":       "env-secret",
		"GCEXPORT_REGION":              "ap-southeast-2",
		"GCEXPORT_API_URL":             "http://127.0.0.1:9000",
		"GCEXPORT_LOGIN_URL":           "http://127.0.0.1:9001",
		"GCEXPORT_TEMPORAL_ADDRESS":    "127.0.0.1:7299",
		"GCEXPORT_TEMPORAL_NAMESPACE":  "env-ns",
		"GCEXPORT_TEMPORAL_TASK_QUEUE": "env-queue",
		"GCEXPORT_OUTPUT":              "/env/out",
		"GCEXPORT_STATE_DIR":           "/env/state",
		"GCEXPORT_FIXTURE":             "/env/org.json",
		"GCEXPORT_LOG_LEVEL":           "debug",
	})})
	want := Config{
		Genesys: GenesysConfig{ClientID: "env-id", ClientSecret: "env-secret", Region: "ap-southeast-2",
			APIURL: "http://127.0.0.1:9000", LoginURL: "http://127.0.0.1:9001",
			RequestsPerMinute: 300, Workers: 1},
		Temporal: TemporalConfig{Address: "127.0.0.1:7299", Namespace: "env-ns", TaskQueue: "env-queue"},
		Output:   "/env/out", StateDir: "/env/state", Fixture: "/env/org.json", LogLevel: "debug", LogFormat: "auto",
	}
	if *cfg != want {
		t.Errorf("config = %+v\nwant     %+v", *cfg.withSecret(), *want.withSecret())
	}
}

func TestLoadCXAsCodeVariables(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GENESYSCLOUD_OAUTHCLIENT_ID":     "tf-id",
		"GENESYSCLOUD_OAUTHCLIENT_SECRET": "tf-secret",
		"GENESYSCLOUD_REGION":             "eu-central-1",
	})})
	if cfg.Genesys.ClientID != "tf-id" || cfg.Genesys.ClientSecret != "tf-secret" || cfg.Genesys.Region != "eu-central-1" {
		t.Errorf("genesys = %+v", cfg.Genesys.withSecret())
	}
	if !cfg.Genesys.HasCredentials() {
		t.Error("HasCredentials() is false with both variables set")
	}
}

func (c GenesysConfig) withSecret() string {
	return fmt.Sprintf("id=%q secret=%q region=%q", c.ClientID, c.ClientSecret, c.Region)
}

func TestLoadGcexportVariablesWin(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GENESYSCLOUD_OAUTHCLIENT_ID": "tf-id",
		"GCEXPORT_CLIENT_ID":          "gcexport-id",
		"GCEXPORT_CLIENT_SECRET":      "s",
		"GENESYSCLOUD_REGION":         "eu-central-1",
		"GCEXPORT_REGION":             "us-west-2",
	})})
	if cfg.Genesys.ClientID != "gcexport-id" {
		t.Errorf("clientId = %q, want GCEXPORT_CLIENT_ID's", cfg.Genesys.ClientID)
	}
	if cfg.Genesys.Region != "us-west-2" {
		t.Errorf("region = %q, want GCEXPORT_REGION's", cfg.Genesys.Region)
	}
}

func TestLoadAPIRegionVariable(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{"GENESYSCLOUD_API_REGION": "https://api.mypurecloud.ie"})})
	if cfg.Genesys.Region != "eu-west-1" {
		t.Errorf("region = %q, want eu-west-1 from the API URL", cfg.Genesys.Region)
	}

	cfg = load(t, LoadOptions{Env: env(map[string]string{
		"GENESYSCLOUD_API_REGION": "https://api.mypurecloud.ie",
		"GENESYSCLOUD_REGION":     "ap-northeast-1",
	})})
	if cfg.Genesys.Region != "ap-northeast-1" {
		t.Errorf("region = %q, want GENESYSCLOUD_REGION over GENESYSCLOUD_API_REGION", cfg.Genesys.Region)
	}
}

func TestLoadEmptyVariableIsUnset(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{"GCEXPORT_OUTPUT": ""})})
	if cfg.Output != "./backup" {
		t.Errorf("output = %q, want the default for an empty variable", cfg.Output)
	}
}

func TestLoadInjectedEnvIgnoresProcess(t *testing.T) {
	inEmptyDir(t)
	t.Setenv("GCEXPORT_OUTPUT", "/from/process")
	cfg := load(t, LoadOptions{Env: env(nil)})
	if cfg.Output != "./backup" {
		t.Errorf("output = %q: the process environment leaked past LoadOptions.Env", cfg.Output)
	}
}

func TestLoadProcessEnvByDefault(t *testing.T) {
	inEmptyDir(t)
	t.Setenv("GCEXPORT_OUTPUT", "/from/process")
	cfg, err := Load(LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Output != "/from/process" {
		t.Errorf("output = %q, want the process environment's value", cfg.Output)
	}
}

func TestLoadFindsDefaultFile(t *testing.T) {
	inEmptyDir(t)
	if err := os.WriteFile("gcexport.yaml", []byte("output: /found\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := load(t, LoadOptions{})
	if cfg.Output != "/found" || cfg.File != "gcexport.yaml" {
		t.Errorf("output, file = %q, %q", cfg.Output, cfg.File)
	}
}

func TestLoadConfigFileSources(t *testing.T) {
	inEmptyDir(t)
	fromFlag := writeFile(t, "flag.yaml", "output: /flag\n")
	fromEnv := writeFile(t, "env.yaml", "output: /env\n")
	fromOptions := writeFile(t, "options.yaml", "output: /options\n")

	cfg := load(t, LoadOptions{Flags: flags(t, "--config", fromFlag),
		Env: env(map[string]string{"GCEXPORT_CONFIG": fromEnv})})
	if cfg.Output != "/flag" {
		t.Errorf("output = %q, want --config over GCEXPORT_CONFIG", cfg.Output)
	}
	cfg = load(t, LoadOptions{Env: env(map[string]string{"GCEXPORT_CONFIG": fromEnv})})
	if cfg.Output != "/env" {
		t.Errorf("output = %q, want GCEXPORT_CONFIG's file", cfg.Output)
	}
	cfg = load(t, LoadOptions{File: fromOptions, Flags: flags(t, "--config", fromFlag)})
	if cfg.Output != "/options" {
		t.Errorf("output = %q, want LoadOptions.File over --config", cfg.Output)
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	inEmptyDir(t)
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	cases := map[string]LoadOptions{
		"option":   {File: missing},
		"flag":     {Flags: flags(t, "--config", missing)},
		"variable": {Env: env(map[string]string{"GCEXPORT_CONFIG": missing})},
	}
	for name, opts := range cases {
		if opts.Env == nil {
			opts.Env = env(nil)
		}
		_, err := Load(opts)
		if err == nil {
			t.Errorf("%s: no error for a missing file", name)
			continue
		}
		if !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "not found") {
			t.Errorf("%s: error %q does not name the missing file", name, err)
		}
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	inEmptyDir(t)
	_, err := Load(LoadOptions{File: t.TempDir(), Env: env(nil)}) // a folder, not a file
	if err == nil || !strings.Contains(err.Error(), "config file") {
		t.Errorf("error = %v, want a read error naming the config file", err)
	}
}

func TestLoadNormalizesRegion(t *testing.T) {
	inEmptyDir(t)
	for _, value := range []string{"eu_west_1", "EU-WEST-1", "mypurecloud.ie", "api.mypurecloud.ie"} {
		cfg := load(t, LoadOptions{Env: env(map[string]string{"GENESYSCLOUD_REGION": value})})
		if cfg.Genesys.Region != "eu-west-1" {
			t.Errorf("region %q loaded as %q, want eu-west-1", value, cfg.Genesys.Region)
		}
	}
}

func TestLoadTrimsValues(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GCEXPORT_CLIENT_ID": " id ", "GCEXPORT_CLIENT_SECRET": "secret\n",
	})})
	if cfg.Genesys.ClientID != "id" || cfg.Genesys.ClientSecret != "secret" {
		t.Errorf("values were not trimmed: %s", cfg.Genesys.withSecret())
	}
}

func TestLoadYAMLKeys(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", `
genesys:
  clientId: file-id
  clientSecret: file-secret
  region: ca-central-1
  apiUrl: http://127.0.0.1:8080
  loginUrl: http://127.0.0.1:8081
temporal:
  address: 127.0.0.1:7000
  namespace: file-ns
  taskQueue: file-queue
output: /file/out
stateDir: /file/state
fixture: /file/org.json
logLevel: error
`)
	cfg := load(t, LoadOptions{File: file})
	want := Config{
		Genesys: GenesysConfig{ClientID: "file-id", ClientSecret: "file-secret", Region: "ca-central-1",
			APIURL: "http://127.0.0.1:8080", LoginURL: "http://127.0.0.1:8081",
			RequestsPerMinute: 300, Workers: 1},
		Temporal: TemporalConfig{Address: "127.0.0.1:7000", Namespace: "file-ns", TaskQueue: "file-queue"},
		Output:   "/file/out", StateDir: "/file/state", Fixture: "/file/org.json", LogLevel: "error", LogFormat: "auto", File: file,
	}
	if *cfg != want {
		t.Errorf("config = %+v\nwant     %+v", *cfg.withSecret(), *want.withSecret())
	}
}

func TestLoadEmptyAndNullYAML(t *testing.T) {
	inEmptyDir(t)
	for _, content := range []string{"", "# only a comment\n", "~\n", "genesys:\ntemporal:\n"} {
		cfg := load(t, LoadOptions{File: writeFile(t, "gcexport.yaml", content)})
		if cfg.Output != "./backup" || cfg.Temporal.Namespace != "default" {
			t.Errorf("file %q changed the defaults: %+v", content, cfg)
		}
	}
}

func TestSlogLevel(t *testing.T) {
	for level, want := range map[string]slog.Level{
		"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
	} {
		cfg := Config{LogLevel: level}
		if got := cfg.SlogLevel(); got != want {
			t.Errorf("SlogLevel(%q) = %v, want %v", level, got, want)
		}
	}
}

func TestBindFlagsHelp(t *testing.T) {
	fs := pflag.NewFlagSet("gcexport", pflag.ContinueOnError)
	BindFlags(fs)
	for _, name := range []string{"config", "client-id", "client-secret", "region", "api-url", "login-url",
		"temporal-address", "namespace", "task-queue", "output", "state-dir", "fixture", "log-level"} {
		f := fs.Lookup(name)
		if f == nil {
			t.Errorf("flag --%s is missing", name)
			continue
		}
		if f.Usage == "" {
			t.Errorf("flag --%s has no help", name)
		}
	}
	defaults := map[string]string{
		"region": "us-east-1", "temporal-address": "127.0.0.1:7233", "namespace": "default",
		"task-queue": "gcexport", "output": "./backup", "state-dir": ".gcexport", "log-level": "info",
	}
	for name, want := range defaults {
		if f := fs.Lookup(name); f != nil && f.DefValue != want {
			t.Errorf("--%s default = %q, want %q", name, f.DefValue, want)
		}
	}
	for name, want := range map[string]string{"fixture": "bundled sample", "config": "gcexport.yaml", "login-url": "API URL"} {
		if f := fs.Lookup(name); f != nil && !strings.Contains(f.Usage, want) {
			t.Errorf("--%s help %q does not state its default (%s)", name, f.Usage, want)
		}
	}
	var help bytes.Buffer
	fs.SetOutput(&help)
	fs.PrintDefaults()
	if !strings.Contains(help.String(), "GENESYSCLOUD_OAUTHCLIENT_SECRET") {
		t.Errorf("help does not mention the secret's variable:\n%s", help.String())
	}
}

func TestLoadErrorIsJoined(t *testing.T) {
	inEmptyDir(t)
	_, err := Load(LoadOptions{Env: env(map[string]string{
		"GCEXPORT_OUTPUT": " ", "GCEXPORT_LOG_LEVEL": "loud",
	})})
	if err == nil {
		t.Fatal("no error")
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Errorf("error %q is not two joined errors", err)
	}
}

func TestBareSwitchFlags(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(nil), Flags: flags(t, "--archive", "--temporal-tls", "--output", "out")})
	if !cfg.Archive {
		t.Error("--archive without a value did not turn archives on")
	}
	if !cfg.Temporal.TLS.Enabled {
		t.Error("--temporal-tls without a value did not turn TLS on")
	}
	if cfg.Output != "out" {
		t.Errorf("output = %q, want out: a switch took the next argument as its value", cfg.Output)
	}
	off := load(t, LoadOptions{Env: env(nil), Flags: flags(t, "--archive=false")})
	if off.Archive {
		t.Error("--archive=false turned archives on")
	}
}

func TestSwitchFlagRejectsInvalidValue(t *testing.T) {
	inEmptyDir(t)
	_, err := Load(LoadOptions{Env: env(nil), Flags: flags(t, "--archive=maybe")})
	if err == nil || !strings.Contains(err.Error(), "archive") {
		t.Errorf("Load(--archive=maybe) = %v, want an error naming archive", err)
	}
}
