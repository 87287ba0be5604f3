package genesys

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// leaks returns the secrets that text contains.
func leaks(text string) []string {
	var found []string
	basic := base64.StdEncoding.EncodeToString([]byte(testClientID + ":" + testClientSecret))
	for _, secret := range []string{testClientSecret, testTokenPrefix, basic} {
		if strings.Contains(text, secret) {
			found = append(found, secret)
		}
	}
	return found
}

func TestSecretsAbsentFromErrorsAndLogs(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// The time scale keeps the token endpoint's throttle backoff short.
	withLogger := func(cfg *Config) { cfg.Logger, cfg.TimeScale = logger, 0.001 }

	// Each scenario's server misbehaves by echoing what it received.
	scenarios := map[string]func(f *fakeGenesys){
		"API echoes the token": func(f *fakeGenesys) {
			f.api = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(
					`{"message":"token %s is not valid","code":"bad.credentials","contextId":"%s"}`,
					bearer(r), bearer(r)))
			}
		},
		"token endpoint echoes the secret": func(f *fakeGenesys) {
			f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
				_, password, _ := r.BasicAuth()
				writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(
					`{"error":"invalid_client","error_description":"secret %s and header %s rejected"}`,
					password, r.Header.Get("Authorization")))
			}
		},
		"token endpoint echoes without an OAuth error": func(f *fakeGenesys) {
			f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusBadRequest, fmt.Sprintf(
					`{"message":"header %s","code":"bad.request"}`, r.Header.Get("Authorization")))
			}
		},
		"token rate limited": func(f *fakeGenesys) {
			f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusBadRequest, `{"error":"invalid_request","error_description":"rate limit exceeded; wait"}`)
			}
		},
		"API conflict":  func(f *fakeGenesys) { f.api = okStatus(409) },
		"API throttled": func(f *fakeGenesys) { f.api = okStatus(429) },
		"API reset": func(f *fakeGenesys) {
			f.api = func(w http.ResponseWriter, r *http.Request) { resetConnection(t, w) }
		},
		"API truncated": func(f *fakeGenesys) { f.api = okJSON(`{"entities":[`) },
		"API no entities": func(f *fakeGenesys) {
			f.api = okJSON(`{"total":1}`)
		},
	}

	var all strings.Builder
	for name, setup := range scenarios {
		f := newFake(t, okJSON(`{}`))
		setup(f)
		c := newTestClient(t, f, withLogger)

		_, err := c.GetUnpaged(context.Background(), "/api/v2/oauth/clients", nil)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		fmt.Fprintf(&all, "%s\n%v\n%+v\n%#v\n", name, err, err, err)

		var retrieveErr *oauth2.RetrieveError
		if errors.As(err, &retrieveErr) {
			fmt.Fprintf(&all, "%v\n%s\n", retrieveErr, retrieveErr.Body)
			if retrieveErr.Response != nil && retrieveErr.Response.Request != nil {
				t.Errorf("%s: the RetrieveError keeps the request and its Authorization header", name)
			}
		}
		fmt.Fprintf(&all, "%v\n%+v\n%#v\n", c, c, c)
	}

	if found := leaks(all.String()); len(found) > 0 {
		t.Errorf("errors or String() contain secrets %q:\n%s", found, all.String())
	}
	if found := leaks(logs.String()); len(found) > 0 {
		t.Errorf("logs contain secrets %q:\n%s", found, logs.String())
	}
	if logs.Len() == 0 {
		t.Error("nothing was logged at debug level, so the log check proves nothing")
	}
}

func okStatus(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, status, `{"message":"busy","code":"x"}`)
	}
}

func TestSecretsAbsentFromConfigOutput(t *testing.T) {
	cfg := Config{ClientID: testClientID, ClientSecret: testClientSecret, Region: "us-east-1"}

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("config", "cfg", cfg)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", cfg)

	text := fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg) + logs.String()
	if found := leaks(text); len(found) > 0 {
		t.Errorf("Config output contains secrets %q: %s", found, text)
	}
	if !strings.Contains(text, testClientID) || !strings.Contains(text, "<redacted>") {
		t.Errorf("Config output lost the client id or the redaction mark: %s", text)
	}
	if got := (Config{}).String(); strings.Contains(got, "<redacted>") {
		t.Errorf("an empty secret is shown as redacted: %s", got)
	}
}

func TestSecretsAbsentFromSuccessLogs(t *testing.T) {
	var logs bytes.Buffer
	f := newFake(t, okJSON(`{"entities":[]}`))
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})

	if _, err := c.GetPage(context.Background(), "/api/v2/users", nil, 1, 25); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "fetched an OAuth token") {
		t.Errorf("no token log line: %s", logs.String())
	}
	if found := leaks(logs.String()); len(found) > 0 {
		t.Errorf("logs contain secrets %q: %s", found, logs.String())
	}
}
