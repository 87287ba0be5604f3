package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testOrg is a fixture org for tests.
var testOrg = Org{ID: "org-1", Name: "Test Org", Region: "mypurecloud.com"}

// objects returns n objects of a type with ids "<prefix>-000".. in order.
func objects(prefix string, n int, extra func(i int, obj map[string]any)) []map[string]any {
	out := make([]map[string]any, n)
	for i := range n {
		obj := map[string]any{"id": fmt.Sprintf("%s-%03d", prefix, i), "name": fmt.Sprintf("%s %d", prefix, i)}
		if extra != nil {
			extra(i, obj)
		}
		out[i] = obj
	}
	return out
}

// harness is a running server with one issued token.
type harness struct {
	t      *testing.T
	server *Server
	url    string
	token  string
}

func newHarness(t *testing.T, f *Fixture, opts Options) *harness {
	t.Helper()
	s, err := New(f, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	h := &harness{t: t, server: s, url: ts.URL}
	h.token = h.issueToken()
	return h
}

func (h *harness) issueToken() string {
	h.t.Helper()
	resp := h.postToken("id", "secret", "grant_type=client_credentials")
	if resp.status != http.StatusOK {
		h.t.Fatalf("token request: status %d, body %s", resp.status, resp.raw)
	}
	token, _ := resp.body["access_token"].(string)
	return token
}

// response is a decoded HTTP response.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (h *harness) postToken(clientID, secret, form string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.url+"/oauth/token", strings.NewReader(form))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if clientID != "" || secret != "" {
		req.SetBasicAuth(clientID, secret)
	}
	return h.do(req)
}

// get requests path (with its query) using the harness token.
func (h *harness) get(path string) response {
	h.t.Helper()
	return h.getWith("Bearer "+h.token, path)
}

func (h *harness) getWith(authorization, path string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return h.do(req)
}

func (h *harness) do(req *http.Request) response {
	h.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("read body: %v", err)
	}
	out := response{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out.body); err != nil {
			h.t.Fatalf("%s %s: body is not a JSON object: %v: %s", req.Method, req.URL, err, data)
		}
	}
	return out
}

// entities returns the entities of a listing.
func (r response) entities() []map[string]any {
	list, _ := r.body["entities"].([]any)
	out := make([]map[string]any, len(list))
	for i, e := range list {
		out[i], _ = e.(map[string]any)
	}
	return out
}

func (r response) ids() []string {
	var ids []string
	for _, e := range r.entities() {
		ids = append(ids, e["id"].(string))
	}
	return ids
}

// number returns a numeric body field as an int, or -1 when it is absent.
func (r response) number(key string) int {
	v, ok := r.body[key].(float64)
	if !ok {
		return -1
	}
	return int(v)
}

// checkError asserts an ErrorBody with the status and code, a contextId
// equal to the correlation header, and empty details and errors.
func checkError(t *testing.T, r response, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
	if got := r.body["code"]; got != code {
		t.Errorf("code %v, want %s", got, code)
	}
	if got := r.number("status"); got != status {
		t.Errorf("body status %d, want %d", got, status)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	contextID, _ := r.body["contextId"].(string)
	if contextID == "" || contextID != r.header.Get("ININ-Correlation-Id") {
		t.Errorf("contextId %q and ININ-Correlation-Id %q differ or are empty",
			contextID, r.header.Get("ININ-Correlation-Id"))
	}
	if details, ok := r.body["details"].([]any); !ok || len(details) != 0 {
		t.Errorf("details %v, want []", r.body["details"])
	}
	if errs, ok := r.body["errors"].([]any); !ok || len(errs) != 0 {
		t.Errorf("errors %v, want []", r.body["errors"])
	}
}

func queryOf(t *testing.T, uri string) url.Values {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatalf("parse %q: %v", uri, err)
	}
	return u.Query()
}
