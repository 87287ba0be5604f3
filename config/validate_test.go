package config

import (
	"errors"
	"sort"
	"strings"
	"testing"
)

func TestValidationNamesKey(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want []string // substrings of the error
	}{
		{"unknown region", map[string]string{"GENESYSCLOUD_REGION": "us-east-9"},
			[]string{`config: genesys.region: unknown region "us-east-9" (known: `, "ap-northeast-1", "eusc-de-east-1", "GENESYSCLOUD_REGION"}},
		{"secret without id", map[string]string{"GENESYSCLOUD_OAUTHCLIENT_SECRET": "s"},
			[]string{"config: genesys.clientId: missing while genesys.clientSecret is set"}},
		{"id without secret", map[string]string{"GENESYSCLOUD_OAUTHCLIENT_ID": "i"},
			[]string{"config: genesys.clientSecret: missing while genesys.clientId is set"}},
		{"api url scheme", map[string]string{"GCEXPORT_API_URL": "ftp://127.0.0.1"},
			[]string{`config: genesys.apiUrl: "ftp://127.0.0.1" must start with http:// or https://`}},
		{"api url without scheme", map[string]string{"GCEXPORT_API_URL": "127.0.0.1:8080"},
			[]string{"config: genesys.apiUrl:"}},
		{"login url without host", map[string]string{"GCEXPORT_LOGIN_URL": "https://"},
			[]string{`config: genesys.loginUrl: "https://" has no host`}},
		{"login url unparsable", map[string]string{"GCEXPORT_LOGIN_URL": "http://[::1"},
			[]string{`config: genesys.loginUrl: "http://[::1" is not a URL`}},
		{"address without port", map[string]string{"GCEXPORT_TEMPORAL_ADDRESS": "foo"},
			[]string{`config: temporal.address: "foo" is not host:port`}},
		{"address with named port", map[string]string{"GCEXPORT_TEMPORAL_ADDRESS": "localhost:http"},
			[]string{`config: temporal.address: "localhost:http" is not host:port`}},
		{"address port out of range", map[string]string{"GCEXPORT_TEMPORAL_ADDRESS": "127.0.0.1:70000"},
			[]string{`config: temporal.address: "127.0.0.1:70000" is not host:port`}},
		{"address without host", map[string]string{"GCEXPORT_TEMPORAL_ADDRESS": ":7233"},
			[]string{`config: temporal.address: ":7233" is not host:port`}},
		{"namespace with space", map[string]string{"GCEXPORT_TEMPORAL_NAMESPACE": "my ns"},
			[]string{`config: temporal.namespace: "my ns" must not contain spaces`}},
		{"task queue with tab", map[string]string{"GCEXPORT_TEMPORAL_TASK_QUEUE": "a\tb"},
			[]string{"config: temporal.taskQueue:", "must not contain spaces"}},
		{"log level", map[string]string{"GCEXPORT_LOG_LEVEL": "verbose"},
			[]string{`config: logLevel: "verbose" is not one of debug, info, warn, error`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inEmptyDir(t)
			_, err := Load(LoadOptions{Env: env(tt.vars)})
			if err == nil {
				t.Fatal("Load returned no error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestValidationEmptyValues(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", `
output: ""
stateDir: ""
temporal:
  namespace: ""
  taskQueue: ""
`)
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil {
		t.Fatal("Load returned no error")
	}
	for _, key := range []string{"output", "stateDir", "temporal.namespace", "temporal.taskQueue"} {
		want := "config: " + key + ": must not be empty (set by " + file + ")"
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestValidationSourceInMessage(t *testing.T) {
	inEmptyDir(t)
	_, err := Load(LoadOptions{Flags: flags(t, "--temporal-address", "nope"), Env: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "set by flag --temporal-address") {
		t.Errorf("error %v does not name the flag", err)
	}
}

func TestValidationErrorsJoinedSorted(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "temporal:\n  adress: x\n")
	_, err := Load(LoadOptions{File: file, Env: env(map[string]string{
		"GCEXPORT_LOG_LEVEL":          "loud",
		"GCEXPORT_TEMPORAL_ADDRESS":   "foo",
		"GENESYSCLOUD_REGION":         "mars-1",
		"GENESYSCLOUD_OAUTHCLIENT_ID": "id",
	})})
	if err == nil {
		t.Fatal("Load returned no error")
	}
	t.Logf("joined error:\n%v", err)

	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("error %q is not joined", err)
	}
	var messages []string
	for _, e := range joined.Unwrap() {
		messages = append(messages, e.Error())
	}

	if len(messages) != 5 {
		t.Errorf("got %d errors, want 5:\n%s", len(messages), strings.Join(messages, "\n"))
	}
	if !sort.StringsAreSorted(messages) {
		t.Errorf("errors are not sorted:\n%s", strings.Join(messages, "\n"))
	}
	for _, key := range []string{"genesys.region", "genesys.clientSecret", "temporal.address", "logLevel", `"temporal.adress"`} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not mention %s:\n%s", key, err)
		}
	}
}

func TestValidationIsDeterministic(t *testing.T) {
	inEmptyDir(t)
	vars := map[string]string{"GCEXPORT_TEMPORAL_NAMESPACE": "a b", "GCEXPORT_TEMPORAL_TASK_QUEUE": "c d"}
	_, first := Load(LoadOptions{Env: env(vars)})
	for range 20 {
		_, again := Load(LoadOptions{Env: env(vars)})
		if again.Error() != first.Error() {
			t.Fatalf("error text changed between runs:\n%s\n%s", first, again)
		}
	}
}
