package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const secretValue = "Very-Secret_Value.42"

func loadedWithSecret(t *testing.T) *Config {
	t.Helper()
	inEmptyDir(t)
	return load(t, LoadOptions{Env: env(map[string]string{
		"GENESYSCLOUD_OAUTHCLIENT_ID":     "client-1",
		"GENESYSCLOUD_OAUTHCLIENT_SECRET": secretValue,
	})})
}

func TestRedactedHidesSecret(t *testing.T) {
	cfg := loadedWithSecret(t)
	fields := cfg.Redacted()

	if fields["genesys.clientSecret"] != "<redacted>" {
		t.Errorf("genesys.clientSecret = %v, want <redacted>", fields["genesys.clientSecret"])
	}
	if fields["genesys.clientId"] != "client-1" {
		t.Errorf("genesys.clientId = %v", fields["genesys.clientId"])
	}
	if fields["temporal.taskQueue"] != "gcexport" || fields["output"] != "./backup" {
		t.Errorf("Redacted() lost other fields: %v", fields)
	}
	if strings.Contains(fmt.Sprint(fields), secretValue) {
		t.Errorf("Redacted() contains the secret: %v", fields)
	}
	if cfg.Genesys.ClientSecret != secretValue {
		t.Error("Redacted() changed the config itself")
	}
}

func TestRedactedEmptySecret(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{})
	if got := cfg.Redacted()["genesys.clientSecret"]; got != "" {
		t.Errorf("genesys.clientSecret = %q for an unset secret, want empty", got)
	}
}

func TestRedactedKeysMatchSettings(t *testing.T) {
	inEmptyDir(t)
	fields := load(t, LoadOptions{}).Redacted()
	for _, s := range settings {
		if _, ok := fields[s.key]; !ok {
			t.Errorf("Redacted() has no %s", s.key)
		}
	}
}

func TestStringAndLogsHideSecret(t *testing.T) {
	cfg := loadedWithSecret(t)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("loaded", "config", cfg, "genesys", cfg.Genesys)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("loaded", "config", *cfg, "genesys", cfg.Genesys)

	outputs := map[string]string{
		"%v":      fmt.Sprintf("%v", cfg),
		"%+v":     fmt.Sprintf("%+v", *cfg),
		"%#v":     fmt.Sprintf("%#v", *cfg),
		"%s":      fmt.Sprintf("%s", cfg),
		"genesys": fmt.Sprintf("%v %+v %#v", cfg.Genesys, cfg.Genesys, cfg.Genesys),
		"logs":    logs.String(),
	}
	for name, text := range outputs {
		if strings.Contains(text, secretValue) {
			t.Errorf("%s output contains the secret: %s", name, text)
		}
		if !strings.Contains(text, "client-1") {
			t.Errorf("%s output lost the client id: %s", name, text)
		}
	}
}

func TestLoadErrorsHideSecret(t *testing.T) {
	inEmptyDir(t)
	_, err := Load(LoadOptions{Env: env(map[string]string{
		"GENESYSCLOUD_OAUTHCLIENT_SECRET": secretValue,
		"GENESYSCLOUD_REGION":             "nowhere",
	})})
	if err == nil {
		t.Fatal("Load returned no error")
	}
	if strings.Contains(err.Error(), secretValue) {
		t.Errorf("error contains the secret: %v", err)
	}
}
