package config

import (
	"strings"
	"testing"
)

func TestBudgetDefaults(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{})
	if cfg.Genesys.RequestsPerMinute != 300 {
		t.Errorf("genesys.requestsPerMinute = %d, want 300", cfg.Genesys.RequestsPerMinute)
	}
	if cfg.Genesys.Workers != 1 {
		t.Errorf("genesys.workers = %d, want 1", cfg.Genesys.Workers)
	}
	if got := cfg.Genesys.WorkerRequestsPerMinute(); got != 300 {
		t.Errorf("WorkerRequestsPerMinute() = %v, want 300", got)
	}
}

func TestBudgetSharedByWorkers(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Flags: flags(t, "--requests-per-minute", "600", "--workers", "3")})
	if got := cfg.Genesys.WorkerRequestsPerMinute(); got != 200 {
		t.Errorf("WorkerRequestsPerMinute() = %v, want 200", got)
	}
}

func TestBudgetFromEnvironment(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GCEXPORT_REQUESTS_PER_MINUTE": "900", "GCEXPORT_WORKERS": "2",
	})})
	if cfg.Genesys.RequestsPerMinute != 900 || cfg.Genesys.Workers != 2 {
		t.Errorf("budget = %d per minute for %d workers, want 900 for 2", cfg.Genesys.RequestsPerMinute, cfg.Genesys.Workers)
	}
}

func TestBudgetRejectsInvalidValues(t *testing.T) {
	for _, tc := range []struct{ flag, value, key string }{
		{"--requests-per-minute", "0", "genesys.requestsPerMinute"},
		{"--requests-per-minute", "fast", "genesys.requestsPerMinute"},
		{"--workers", "-2", "genesys.workers"},
	} {
		t.Run(tc.flag+"="+tc.value, func(t *testing.T) {
			inEmptyDir(t)
			_, err := Load(LoadOptions{Env: env(nil), Flags: flags(t, tc.flag, tc.value)})
			if err == nil {
				t.Fatalf("Load accepted %s %s", tc.flag, tc.value)
			}
			if !strings.Contains(err.Error(), tc.key) || !strings.Contains(err.Error(), "flag "+tc.flag) {
				t.Errorf("error %q does not name %s and its source", err, tc.key)
			}
		})
	}
}

func TestWorkerShareWithoutBudgetIsUnlimited(t *testing.T) {
	if got := (GenesysConfig{}).WorkerRequestsPerMinute(); got != 0 {
		t.Errorf("WorkerRequestsPerMinute() of a zero GenesysConfig = %v, want 0 (no limit)", got)
	}
}
