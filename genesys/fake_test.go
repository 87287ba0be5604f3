package genesys

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const (
	testClientID     = "test-client-id"
	testClientSecret = "Sup3r-Secret_Value.x9"
	// Every token the fake issues starts with this, so tests can look for
	// any of them in output.
	testTokenPrefix = "fake-bearer-token-"
)

// tokenRequest is what the fake's token endpoint received.
type tokenRequest struct {
	Method        string
	Path          string
	Authorization string
	ContentType   string
	UserAgent     string
	Body          string
	User          string
	Password      string
	BasicOK       bool
}

// fakeGenesys serves a token endpoint and an API handler on one loopback
// httptest server, as the simulator does.
type fakeGenesys struct {
	server *httptest.Server

	// expiresIn is the token lifetime in seconds the fake issues.
	expiresIn int
	// tokenHandler, when set, replaces the token endpoint's default response.
	tokenHandler http.HandlerFunc
	// api serves every path other than /oauth/token.
	api http.HandlerFunc

	issued atomic.Int64

	mu            sync.Mutex
	tokenRequests []tokenRequest
}

func newFake(t *testing.T, api http.HandlerFunc) *fakeGenesys {
	t.Helper()
	f := &fakeGenesys{expiresIn: 86399, api: api}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeGenesys) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/oauth/token" {
		f.api(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	user, password, ok := r.BasicAuth()
	f.mu.Lock()
	f.tokenRequests = append(f.tokenRequests, tokenRequest{
		Method:        r.Method,
		Path:          r.URL.Path,
		Authorization: r.Header.Get("Authorization"),
		ContentType:   r.Header.Get("Content-Type"),
		UserAgent:     r.Header.Get("User-Agent"),
		Body:          string(body),
		User:          user,
		Password:      password,
		BasicOK:       ok,
	})
	f.mu.Unlock()

	if f.tokenHandler != nil {
		f.tokenHandler(w, r)
		return
	}
	n := f.issued.Add(1)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":"%s%d","token_type":"bearer","expires_in":%d}`, testTokenPrefix, n, f.expiresIn)
}

func (f *fakeGenesys) tokenRequestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.tokenRequests)
}

func (f *fakeGenesys) lastTokenRequest(t *testing.T) tokenRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.tokenRequests) == 0 {
		t.Fatal("the token endpoint received no request")
	}
	return f.tokenRequests[len(f.tokenRequests)-1]
}

// bearer returns the token of an API request.
func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// newTestClient builds a Client against f with cfgChanges applied.
func newTestClient(t *testing.T, f *fakeGenesys, cfgChanges ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{ClientID: testClientID, ClientSecret: testClientSecret, APIBaseURL: f.server.URL}
	for _, change := range cfgChanges {
		change(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// writeJSON writes status and body as application/json.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func okJSON(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, body) }
}

// asError fails the test unless err is a *Error.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got nil")
	}
	apiErr, ok := err.(*Error)
	if !ok {
		t.Fatalf("expected *genesys.Error, got %T: %v", err, err)
	}
	return apiErr
}
