package genesys

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// receivedRequest is what a test server saw of one request.
type receivedRequest struct {
	method, path, rawQuery string
	authorization          string
	contentType, accept    string
	body                   string
}

// recorder keeps the requests a handler saw.
type recorder struct {
	mu       sync.Mutex
	requests []receivedRequest
}

func (r *recorder) record(req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, receivedRequest{
		method: req.Method, path: req.URL.Path, rawQuery: req.URL.RawQuery,
		authorization: req.Header.Get("Authorization"),
		contentType:   req.Header.Get("Content-Type"), accept: req.Header.Get("Accept"),
		body: string(body),
	})
}

func (r *recorder) all() []receivedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receivedRequest(nil), r.requests...)
}

type exportBody struct {
	Flows []struct {
		Flow struct {
			ID string `json:"id"`
		} `json:"flow"`
	} `json:"flows"`
}

func TestPostSendsJSONBody(t *testing.T) {
	var seen recorder
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		seen.record(r)
		writeJSON(w, http.StatusOK, `{"id":"job-1","status":"Registered","totalFlows":1}`)
	})
	c := newTestClient(t, f)

	body := map[string]any{"flows": []any{map[string]any{"flow": map[string]any{"id": "flow-1"}}}}
	got, err := c.Post(context.Background(), "/api/v2/flows/export/jobs", nil, body)
	if err != nil {
		t.Fatalf("Post: %v", err)
	}
	if string(got) != `{"id":"job-1","status":"Registered","totalFlows":1}` {
		t.Errorf("Post returned %s", got)
	}
	requests := seen.all()
	if len(requests) != 1 {
		t.Fatalf("the API received %d requests, want 1", len(requests))
	}
	req := requests[0]
	if req.method != http.MethodPost || req.path != "/api/v2/flows/export/jobs" {
		t.Errorf("request %s %s, want POST /api/v2/flows/export/jobs", req.method, req.path)
	}
	if req.contentType != "application/json" {
		t.Errorf("Content-Type %q, want application/json", req.contentType)
	}
	if !strings.HasPrefix(req.authorization, "Bearer "+testTokenPrefix) {
		t.Errorf("Authorization %q, want the bearer token", req.authorization)
	}
	var decoded exportBody
	if err := json.Unmarshal([]byte(req.body), &decoded); err != nil {
		t.Fatalf("request body %q is not JSON: %v", req.body, err)
	}
	if len(decoded.Flows) != 1 || decoded.Flows[0].Flow.ID != "flow-1" {
		t.Errorf("request body %s, want one flow flow-1", req.body)
	}
	stats := c.Stats()
	if stats.Total != 1 || stats.ByStatus[200] != 1 {
		t.Errorf("Stats %+v, want one request with status 200", stats)
	}
}

func TestPostQueryAndRefreshAfter401(t *testing.T) {
	var seen recorder
	var calls atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		seen.record(r)
		if calls.Add(1) == 1 {
			writeJSON(w, http.StatusUnauthorized, `{"message":"Invalid login credentials.","code":"bad.credentials","status":401}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"ok":true}`)
	})
	c := newTestClient(t, f)

	_, err := c.Post(context.Background(), "/api/v2/x", url.Values{"expand": {"messages"}}, map[string]int{"n": 1})
	if err != nil {
		t.Fatalf("Post: %v", err)
	}
	requests := seen.all()
	if len(requests) != 2 {
		t.Fatalf("the API received %d requests, want 2", len(requests))
	}
	if requests[0].body != `{"n":1}` || requests[1].body != `{"n":1}` {
		t.Errorf("bodies %q and %q, want the same body twice", requests[0].body, requests[1].body)
	}
	if requests[1].rawQuery != "expand=messages" {
		t.Errorf("query %q, want expand=messages", requests[1].rawQuery)
	}
	if requests[0].authorization == requests[1].authorization {
		t.Error("the repeated request used the rejected token")
	}
	if n := f.tokenRequestCount(); n != 2 {
		t.Errorf("token requests %d, want 2", n)
	}
}

func TestPostRateLimitedIsRedacted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		writeJSON(w, http.StatusTooManyRequests, fmt.Sprintf(
			`{"message":"Rate limit exceeded for %s","code":"too.many.requests.retry.after","status":429}`, bearer(r)))
	})
	c := newTestClient(t, f)

	_, err := c.Post(context.Background(), "/api/v2/flows/export/jobs", nil, map[string]any{})
	apiErr := asError(t, err)
	if apiErr.Class != ClassRateLimited {
		t.Errorf("class %s, want RateLimited", apiErr.Class)
	}
	if apiErr.RetryAfter != 7*time.Second {
		t.Errorf("RetryAfter %s, want 7s", apiErr.RetryAfter)
	}
	if apiErr.Method != http.MethodPost {
		t.Errorf("method %q, want POST", apiErr.Method)
	}
	if !strings.Contains(err.Error(), "POST /api/v2/flows/export/jobs: 429") {
		t.Errorf("error %q does not name the request and status", err)
	}
	if found := leaks(err.Error()); len(found) > 0 {
		t.Errorf("error %q contains %v", err, found)
	}
}

func TestPostRejectsBadRequests(t *testing.T) {
	var calls atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, http.StatusOK, `{}`)
	})
	c := newTestClient(t, f)

	tests := []struct {
		name string
		path string
		body any
		want string
	}{
		{"absolute path", "http://127.0.0.1:1/api/v2/x", map[string]any{}, "relative"},
		{"body not JSON", "/api/v2/x", func() {}, "encode"},
		{"body over the limit", "/api/v2/x", strings.Repeat("x", maxRequestBodyBytes), "over the API's limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Post(context.Background(), tt.path, nil, tt.body)
			apiErr := asError(t, err)
			if apiErr.Class != ClassInvalid {
				t.Errorf("class %s, want Invalid", apiErr.Class)
			}
			if apiErr.Method != http.MethodPost {
				t.Errorf("method %q, want POST", apiErr.Method)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("the API received %d requests, want none", n)
	}
}

func TestDownloadSameHostSendsToken(t *testing.T) {
	var seen recorder
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		seen.record(r)
		// No Content-Type: a Get would insist on JSON, a download must not.
		w.Header()["Content-Type"] = nil
		io.WriteString(w, "inboundCall:\n  name: Main IVR\n")
	})
	c := newTestClient(t, f)

	got, err := c.Download(context.Background(), f.server.URL+"/downloads/job-1/flow.yaml?signature=abc#frag")
	if err != nil {
		t.Fatalf("Download: %v", err)
	}
	if string(got) != "inboundCall:\n  name: Main IVR\n" {
		t.Errorf("Download returned %q", got)
	}
	requests := seen.all()
	if len(requests) != 1 {
		t.Fatalf("the server received %d requests, want 1", len(requests))
	}
	if !strings.HasPrefix(requests[0].authorization, "Bearer "+testTokenPrefix) {
		t.Errorf("Authorization %q, want the bearer token on the API host", requests[0].authorization)
	}
	if requests[0].rawQuery != "signature=abc" {
		t.Errorf("query %q, want signature=abc", requests[0].rawQuery)
	}
	if requests[0].accept != "*/*" {
		t.Errorf("Accept %q, want */*", requests[0].accept)
	}
	if stats := c.Stats(); stats.Total != 1 || stats.ByStatus[200] != 1 {
		t.Errorf("Stats %+v, want one request with status 200", stats)
	}
}

func TestDownloadOtherHostOverHTTPRejected(t *testing.T) {
	var otherCalls atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherCalls.Add(1)
	}))
	t.Cleanup(other.Close)
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)

	otherURL, _ := url.Parse(other.URL)
	_, err := c.Download(context.Background(), other.URL+"/file.yaml?signature=abc")
	apiErr := asError(t, err)
	if apiErr.Class != ClassInvalid {
		t.Errorf("class %s, want Invalid", apiErr.Class)
	}
	if !strings.Contains(err.Error(), otherURL.Host) {
		t.Errorf("error %q does not name the host %s", err, otherURL.Host)
	}
	if strings.Contains(err.Error(), "signature=abc") {
		t.Errorf("error %q shows the URL's query", err)
	}
	if n := otherCalls.Load(); n != 0 {
		t.Errorf("the other host received %d requests, want none", n)
	}
	if n := f.tokenRequestCount(); n != 0 {
		t.Errorf("token requests %d, want none", n)
	}
}

func TestDownloadOtherHostOverHTTPSWithoutToken(t *testing.T) {
	var seen recorder
	store := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.record(r)
		w.Header().Set("Content-Type", "application/octet-stream")
		io.WriteString(w, "workflow:\n  name: Callback\n")
	}))
	t.Cleanup(store.Close)
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = store.Client() })

	got, err := c.Download(context.Background(), store.URL+"/bucket/export.yaml?X-Amz-Signature=sig")
	if err != nil {
		t.Fatalf("Download: %v", err)
	}
	if string(got) != "workflow:\n  name: Callback\n" {
		t.Errorf("Download returned %q", got)
	}
	requests := seen.all()
	if len(requests) != 1 {
		t.Fatalf("the store received %d requests, want 1", len(requests))
	}
	if requests[0].authorization != "" {
		t.Errorf("the store received Authorization %q, want none", requests[0].authorization)
	}
	if n := f.tokenRequestCount(); n != 0 {
		t.Errorf("token requests %d, want none for a presigned URL", n)
	}
}

func TestDownloadRedirectOffAPIHostRejected(t *testing.T) {
	var otherCalls atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherCalls.Add(1)
	}))
	t.Cleanup(other.Close)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
	})
	c := newTestClient(t, f)

	_, err := c.Download(context.Background(), f.server.URL+"/downloads/x.yaml")
	apiErr := asError(t, err)
	if apiErr.Class != ClassInvalid {
		t.Errorf("class %s, want Invalid", apiErr.Class)
	}
	otherURL, _ := url.Parse(other.URL)
	if !strings.Contains(err.Error(), otherURL.Host) {
		t.Errorf("error %q does not name the redirect host %s", err, otherURL.Host)
	}
	if n := otherCalls.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests, want none", n)
	}
}

func TestDownloadHTTPSRedirectToHTTPRejected(t *testing.T) {
	var plainCalls atomic.Int64
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainCalls.Add(1)
	}))
	t.Cleanup(plain.Close)
	store := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/file", http.StatusFound)
	}))
	t.Cleanup(store.Close)
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = store.Client() })

	_, err := c.Download(context.Background(), store.URL+"/file")
	if apiErr := asError(t, err); apiErr.Class != ClassInvalid {
		t.Errorf("class %s, want Invalid", apiErr.Class)
	}
	if n := plainCalls.Load(); n != 0 {
		t.Errorf("the http target received %d requests, want none", n)
	}
}

func TestDownloadErrorHidesQuery(t *testing.T) {
	store := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<Error><Code>AccessDenied</Code></Error>")
	}))
	t.Cleanup(store.Close)
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = store.Client() })

	_, err := c.Download(context.Background(), store.URL+"/bucket/x.yaml?X-Amz-Signature=topsecret")
	apiErr := asError(t, err)
	if apiErr.Class != ClassForbidden {
		t.Errorf("class %s, want Forbidden", apiErr.Class)
	}
	if apiErr.Path != store.URL+"/bucket/x.yaml" {
		t.Errorf("path %q, want the URL without its query", apiErr.Path)
	}
	if strings.Contains(err.Error(), "topsecret") {
		t.Errorf("error %q shows the URL's signature", err)
	}
}

func TestDownloadSizeCap(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "0123456789A")
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxBodyBytes = 10 })

	_, err := c.Download(context.Background(), f.server.URL+"/big")
	apiErr := asError(t, err)
	if apiErr.Class != ClassInvalid {
		t.Errorf("class %s, want Invalid", apiErr.Class)
	}
	if !strings.Contains(err.Error(), "over 10 bytes") {
		t.Errorf("error %q does not state the limit", err)
	}
}

func TestDownloadRejectsBadURLs(t *testing.T) {
	var calls atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	c := newTestClient(t, f)
	apiHost := strings.TrimPrefix(f.server.URL, "http://")

	tests := []struct {
		name, url, want string
	}{
		{"relative", "/downloads/x.yaml", "absolute"},
		{"ftp", "ftp://" + apiHost + "/x", "http or https"},
		{"no host", "https:///x", "no host"},
		{"user info", "http://user:pw@" + apiHost + "/x", "user name"},
		{"not a URL", "http://[::1", "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Download(context.Background(), tt.url)
			apiErr := asError(t, err)
			if apiErr.Class != ClassInvalid {
				t.Errorf("class %s, want Invalid", apiErr.Class)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw@") {
				t.Errorf("error %q shows the URL's password", err)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("the API received %d requests, want none", n)
	}
}
