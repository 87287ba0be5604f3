package genesys

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestTokenRequestShape(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)
	if _, err := c.Get(context.Background(), "/api/v2/users/me", nil); err != nil {
		t.Fatal(err)
	}

	got := f.lastTokenRequest(t)
	if got.Method != http.MethodPost {
		t.Errorf("method = %s, want POST", got.Method)
	}
	if got.Path != "/oauth/token" {
		t.Errorf("path = %s, want /oauth/token", got.Path)
	}
	if !got.BasicOK || got.User != testClientID || got.Password != testClientSecret {
		t.Errorf("Basic credentials = %q:%q (ok %v)", got.User, got.Password, got.BasicOK)
	}
	if got.ContentType != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", got.ContentType)
	}
	if got.Body != "grant_type=client_credentials" {
		t.Errorf("body = %q, want only grant_type=client_credentials", got.Body)
	}
}

func TestTokenSharedByConcurrentCalls(t *testing.T) {
	var tokensSeen sync.Map
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		tokensSeen.Store(bearer(r), true)
		writeJSON(w, http.StatusOK, `{}`)
	})
	release := make(chan struct{})
	f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
		<-release // hold the exchange so every caller queues behind it
		writeJSON(w, http.StatusOK, `{"access_token":"`+testTokenPrefix+`shared","token_type":"bearer","expires_in":3600}`)
	}
	c := newTestClient(t, f)

	const callers = 20
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Get(context.Background(), "/api/v2/routing/queues", nil)
			errs <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Errorf("Get: %v", err)
		}
	}
	if n := f.tokenRequestCount(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	count := 0
	tokensSeen.Range(func(key, _ any) bool {
		count++
		if key != testTokenPrefix+"shared" {
			t.Errorf("API saw token %q", key)
		}
		return true
	})
	if count != 1 {
		t.Errorf("API saw %d distinct tokens, want 1", count)
	}
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	f.expiresIn = 3600
	c := newTestClient(t, f)
	var offset atomic.Int64
	c.tokens.now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	ctx := context.Background()

	get := func() {
		t.Helper()
		if _, err := c.Get(ctx, "/api/v2/users", nil); err != nil {
			t.Fatal(err)
		}
	}
	get()
	offset.Store(int64(3600*time.Second - 90*time.Second)) // 90 s before expiry
	get()
	if n := f.tokenRequestCount(); n != 1 {
		t.Fatalf("token requests = %d 90 s before expiry, want 1", n)
	}
	offset.Store(int64(3600*time.Second - 30*time.Second)) // inside the 60 s margin
	get()
	if n := f.tokenRequestCount(); n != 2 {
		t.Errorf("token requests = %d 30 s before expiry, want 2", n)
	}
}

func TestUnauthorizedRefreshesOnce(t *testing.T) {
	var apiTokens []string
	var mu sync.Mutex
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		apiTokens = append(apiTokens, bearer(r))
		mu.Unlock()
		if bearer(r) == testTokenPrefix+"1" {
			writeJSON(w, http.StatusUnauthorized, `{"message":"Invalid login credentials.","code":"bad.credentials","status":401}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"id":"x"}`)
	})
	c := newTestClient(t, f)

	body, err := c.Get(context.Background(), "/api/v2/users/x", nil)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if string(body) != `{"id":"x"}` {
		t.Errorf("body = %s", body)
	}
	if n := f.tokenRequestCount(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
	want := []string{testTokenPrefix + "1", testTokenPrefix + "2"}
	if fmt.Sprint(apiTokens) != fmt.Sprint(want) {
		t.Errorf("API requests used tokens %v, want %v", apiTokens, want)
	}
	stats := c.Stats()
	if stats.ByStatus[401] != 1 || stats.ByStatus[200] != 1 {
		t.Errorf("Stats() = %+v", stats)
	}
}

func TestUnauthorizedTwiceIsAuth(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ININ-Correlation-Id", "corr-1")
		writeJSON(w, http.StatusUnauthorized, `{"message":"Invalid login credentials.","code":"bad.credentials","status":401}`)
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassAuth {
		t.Errorf("class = %s, want Auth", e.Class)
	}
	if e.Status != 401 || e.Code != "bad.credentials" || e.ContextID != "corr-1" {
		t.Errorf("error = %+v", e)
	}
	if n := f.tokenRequestCount(); n != 2 {
		t.Errorf("token requests = %d, want 2 (one refresh)", n)
	}
	if s := c.Stats(); s.Total != 2 {
		t.Errorf("API requests = %d, want 2", s.Total)
	}
}

func TestTokenRateLimited(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest,
			`{"error":"invalid_request","description":"rate limit exceeded; try again later","error_description":"rate limit exceeded; try again later"}`)
	}
	c := newTestClient(t, f, func(cfg *Config) { cfg.TimeScale = 0.001 })

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassRateLimited {
		t.Errorf("class = %s, want RateLimited", e.Class)
	}
	if e.Status != 400 || e.Code != "invalid_request" || e.Method != http.MethodPost || e.Path != "/oauth/token" {
		t.Errorf("error = %+v", e)
	}
	want := "genesys: POST /oauth/token: 400 invalid_request: rate limit exceeded; try again later"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	if s := c.Stats(); s.Total != 0 {
		t.Errorf("Stats().Total = %d, want 0: token requests are not API requests", s.Total)
	}
}

func TestTokenErrorClasses(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		retryAfter string
		want       Class
		wantWait   time.Duration
	}{
		{"invalid client 401", 401, `{"error":"invalid_client","error_description":"bad credentials"}`, "", ClassAuth, 0},
		{"invalid client 400", 400, `{"error":"invalid_client"}`, "", ClassAuth, 0},
		{"unauthorized client", 400, `{"error":"unauthorized_client"}`, "", ClassAuth, 0},
		{"forbidden", 403, `{}`, "", ClassAuth, 0},
		{"unsupported grant", 400, `{"error":"unsupported_grant_type"}`, "", ClassInvalid, 0},
		{"too many requests", 429, `{}`, "7", ClassRateLimited, 7 * time.Second},
		{"rate limit 400", 400, `{"error":"invalid_request","error_description":"Rate limit exceeded; retry later"}`, "3", ClassRateLimited, 3 * time.Second},
		{"server error", 500, `{"error":"server_error"}`, "", ClassTransient, 0},
		{"unavailable", 503, `<html>down</html>`, "", ClassTransient, 0},
		{"gateway timeout", 504, ``, "", ClassTransient, 0},
		{"truncated 200", 200, `{"access_token":"x`, "", ClassTransient, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, okJSON(`{}`))
			f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				writeJSON(w, tt.status, tt.body)
			}
			const timeScale = 0.001
			c := newTestClient(t, f, func(cfg *Config) { cfg.TimeScale = timeScale })
			_, err := c.Get(context.Background(), "/api/v2/users", nil)
			e := asError(t, err)
			if e.Class != tt.want {
				t.Errorf("class = %s, want %s (%v)", e.Class, tt.want, e)
			}
			// A throttled fetch tries tokenTries times, each wait twice
			// the last, and returns the next wait, which is never shorter
			// than the Retry-After the endpoint sent.
			wantTries, wantWait := 1, tt.wantWait
			if tt.want == ClassRateLimited {
				wantTries = tokenTries
				wantWait = scale(tt.wantWait, timeScale) << (tokenTries - 1)
			}
			if e.RetryAfter != wantWait {
				t.Errorf("RetryAfter = %s, want %s", e.RetryAfter, wantWait)
			}
			if got := f.tokenRequestCount(); got != wantTries {
				t.Errorf("token requests = %d, want %d", got, wantTries)
			}
			if e.Path != "/oauth/token" {
				t.Errorf("Path = %q, want /oauth/token", e.Path)
			}
			if s := c.Stats(); s.Total != 0 {
				t.Errorf("API requests = %d after a failed token request", s.Total)
			}
		})
	}
}

func TestTokenTransportErrorIsTransient(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)
	f.server.Close()

	_, err := c.Get(context.Background(), "/api/v2/users", nil)
	e := asError(t, err)
	if e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient (%v)", e.Class, e)
	}
	if e.Status != 0 || e.Err == nil {
		t.Errorf("error = %+v, want status 0 and a cause", e)
	}
}

func TestTokenWaitHonoursContext(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	release := make(chan struct{})
	f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeJSON(w, http.StatusOK, `{"access_token":"`+testTokenPrefix+`late","expires_in":3600}`)
	}
	c := newTestClient(t, f)

	patient := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "/api/v2/users", nil)
		patient <- err
	}()
	time.Sleep(20 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	started := time.Now()
	_, err := c.Get(ctx, "/api/v2/users", nil)
	if elapsed := time.Since(started); elapsed > time.Second {
		t.Errorf("impatient caller waited %s", elapsed)
	}
	e := asError(t, err)
	if e.Class != ClassTransient || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("impatient caller got %v (class %s), want a Transient deadline", err, e.Class)
	}

	close(release)
	if err := <-patient; err != nil {
		t.Errorf("patient caller: %v", err)
	}
	if n := f.tokenRequestCount(); n != 1 {
		t.Errorf("token requests = %d, want 1: the exchange must survive a caller giving up", n)
	}
}

func TestTokenExchangeCancelledWhenAllWaitersLeave(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	exchangeDone := make(chan error, 1)
	f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			exchangeDone <- r.Context().Err()
		case <-time.After(5 * time.Second):
			exchangeDone <- nil
		}
	}
	c := newTestClient(t, f)

	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := c.Get(ctx, "/api/v2/users", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Get error = %v, want context.Canceled", err)
	}
	select {
	case got := <-exchangeDone:
		if got == nil {
			t.Error("the token exchange ran to its end although no caller waited")
		}
	case <-time.After(3 * time.Second):
		t.Error("the token exchange was not cancelled")
	}
}

func TestTokenCancelledContextSendsNothing(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := c.Get(ctx, "/api/v2/users", url.Values{})
	if ClassOf(err) != ClassTransient || !errors.Is(err, context.Canceled) {
		t.Errorf("Get error = %v, want a Transient context.Canceled", err)
	}
	if n := f.tokenRequestCount(); n != 0 {
		t.Errorf("token requests = %d, want 0", n)
	}
}

func TestTokenThrottleBacksOff(t *testing.T) {
	f := newFake(t, okJSON(`{"id":"org"}`))
	var mu sync.Mutex
	var times []time.Time
	f.tokenHandler = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n <= 2 {
			writeJSON(w, http.StatusBadRequest,
				`{"error":"invalid_request","description":"rate limit exceeded; try again later","error_description":"rate limit exceeded; try again later"}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"access_token":"`+testTokenPrefix+`after-throttle","token_type":"bearer","expires_in":86399}`)
	}
	const timeScale = 0.05
	c := newTestClient(t, f, func(cfg *Config) { cfg.TimeScale = timeScale })

	body, err := c.Get(context.Background(), "/api/v2/organizations/me", nil)
	if err != nil {
		t.Fatalf("Get after a throttled token endpoint: %v", err)
	}
	if string(body) != `{"id":"org"}` {
		t.Errorf("body = %s", body)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 3 {
		t.Fatalf("token requests = %d, want 3 (two throttled, one granted)", len(times))
	}
	for i, want := range []time.Duration{scale(tokenBackoff, timeScale), scale(2*tokenBackoff, timeScale)} {
		if gap := times[i+1].Sub(times[i]); gap < want {
			t.Errorf("wait before token request %d = %s, want at least %s", i+2, gap, want)
		}
	}
}
