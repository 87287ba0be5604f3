package genesys

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// nested returns a JSON value nested depth levels deep: [[[...]]].
func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

func TestOversizeBodyByContentLength(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"entities":[`+strings.Repeat(" ", 4096-15)+`]}`)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxBodyBytes = 1024 })

	_, err := c.Get(context.Background(), "/api/v2/flows", nil)
	e := asError(t, err)
	if e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
	if !strings.Contains(e.Error(), "over 1024 bytes") || !strings.Contains(e.Error(), "Content-Length is 4096") {
		t.Errorf("Error() = %q, want the limit and the Content-Length", e.Error())
	}
}

func TestOversizeChunkedBody(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		// Flushing before the end sends the body chunked, without a
		// Content-Length, so only reading finds out its size.
		fmt.Fprint(w, `{"entities":[`)
		w.(http.Flusher).Flush()
		fmt.Fprint(w, strings.Repeat(`"x",`, 1000)+`"x"]}`)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxBodyBytes = 1024 })

	_, err := c.GetUnpaged(context.Background(), "/api/v2/oauth/clients", nil)
	e := asError(t, err)
	if e.Class != ClassInvalid || !strings.Contains(e.Error(), "over 1024 bytes") {
		t.Errorf("error = %v (class %s), want Invalid over 1024 bytes", e, e.Class)
	}
}

func TestDefaultBodyLimit(t *testing.T) {
	c := newTestClient(t, newFake(t, okJSON(`{}`)))
	if c.maxBodyBytes != 64<<20 {
		t.Errorf("default MaxBodyBytes = %d, want 64 MiB", c.maxBodyBytes)
	}
	if c.maxJSONDepth != 1000 {
		t.Errorf("default MaxJSONDepth = %d, want 1000", c.maxJSONDepth)
	}
}

func TestBodyNestedTooDeep(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[`+nested(maxBodyDepth+5)+`]}`))
	c := newTestClient(t, f)

	_, err := c.GetPage(context.Background(), "/api/v2/routing/queues", nil, 1, 100)
	e := asError(t, err)
	if e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid: a retry gets the same body", e.Class)
	}
	if !strings.Contains(e.Error(), fmt.Sprintf("%d levels deep", maxBodyDepth+7)) {
		t.Errorf("Error() = %q, want the depth", e.Error())
	}
}

func TestMalformedBodies(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"cut short", `{"entities":[{"id":"a"},{"id":"b`, "ends after 32 bytes in the middle of a JSON value"},
		{"syntax error", `{"entities":[{"id" "a"}]}`, "invalid JSON at byte 20 of 25"},
		{"not JSON", `<html>proxy error</html>`, "invalid JSON at byte 1 of 24"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, newFake(t, okJSON(tc.body)))
			_, err := c.GetPage(context.Background(), "/api/v2/routing/queues", nil, 3, 100)
			e := asError(t, err)
			if e.Class != ClassTransient {
				t.Errorf("class = %s, want Transient", e.Class)
			}
			if !errors.Is(err, ErrMalformedBody) {
				t.Errorf("errors.Is(err, ErrMalformedBody) = false for %v", err)
			}
			if !strings.Contains(e.Error(), tc.want) {
				t.Errorf("Error() = %q, want %q", e.Error(), tc.want)
			}
			if !strings.Contains(e.Error(), "pageNumber=3") {
				t.Errorf("Error() = %q does not name the page", e.Error())
			}
		})
	}
}

func TestHostileListingFields(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"entities not an array", `{"entities":{"id":"a"},"pageCount":1}`, "field entities is a JSON object, not an array"},
		{"entities a string", `{"entities":"none"}`, "field entities is a JSON string, not an array"},
		{"pageCount a string", `{"entities":[],"pageCount":"3"}`, "field pageCount is a JSON string, not a number"},
		{"total negative", `{"entities":[],"total":-5,"pageSize":100}`, "field total is negative (-5)"},
		{"pageCount negative", `{"entities":[],"pageCount":-1}`, "field pageCount is negative (-1)"},
		{"pageCount over total", `{"entities":[],"total":31,"pageSize":25,"pageCount":2000000000}`, "is over the limit of 1000000 pages"},
		{"pageCount beyond total", `{"entities":[],"total":31,"pageSize":25,"pageCount":9}`, "pageCount 9 is more than total 31 at pageSize 25 allows (2)"},
		{"no entities", `{"total":3}`, "no entities array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, newFake(t, okJSON(tc.body)))
			_, err := c.GetPage(context.Background(), "/api/v2/routing/queues", nil, 2, 25)
			e := asError(t, err)
			if e.Class != ClassInvalid {
				t.Errorf("class = %s, want Invalid", e.Class)
			}
			if !strings.Contains(e.Error(), tc.want) {
				t.Errorf("Error() = %q, want %q", e.Error(), tc.want)
			}
		})
	}
}

func TestConsistentListingAccepted(t *testing.T) {
	body := `{"entities":[{"id":"a"}],"total":31,"pageSize":25,"pageNumber":2,"pageCount":2}`
	c := newTestClient(t, newFake(t, okJSON(body)))
	page, err := c.GetPage(context.Background(), "/api/v2/routing/queues", nil, 2, 25)
	if err != nil {
		t.Fatalf("GetPage: %v", err)
	}
	if page.PageCount != 2 || page.Total != 31 || len(page.Entities) != 1 {
		t.Errorf("page = %+v", page)
	}
}

func TestCheckObject(t *testing.T) {
	c := newTestClient(t, newFake(t, okJSON(`{}`)), func(cfg *Config) { cfg.MaxJSONDepth = 50 })
	cases := []struct {
		name string
		raw  []byte
		want string // "" for an object that passes
	}{
		{"plain", []byte(`{"id":"a","name":"Sales ü ☎"}`), ""},
		{"at the depth limit", []byte(`{"id":"a","x":` + nested(49) + `}`), ""},
		{"over the depth limit", []byte(`{"id":"a","x":` + nested(5000) + `}`), "5001 levels deep, over the limit of 50"},
		{"brackets in strings", []byte(`{"id":"a","x":"` + strings.Repeat("[", 500) + `"}`), ""},
		{"invalid UTF-8", []byte("{\"id\":\"a\",\"name\":\"Sal\xffes\"}"), "invalid UTF-8 at byte 21 of 26"},
		{"cut UTF-8 sequence", []byte("{\"id\":\"a\",\"name\":\"\xe2\x82\"}"), "invalid UTF-8 at byte 18"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckObject(tc.raw)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CheckObject = %v, want nil", err)
			case tc.want != "" && err == nil:
				t.Errorf("CheckObject = nil, want %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("CheckObject = %q, want %q", err, tc.want)
			}
		})
	}
}

func TestRequestTimeoutIsNamed(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		writeJSON(w, http.StatusOK, `{}`)
	})
	t.Cleanup(func() { close(release) })
	c := newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })

	_, err := c.Get(context.Background(), "/api/v2/flows", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient", e.Class)
	}
	if !strings.Contains(e.Error(), "timed out after 200ms") {
		t.Errorf("Error() = %q, want the time-out named", e.Error())
	}
}

func TestRetryAfterScaled(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "300")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"Rate limit exceeded","code":"too.many.requests.retry.after","status":429}`)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.TimeScale = 0.01 })

	_, err := c.Get(context.Background(), "/api/v2/flows", nil)
	e := asError(t, err)
	if e.Class != ClassRateLimited {
		t.Errorf("class = %s, want RateLimited", e.Class)
	}
	if e.RetryAfter != 3*time.Second {
		t.Errorf("RetryAfter = %s, want 300 s scaled by 0.01 = 3s", e.RetryAfter)
	}
}

func TestConfigRejectsBadLimits(t *testing.T) {
	for _, change := range []func(*Config){
		func(cfg *Config) { cfg.TimeScale = -1 },
		func(cfg *Config) { cfg.MaxJSONDepth = -1 },
	} {
		cfg := Config{ClientID: testClientID, ClientSecret: testClientSecret, APIBaseURL: "http://127.0.0.1:1"}
		change(&cfg)
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("NewClient(%v) accepted TimeScale %v, MaxJSONDepth %d", cfg, cfg.TimeScale, cfg.MaxJSONDepth)
		}
	}
}

// hijackAndReset hijacks the request's connection, writes head (which may
// be empty) and closes the connection with a TCP reset.
func hijackAndReset(t *testing.T, w http.ResponseWriter, head string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if head != "" {
		buf.WriteString(head)
		buf.Flush()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

func TestConnectionResets(t *testing.T) {
	cases := []struct {
		name, head, want string
	}{
		{"before the response", "", ""},
		{"mid-body", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"entities\":[{\"id\":", "cannot read the response body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) { hijackAndReset(t, w, tc.head) })
			c := newTestClient(t, f)
			_, err := c.GetPage(context.Background(), "/api/v2/routing/queues", nil, 1, 100)
			e := asError(t, err)
			if e.Class != ClassTransient {
				t.Errorf("class = %s, want Transient (%v)", e.Class, e)
			}
			if !strings.Contains(e.Error(), tc.want) {
				t.Errorf("Error() = %q, want %q", e.Error(), tc.want)
			}
		})
	}
}
