package config

import (
	"strings"
	"testing"
)

func TestOutputSettings(t *testing.T) {
	env := func(values map[string]string) func(string) (string, bool) {
		return func(name string) (string, bool) { v, ok := values[name]; return v, ok }
	}
	cfg, err := Load(LoadOptions{File: "", Env: env(map[string]string{
		"GCEXPORT_LOG_FORMAT":     "JSON",
		"GCEXPORT_METRICS_LISTEN": "127.0.0.1:9464",
		"GCEXPORT_UPLOAD":         "s3://dr-bucket?prefix=genesys/",
		"GCEXPORT_ARCHIVE":        "true",
	})})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LogFormat != "json" || cfg.MetricsListen != "127.0.0.1:9464" || cfg.Upload != "s3://dr-bucket?prefix=genesys/" || !cfg.Archive {
		t.Errorf("config = %+v", cfg)
	}

	defaults, err := Load(LoadOptions{Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if defaults.LogFormat != "auto" || defaults.MetricsListen != "" || defaults.Upload != "" || defaults.Archive {
		t.Errorf("defaults = %+v, want auto logs, no metrics, no upload, no archive", defaults)
	}
}

func TestOutputSettingsRejected(t *testing.T) {
	cases := map[string][2]string{
		"GCEXPORT_LOG_FORMAT":     {"yaml", `logFormat: "yaml" is not one of auto, text, json`},
		"GCEXPORT_METRICS_LISTEN": {"9464", `metricsListen: "9464" is not host:port`},
		"GCEXPORT_ARCHIVE":        {"sometimes", `archive: "sometimes" is not true or false`},
	}
	uploads := map[string]string{
		"ftp://host/dir":         `unsupported scheme "ftp"`,
		"/srv/backups":           "is not a bucket URL",
		"s3://key:secret@bucket": "takes no user or password",
		"s3:///prefix":           "names no bucket",
	}
	for name, c := range cases {
		_, err := Load(LoadOptions{Env: func(n string) (string, bool) { return c[0], n == name }})
		if err == nil || !strings.Contains(err.Error(), c[1]) {
			t.Errorf("%s=%s: error %v, want %q", name, c[0], err, c[1])
		}
	}
	for value, want := range uploads {
		_, err := Load(LoadOptions{Env: func(n string) (string, bool) { return value, n == "GCEXPORT_UPLOAD" }})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("upload %s: error %v, want %q", value, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("upload %s: the error shows the password: %v", value, err)
		}
	}
}
