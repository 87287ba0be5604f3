package contract

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// rewriteResponses wraps a handler and lets edit change the status,
// headers and body of the responses to requests for path.
func rewriteResponses(path string, edit func(status int, header http.Header, body []byte) (int, []byte)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				next.ServeHTTP(w, r)
				return
			}
			buffer := httptest.NewRecorder()
			next.ServeHTTP(buffer, r)
			result := buffer.Result()
			header := result.Header.Clone()
			status, body := edit(result.StatusCode, header, buffer.Body.Bytes())
			for name, values := range header {
				w.Header()[name] = values
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(status)
			_, _ = w.Write(body)
		})
	}
}

// editJSON decodes a JSON object body, lets change edit it and encodes it
// again. Bodies that are not JSON objects pass unchanged.
func editJSON(change func(fields map[string]any)) func(int, http.Header, []byte) (int, []byte) {
	return func(status int, _ http.Header, body []byte) (int, []byte) {
		var fields map[string]any
		if json.Unmarshal(body, &fields) != nil {
			return status, body
		}
		change(fields)
		edited, err := json.Marshal(fields)
		if err != nil {
			panic(err)
		}
		return status, edited
	}
}

// probe sends GET requests for paths to the simulator with a token of its
// own, outside the exporter, and returns the recorded exchanges.
func probe(t *testing.T, sim *recordedSimulator, paths ...string) []Exchange {
	t.Helper()
	token := probeToken(t, sim)
	for _, path := range paths {
		probeGet(t, sim, token, path)
	}
	return sim.recorder.Exchanges()
}

// probeToken runs the client-credentials grant and returns the token.
func probeToken(t *testing.T, sim *recordedSimulator) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, sim.baseURL+tokenPath, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, clientSecret)
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(send(t, req), &token); err != nil || token.AccessToken == "" {
		t.Fatalf("no token from the simulator: %v", err)
	}
	return token.AccessToken
}

// probeGet sends one GET request with token and returns the body decoded
// as a JSON object, or nil when it is not one.
func probeGet(t *testing.T, sim *recordedSimulator, token, path string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, sim.baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	var fields map[string]any
	if json.Unmarshal(send(t, req), &fields) != nil {
		return nil
	}
	return fields
}

func send(t *testing.T, req *http.Request) []byte {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// TestValidatorReportsBreakage breaks the simulator's responses on purpose
// and checks that the validator reports each breakage, and nothing when
// the responses are left alone.
func TestValidatorReportsBreakage(t *testing.T) {
	s := loadSpec(t)
	const skills = "/api/v2/routing/skills"
	const queues = "/api/v2/routing/queues"
	rateLimited := simulator.Fault{Type: "routing_queue", Status: http.StatusTooManyRequests, Times: 1, RetryAfter: 3}

	for _, tc := range []struct {
		name   string
		wrap   func(http.Handler) http.Handler
		faults []simulator.Fault
		// want lists the check and a part of the detail of each expected
		// violation; an empty list expects none.
		want [][2]string
	}{
		{name: "unchanged", faults: []simulator.Fault{rateLimited}},
		{
			name: "entities renamed to items",
			wrap: rewriteResponses(skills, editJSON(func(f map[string]any) {
				f["items"] = f["entities"]
				delete(f, "entities")
			})),
			want: [][2]string{
				{"envelope", "a listing without an entities array"},
				{"undeclared field", "items (not a property of SkillEntityListing)"},
			},
		},
		{
			name:   "429 without Retry-After",
			faults: []simulator.Fault{rateLimited},
			wrap: rewriteResponses(queues, func(status int, header http.Header, body []byte) (int, []byte) {
				header.Del("Retry-After")
				return status, body
			}),
			want: [][2]string{{"retry-after", "429 without a Retry-After header"}},
		},
		{
			name: "pageCount off by one",
			wrap: rewriteResponses(skills, editJSON(func(f map[string]any) {
				f["pageCount"] = f["pageCount"].(float64) + 1
			})),
			want: [][2]string{{"envelope", "pageCount is not total divided by pageSize"}},
		},
		{
			name: "absolute nextUri",
			wrap: rewriteResponses(skills, editJSON(func(f map[string]any) {
				f["nextUri"] = "https://api.mypurecloud.com" + skills + "?pageSize=10&pageNumber=2"
			})),
			want: [][2]string{{"envelope", "nextUri is not a path relative to the API host"}},
		},
		{
			name: "entity field of the wrong type",
			wrap: rewriteResponses(skills, editJSON(func(f map[string]any) {
				f["entities"].([]any)[0].(map[string]any)["state"] = "retired"
			})),
			want: [][2]string{{"schema", "at entities[].state: value is not one of the allowed values"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := simulator.SampleFixture()
			f.Faults = append(f.Faults, tc.faults...)
			sim := startRecordedSimulator(t, f, tc.wrap)
			exchanges := probe(t, sim, skills+"?pageSize=10&pageNumber=1", queues+"?pageSize=100&pageNumber=1")
			if len(tc.faults) > 0 && !hasStatus(exchanges, http.StatusTooManyRequests) {
				t.Fatal("the rate-limit fault produced no 429")
			}
			violations := validateExchanges(s, exchanges).violations()
			if len(tc.want) == 0 {
				for _, v := range violations {
					t.Errorf("unexpected violation: %s", v)
				}
				return
			}
			for _, want := range tc.want {
				if !hasViolation(violations, want[0], want[1]) {
					t.Errorf("no %s violation with %q; got %v", want[0], want[1], violations)
				}
			}
		})
	}
}

func hasViolation(violations []violation, check, detail string) bool {
	for _, v := range violations {
		if v.Check == check && strings.Contains(v.Detail, detail) {
			return true
		}
	}
	return false
}

// TestCatalogChecksReportBreakage changes catalogue declarations against
// the description and checks that the catalogue checks report each one.
func TestCatalogChecksReportBreakage(t *testing.T) {
	s := loadSpec(t)
	base := catalog.Default()
	var types []catalog.Type
	for _, name := range base.Names() {
		typ, _ := base.Type(name)
		copied := *typ
		switch name {
		case "routing_language":
			copied.PageSize = 1000
		case "integration_action":
			copied.ListQuery = map[string][]string{"includeConfig": {"true"}, "withSecrets": {"true"}}
		case "user":
			copied.Partitions = []catalog.Partition{{Name: "asleep", Query: map[string][]string{"state": {"asleep"}}}}
		case "routing_skill_group":
			copied.ListPath = "/api/v2/routing/skillgroupz"
		}
		types = append(types, copied)
	}
	c, err := catalog.New(types)
	if err != nil {
		t.Fatal(err)
	}
	r := newReport()
	checkCatalog(s, c, r)
	violations := r.violations()
	for _, want := range [][2]string{
		{"page size", "routing_language asks for pageSize=1000, over 500 (no documented maximum"},
		{"catalogue", `integration_action sends "withSecrets", which the operation does not declare`},
		{"catalogue", "user sends state=asleep: at (body): value is not one of the allowed values"},
		{"catalogue", "list path of routing_skill_group is not an operation of the description"},
	} {
		if !hasViolation(violations, want[0], want[1]) {
			t.Errorf("no %s violation with %q; got %v", want[0], want[1], violations)
		}
	}

	// The real catalogue passes the same checks.
	r = newReport()
	checkCatalog(s, base, r)
	for _, v := range r.violations() {
		t.Errorf("catalogue violation: %s", v)
	}
}
