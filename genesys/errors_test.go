package genesys

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestStatusClassification(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter string
		want       Class
		wantWait   time.Duration
	}{
		{409, "", ClassConflict, 0},
		{429, "42", ClassRateLimited, 42 * time.Second},
		{429, "", ClassRateLimited, 0},
		{500, "", ClassTransient, 0},
		{501, "", ClassTransient, 0},
		{502, "", ClassTransient, 0},
		{503, "5", ClassTransient, 5 * time.Second},
		{504, "", ClassTransient, 0},
		{408, "", ClassTransient, 0},
		{403, "", ClassForbidden, 0},
		{404, "", ClassGone, 0},
		{410, "", ClassGone, 0},
		{400, "", ClassInvalid, 0},
		{405, "", ClassInvalid, 0},
		{413, "", ClassInvalid, 0},
		{415, "", ClassInvalid, 0},
		{422, "", ClassInvalid, 0},
		{401, "", ClassAuth, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				writeJSON(w, tt.status, fmt.Sprintf(
					`{"message":"status %d","code":"code.%d","status":%d,"contextId":"ctx-%d","details":[],"errors":[]}`,
					tt.status, tt.status, tt.status, tt.status))
			})
			c := newTestClient(t, f)

			_, err := c.Get(context.Background(), "/api/v2/routing/queues", nil)
			e := asError(t, err)
			if e.Class != tt.want {
				t.Errorf("class = %s, want %s", e.Class, tt.want)
			}
			if ClassOf(err) != tt.want {
				t.Errorf("ClassOf = %s, want %s", ClassOf(err), tt.want)
			}
			if ClassOf(fmt.Errorf("wrapped: %w", err)) != tt.want {
				t.Errorf("ClassOf of a wrapped error = %s", ClassOf(fmt.Errorf("wrapped: %w", err)))
			}
			if e.Status != tt.status {
				t.Errorf("Status = %d", e.Status)
			}
			if e.RetryAfter != tt.wantWait {
				t.Errorf("RetryAfter = %s, want %s", e.RetryAfter, tt.wantWait)
			}
			if e.Code != fmt.Sprintf("code.%d", tt.status) {
				t.Errorf("Code = %q", e.Code)
			}
			if e.Message != fmt.Sprintf("status %d", tt.status) {
				t.Errorf("Message = %q", e.Message)
			}
			if e.ContextID != fmt.Sprintf("ctx-%d", tt.status) {
				t.Errorf("ContextID = %q", e.ContextID)
			}
			if e.Method != http.MethodGet || e.Path != "/api/v2/routing/queues" {
				t.Errorf("Method, Path = %s %s", e.Method, e.Path)
			}
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	when := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", when)
		writeJSON(w, http.StatusTooManyRequests, `{"code":"too.many.requests.retry.after","status":429}`)
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/flows", nil)
	e := asError(t, err)
	if e.Class != ClassRateLimited {
		t.Errorf("class = %s, want RateLimited", e.Class)
	}
	if e.RetryAfter < 88*time.Second || e.RetryAfter > 91*time.Second {
		t.Errorf("RetryAfter = %s, want about 90s", e.RetryAfter)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"42", 42 * time.Second},
		{" 3 ", 3 * time.Second},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"3600", time.Hour},
		{now.Add(2 * time.Minute).Format(http.TimeFormat), 2 * time.Minute},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Fri, 01 May 2026 12:00:30 GMT", 30 * time.Second},
		{"99999999999999999999", 0},
		{"9999999999999", time.Duration(maxRetryAfterSeconds) * time.Second},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.value, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.value, got, tt.want)
		}
	}
}

func TestErrorString(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusConflict,
			`{"message":"The version supplied does not match the current version of the user","code":"general.conflict","status":409,"contextId":"3f2a"}`)
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", url.Values{
		"pageNumber": {"2"}, "state": {"inactive"}, "expand": {"skills"},
	})
	want := "genesys: GET /api/v2/users?pageNumber=2: 409 general.conflict: " +
		"The version supplied does not match the current version of the user (contextId 3f2a)"
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
}

func TestErrorStringWithoutBody(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ININ-Correlation-Id", "hdr-1")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html>bad gateway</html>")
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/flows", url.Values{"pageSize": {"100"}, "pageNumber": {"1"}})
	want := "genesys: GET /api/v2/flows?pageNumber=1&pageSize=100: 502: Bad Gateway (contextId hdr-1)"
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
	if ClassOf(err) != ClassTransient {
		t.Errorf("class = %s, want Transient", ClassOf(err))
	}
}

func TestErrorPathKeepsOnlyPagingParams(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, `{}`) })
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/integrations/credentials/listing?after=abc&name=secretish",
		url.Values{"pageSize": {"200"}, "divisionId": {"d1"}})
	e := asError(t, err)
	if e.Path != "/api/v2/integrations/credentials/listing?after=abc&pageSize=200" {
		t.Errorf("Path = %q", e.Path)
	}
	for _, hidden := range []string{"secretish", "divisionId", "d1"} {
		if strings.Contains(e.Error(), hidden) {
			t.Errorf("Error() %q contains the non-paging parameter %q", e.Error(), hidden)
		}
	}
}

func TestClassOf(t *testing.T) {
	var netErr net.Error = &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}
	tests := []struct {
		err  error
		want Class
	}{
		{nil, ""},
		{errors.New("other"), ""},
		{context.Canceled, ""},
		{context.DeadlineExceeded, ClassTransient},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), ClassTransient},
		{netErr, ClassTransient},
		{&Error{Class: ClassGone}, ClassGone},
		{fmt.Errorf("activity: %w", &Error{Class: ClassForbidden}), ClassForbidden},
	}
	for _, tt := range tests {
		if got := ClassOf(tt.err); got != tt.want {
			t.Errorf("ClassOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// resetConnection resets the TCP connection (SO_LINGER 0) instead of
// writing a response.
func resetConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

func TestTransportResetIsTransient(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { resetConnection(t, w) })
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient (%v)", e.Class, e)
	}
	if e.Status != 0 || e.Err == nil {
		t.Errorf("error = %+v, want status 0 and a cause", e)
	}
	if strings.Contains(e.Error(), "127.0.0.1:") && strings.Contains(e.Error(), "http://") {
		t.Errorf("Error() %q repeats the request URL", e.Error())
	}
	if s := c.Stats(); s.ByStatus[0] != 1 {
		t.Errorf("Stats().ByStatus[0] = %d, want 1", s.ByStatus[0])
	}
}

func TestTruncatedBodyIsTransient(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"entities":[{"id":"a"},`)
		http.NewResponseController(w).Flush()
		resetConnection(t, w)
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient (%v)", e.Class, e)
	}
	if e.Status != 200 {
		t.Errorf("Status = %d, want 200", e.Status)
	}
}

func TestInvalidJSONBodyIsTransient(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[{"id":"a"},`))
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient (%v)", e.Class, e)
	}
	if !strings.Contains(e.Error(), "not valid JSON") {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestNonJSONContentTypeIsNotChecked(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		io.WriteString(w, "a,b\n1,2\n")
	})
	c := newTestClient(t, f)

	body, err := c.Get(context.Background(), "/api/v2/export.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "a,b\n1,2\n" {
		t.Errorf("body = %q", body)
	}
}

func TestBodyOverLimit(t *testing.T) {
	f := newFake(t, okJSON(`["`+strings.Repeat("x", 2048)+`"]`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxBodyBytes = 1024 })

	_, err := c.Get(context.Background(), "/api/v2/flows", nil)
	e := asError(t, err)
	if e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
	if !strings.Contains(e.Error(), "response body over 1024 bytes") {
		t.Errorf("Error() = %q", e.Error())
	}

	exact := newFake(t, okJSON(`"`+strings.Repeat("x", 1022)+`"`))
	c = newTestClient(t, exact, func(cfg *Config) { cfg.MaxBodyBytes = 1024 })
	if _, err := c.Get(context.Background(), "/api/v2/flows", nil); err != nil {
		t.Errorf("a body of exactly the limit failed: %v", err)
	}
}

func TestErrorBodyReadIsCapped(t *testing.T) {
	huge := `{"message":"` + strings.Repeat("m", 1<<20) + `","code":"x"}`
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, huge) })
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s", e.Class)
	}
	if len(e.Error()) > 200 {
		t.Errorf("Error() is %d bytes: the error body was not capped", len(e.Error()))
	}
}

func TestRequestTimeoutIsTransient(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })

	started := time.Now()
	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Errorf("Get took %s with a 100ms timeout", elapsed)
	}
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient", e.Class)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			t.Errorf("error %v is neither a deadline nor a timeout", err)
		}
	}
}
