package simulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func faultFixture(faults ...Fault) *Fixture {
	return &Fixture{
		Org: testOrg,
		Resources: map[string][]map[string]any{
			typeIntegration: objects("int", 3, nil),
			typeQueue:       objects("queue", 2, nil),
			typeFlow:        objects("flow", 2, nil),
		},
		Faults: faults,
	}
}

func TestConflictFaultTimes(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeIntegration, ID: "int-001", Status: 409, Times: 3}), Options{})
	for i := range 3 {
		resp := h.get("/api/v2/integrations/int-001")
		checkError(t, resp, http.StatusConflict, "general.conflict")
		if i == 0 && resp.header.Get("Retry-After") != "" {
			t.Errorf("a 409 carries Retry-After %q", resp.header.Get("Retry-After"))
		}
	}
	if resp := h.get("/api/v2/integrations/int-001"); resp.status != http.StatusOK {
		t.Errorf("fourth get: status %d, want 200", resp.status)
	}
	if resp := h.get("/api/v2/integrations/int-002"); resp.status != http.StatusOK {
		t.Errorf("other object: status %d, want 200", resp.status)
	}
	if resp := h.get("/api/v2/integrations"); resp.status != http.StatusOK {
		t.Errorf("list: status %d, want 200: an object fault applies to get-by-id only", resp.status)
	}
	if got := h.server.ObjectRequests(typeIntegration, "int-001"); got != 4 {
		t.Errorf("ObjectRequests %d, want 4 (3 faulted, 1 served)", got)
	}
	if got := h.server.ObjectRequests(typeIntegration, "int-002"); got != 1 {
		t.Errorf("ObjectRequests of the other object %d, want 1", got)
	}
	if got := h.server.TotalRequests(); got != 6 {
		t.Errorf("TotalRequests %d, want 6", got)
	}
}

func TestConflictFaultSeconds(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, faultFixture(Fault{Type: typeIntegration, ID: "int-000", Status: 409, Seconds: 90}),
		Options{Now: clock.Now})

	// The window starts at the first matching request, not at New.
	clock.Advance(10 * time.Minute)
	checkError(t, h.get("/api/v2/integrations/int-000"), http.StatusConflict, "general.conflict")
	clock.Advance(89 * time.Second)
	checkError(t, h.get("/api/v2/integrations/int-000"), http.StatusConflict, "general.conflict")
	clock.Advance(time.Second)
	if resp := h.get("/api/v2/integrations/int-000"); resp.status != http.StatusOK {
		t.Errorf("after 90 s: status %d, want 200", resp.status)
	}
}

func TestForbiddenTypeFault(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Status: 403}), Options{})
	for _, path := range []string{"/api/v2/routing/queues", "/api/v2/routing/queues/queue-000", "/api/v2/routing/queues?pageNumber=2"} {
		checkError(t, h.get(path), http.StatusForbidden, "not.authorized")
	}
	if resp := h.get("/api/v2/flows"); resp.status != http.StatusOK {
		t.Errorf("another type: status %d, want 200", resp.status)
	}
}

func TestServerErrorFaults(t *testing.T) {
	cases := []struct {
		status int
		code   string
	}{
		{status: 500, code: "internal.server.error"},
		{status: 502, code: "bad.gateway"},
		{status: 503, code: "service.unavailable"},
		{status: 504, code: "request.timeout"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			h := newHarness(t, faultFixture(Fault{Type: typeFlow, Status: tc.status, Times: 1}), Options{})
			checkError(t, h.get("/api/v2/flows"), tc.status, tc.code)
			if resp := h.get("/api/v2/flows"); resp.status != http.StatusOK {
				t.Errorf("second request: status %d, want 200", resp.status)
			}
		})
	}
}

func TestTooManyRequestsFault(t *testing.T) {
	cases := []struct {
		retryAfter int
		want       string
	}{
		{retryAfter: 7, want: "7"},
		{retryAfter: 0, want: "1"},
	}
	for _, tc := range cases {
		t.Run("retryAfter "+tc.want, func(t *testing.T) {
			h := newHarness(t, faultFixture(Fault{Type: typeFlow, Status: 429, RetryAfter: tc.retryAfter}), Options{})
			resp := h.get("/api/v2/flows")
			checkError(t, resp, http.StatusTooManyRequests, "too.many.requests.retry.after")
			if got := resp.header.Get("Retry-After"); got != tc.want {
				t.Errorf("Retry-After %q, want %q", got, tc.want)
			}
			wantMessage := fmt.Sprintf("Rate limit exceeded the maximum. Retry the request in [%s] seconds", tc.want)
			if resp.body["message"] != wantMessage {
				t.Errorf("message %q, want %q", resp.body["message"], wantMessage)
			}
			for name := range resp.header {
				if strings.HasPrefix(strings.ToLower(name), "inin-ratelimit") {
					t.Errorf("deprecated header %s sent", name)
				}
			}
		})
	}
}

func TestRateLimitWindow(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, faultFixture(Fault{RateLimit: &RateLimit{PerMinute: 3}}), Options{Now: clock.Now})
	for i := range 3 {
		if resp := h.get("/api/v2/flows"); resp.status != http.StatusOK {
			t.Fatalf("request %d: status %d, want 200", i+1, resp.status)
		}
		clock.Advance(10 * time.Second)
	}
	// 30 s into the window, so 30 s remain.
	resp := h.get("/api/v2/flows")
	checkError(t, resp, http.StatusTooManyRequests, "too.many.requests.retry.after")
	if got := resp.header.Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After %q, want 30", got)
	}

	clock.Advance(29*time.Second + 500*time.Millisecond)
	if got := h.get("/api/v2/flows").header.Get("Retry-After"); got != "1" {
		t.Errorf("half a second before the window ends: Retry-After %q, want 1", got)
	}

	other := h.issueToken()
	if resp := h.getWith("Bearer "+other, "/api/v2/flows"); resp.status != http.StatusOK {
		t.Errorf("another token: status %d, want 200: the budget is per token", resp.status)
	}

	clock.Advance(500 * time.Millisecond)
	if resp := h.get("/api/v2/flows"); resp.status != http.StatusOK {
		t.Errorf("new window: status %d, want 200", resp.status)
	}
}

func TestFaultOrder(t *testing.T) {
	// The first active fault responds, and only that fault counts the
	// request, so the type fault starts after the object fault is spent.
	h := newHarness(t, faultFixture(
		Fault{Type: typeIntegration, ID: "int-000", Status: 409, Times: 1},
		Fault{Type: typeIntegration, Status: 503, Times: 1},
	), Options{})
	checkError(t, h.get("/api/v2/integrations/int-000"), 409, "general.conflict")
	checkError(t, h.get("/api/v2/integrations/int-000"), 503, "service.unavailable")
	if resp := h.get("/api/v2/integrations/int-000"); resp.status != http.StatusOK {
		t.Errorf("third request: status %d, want 200", resp.status)
	}
}

func TestFaultsDoNotHideBadRequests(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Status: 503}), Options{})
	checkError(t, h.get("/api/v2/routing/queues?bogus=1"), 400, "bad.request")
	checkError(t, h.getWith("", "/api/v2/routing/queues"), 401, "authentication.required")
}
