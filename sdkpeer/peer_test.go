package sdkpeer

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// sampleWithoutFaults returns the sample org without its own faults (a
// 409 on one integration), so that every get of the walk succeeds.
func sampleWithoutFaults() *simulator.Fixture {
	f := simulator.SampleFixture()
	f.Faults = nil
	return f
}

// TestSDKReadsSampleOrg lists every catalogue type of the sample org
// through the JavaScript SDK and checks the SDK's view of 401 and 429.
func TestSDKReadsSampleOrg(t *testing.T) {
	f := sampleWithoutFaults()
	rateLimit := &rateLimitFault{Type: "routing_skill", RetryAfter: 7, Times: 2}
	f.Faults = append(f.Faults, rateLimit.fault())
	baseURL := startSimulator(t, f, nil)

	result := runPeer(t, newPlan(t, f, baseURL, nil, rateLimit))
	if !result.OK || result.ExitCode != 0 {
		t.Fatalf("the SDK peer failed (exit status %d):\n%s\nstderr:\n%s", result.ExitCode, result.failureList(), result.Stderr)
	}

	for _, check := range []string{
		"login", "login rejects wrong secret", "401 without a token", "401 with an unknown token",
		"organization", "429 with Retry-After",
	} {
		if result.Checks[check] != "ok" {
			t.Errorf("check %q did not pass: %q", check, result.Checks[check])
		}
	}
	counts := servedCounts(t, f)
	for _, name := range catalog.Default().Names() {
		summary, ok := result.Types[name]
		if !ok {
			t.Errorf("%s: not listed by the peer", name)
			continue
		}
		want := counts[name]
		if summary.Listed != want {
			t.Errorf("%s: the SDK listed %d objects, the fixture has %d", name, summary.Listed, want)
		}
		if summary.List == "" {
			t.Errorf("%s: no SDK list method reported", name)
		}
		if want > 0 && summary.Requests == 0 {
			t.Errorf("%s: no request sent", name)
		}
	}
	checkUndeclared(t, result.Undeclared)
	for _, name := range catalog.Default().Names() {
		s := result.Types[name]
		methods := s.List
		if s.Get != "" {
			methods += " and " + s.Get
		}
		t.Logf("%s: %s: %d listed in %d requests, %d read by id", name, methods, s.Listed, s.Requests, s.Gets)
	}
	t.Logf("%s: %d types checked", result.SDK, len(result.Types))
}

// knownUndeclared lists, per type, the fields that the simulator sends and
// the SDK's models do not declare, as "Model.field". The contract tests
// list the same fields as known violations of the API description.
var knownUndeclared = map[string][]string{
	// A conversation custom attributes schema carries "type", which
	// ConversationJsonSchemaDocument lacks.
	"conversations_customattributes_schema": {"ConversationJsonSchemaDocument.type"},
}

// checkUndeclared fails on an undeclared field that knownUndeclared does
// not list, and on a listed one that no longer occurs, so the list only
// shrinks. The SDK itself passes such fields through without complaint.
func checkUndeclared(t *testing.T, undeclared map[string][]string) {
	t.Helper()
	for name, fields := range undeclared {
		for _, field := range fields {
			if !slices.Contains(knownUndeclared[name], field) {
				t.Errorf("%s: the simulator sends %s, which the SDK model does not declare", name, field)
			}
		}
	}
	for name, fields := range knownUndeclared {
		for _, field := range fields {
			if !slices.Contains(undeclared[name], field) {
				t.Errorf("%s: the known undeclared field %s no longer occurs: remove it from knownUndeclared", name, field)
			}
		}
	}
}

// rewriteResponses wraps a handler and lets edit change the status, headers
// and body of the responses to requests whose path matches.
func rewriteResponses(match func(path string) bool, edit func(status int, header http.Header, body []byte) (int, []byte)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r.URL.Path) {
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

func pathIs(want string) func(string) bool {
	return func(path string) bool { return path == want }
}

// editJSON decodes a JSON object body of a 200, lets change edit it and
// encodes it again. Other responses pass unchanged.
func editJSON(change func(fields map[string]any)) func(int, http.Header, []byte) (int, []byte) {
	return func(status int, _ http.Header, body []byte) (int, []byte) {
		var fields map[string]any
		if status != http.StatusOK || json.Unmarshal(body, &fields) != nil {
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

// editEntities applies change to every entity of a listing.
func editEntities(change func(entity map[string]any)) func(int, http.Header, []byte) (int, []byte) {
	return editJSON(func(fields map[string]any) {
		entities, _ := fields["entities"].([]any)
		for _, e := range entities {
			if entity, ok := e.(map[string]any); ok {
				change(entity)
			}
		}
	})
}

// TestPeerReportsBreakage breaks the simulator's responses on purpose and
// checks that the peer fails for that reason, and passes when the responses
// are left alone.
func TestPeerReportsBreakage(t *testing.T) {
	const skills = "/api/v2/routing/skills"
	const queues = "/api/v2/routing/queues"
	const teams = "/api/v2/teams"
	types := []string{"routing_skill", "routing_queue", "team"}

	for _, tc := range []struct {
		name      string
		wrap      func(http.Handler) http.Handler
		rateLimit *rateLimitFault
		// want is the check, the type and a part of the message of the
		// expected failure; an empty check expects none.
		want peerFailure
	}{
		{
			name:      "unchanged",
			rateLimit: &rateLimitFault{Type: "routing_skill", RetryAfter: 3, Times: 2},
		},
		{
			name: "entities renamed to items",
			wrap: rewriteResponses(pathIs(skills), editJSON(func(f map[string]any) {
				f["items"] = f["entities"]
				delete(f, "entities")
			})),
			want: peerFailure{Check: "list", Type: "routing_skill", Message: "the SDK returned no entities array"},
		},
		{
			name: "single page envelope",
			wrap: rewriteResponses(pathIs(queues), editJSON(func(f map[string]any) {
				f["pageCount"] = 1
				delete(f, "nextUri")
			})),
			want: peerFailure{Check: "count", Type: "routing_queue", Message: "the SDK listed 3 objects, the fixture has 25"},
		},
		{
			name:      "429 without Retry-After",
			rateLimit: &rateLimitFault{Type: "routing_skill", RetryAfter: 3, Times: 2},
			wrap: rewriteResponses(pathIs(skills), func(status int, header http.Header, body []byte) (int, []byte) {
				header.Del("Retry-After")
				return status, body
			}),
			want: peerFailure{Check: "429 with Retry-After", Type: "routing_skill", Message: "429 without a Retry-After header"},
		},
		{
			name: "entity name of the wrong type",
			wrap: rewriteResponses(pathIs(skills), editEntities(func(e map[string]any) {
				e["name"] = 42
			})),
			want: peerFailure{Check: "model", Type: "routing_skill", Message: "entities[0].name: number 42 where the SDK declares string"},
		},
		{
			name: "required field missing",
			wrap: rewriteResponses(func(path string) bool { return strings.HasPrefix(path, teams) }, editJSON(func(f map[string]any) {
				delete(f, "name")
				entities, _ := f["entities"].([]any)
				for _, e := range entities {
					delete(e.(map[string]any), "name")
				}
			})),
			want: peerFailure{Check: "model", Type: "team", Message: "entities[0]: required field name of Team is missing"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleWithoutFaults()
			if tc.rateLimit != nil {
				f.Faults = append(f.Faults, tc.rateLimit.fault())
			}
			baseURL := startSimulator(t, f, tc.wrap)
			result := runPeer(t, newPlan(t, f, baseURL, types, tc.rateLimit))

			if tc.want.Check == "" {
				if !result.OK || result.ExitCode != 0 {
					t.Fatalf("the peer failed on unchanged responses (exit status %d):\n%s\nstderr:\n%s",
						result.ExitCode, result.failureList(), result.Stderr)
				}
				return
			}
			if result.OK {
				t.Fatal("the peer reported success on broken responses")
			}
			if result.ExitCode != 1 {
				t.Errorf("exit status %d, want 1", result.ExitCode)
			}
			if !hasFailure(result.Failures, tc.want) {
				t.Errorf("no failure %s; got:\n%s", tc.want, result.failureList())
			}
		})
	}
}

func hasFailure(failures []peerFailure, want peerFailure) bool {
	for _, f := range failures {
		if f.Check == want.Check && f.Type == want.Type && strings.Contains(f.Message, want.Message) {
			return true
		}
	}
	return false
}
