package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// rawGet requests path with the harness token on a new connection and
// returns the status and the body as sent, or the transport or body read
// error. A new connection keeps net/http from repeating a request whose
// reused connection was reset.
func (h *harness) rawGet(path string) (int, []byte, error) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

func TestPageFaultSelectsOnePage(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Page: 2, Status: 409, Times: 1}), Options{})
	if resp := h.get("/api/v2/routing/queues?pageSize=1&pageNumber=1"); resp.status != http.StatusOK {
		t.Errorf("page 1: status %d, want 200", resp.status)
	}
	checkError(t, h.get("/api/v2/routing/queues?pageSize=1&pageNumber=2"), http.StatusConflict, "general.conflict")
	if resp := h.get("/api/v2/routing/queues?pageSize=1&pageNumber=2"); resp.status != http.StatusOK {
		t.Errorf("page 2 again: status %d, want 200", resp.status)
	}
	if resp := h.get("/api/v2/routing/queues/queue-000"); resp.status != http.StatusOK {
		t.Errorf("get-by-id: status %d, want 200: a page fault applies to its list page only", resp.status)
	}
	if got := h.server.FaultUses(); len(got) != 1 || got[0] != 1 {
		t.Errorf("FaultUses = %v, want [1]", got)
	}
}

func TestRetryGapsMeasuredWithTimeScale(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Status: 429, RetryAfter: 300, Times: 2}),
		Options{Now: clock.Now, TimeScale: 0.01})

	resp := h.get("/api/v2/routing/queues")
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") != "300" {
		t.Fatalf("status %d Retry-After %q, want 429 with the fixture's 300", resp.status, resp.header.Get("Retry-After"))
	}
	clock.Advance(2 * time.Second) // 300 s scaled by 0.01 is 3 s: early
	h.get("/api/v2/routing/queues")
	clock.Advance(3 * time.Second)
	if resp := h.get("/api/v2/routing/queues"); resp.status != http.StatusOK {
		t.Errorf("third request: status %d, want 200", resp.status)
	}
	gaps := h.server.RetryGaps()
	if len(gaps) != 2 {
		t.Fatalf("RetryGaps = %+v, want two", gaps)
	}
	if !gaps[0].Early || gaps[0].Gap != 2*time.Second || gaps[0].Want != 3*time.Second {
		t.Errorf("first gap = %+v, want an early request 2s after the 429, 3s wanted", gaps[0])
	}
	if gaps[1].Early || gaps[1].Gap != 3*time.Second || gaps[1].RetryAfter != 300 {
		t.Errorf("second gap = %+v, want 3s, not early", gaps[1])
	}
}

func TestTokenThrottleFault(t *testing.T) {
	s, err := New(faultFixture(Fault{Kind: FaultTokenThrottle, Times: 2}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	h := &harness{t: t, server: s, url: ts.URL}
	for range 2 {
		resp := h.postToken("id", "secret", "grant_type=client_credentials")
		if resp.status != http.StatusBadRequest {
			t.Fatalf("status %d, want 400; body %s", resp.status, resp.raw)
		}
		if resp.body["error"] != "invalid_request" ||
			!strings.HasPrefix(resp.body["error_description"].(string), "rate limit exceeded;") {
			t.Errorf("body %s, want invalid_request with rate limit exceeded;", resp.raw)
		}
	}
	if resp := h.postToken("id", "secret", "grant_type=client_credentials"); resp.status != http.StatusOK {
		t.Errorf("after the fault: status %d, want 200", resp.status)
	}
	if got := h.server.TokenRequests(); got != 3 {
		t.Errorf("TokenRequests = %d, want 3 (throttled ones count)", got)
	}
}

func TestExpireTokenFault(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Kind: FaultExpireToken, Times: 1}), Options{})
	checkError(t, h.get("/api/v2/routing/queues"), http.StatusUnauthorized, "bad.credentials")
	checkError(t, h.get("/api/v2/flows"), http.StatusUnauthorized, "bad.credentials")
	h.token = h.issueToken()
	if resp := h.get("/api/v2/routing/queues"); resp.status != http.StatusOK {
		t.Errorf("with a new token: status %d, want 200", resp.status)
	}
}

func TestResetFaults(t *testing.T) {
	for _, kind := range []string{FaultReset, FaultResetMidBody} {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, faultFixture(Fault{Type: typeQueue, Kind: kind, Times: 1}), Options{})
			if _, _, err := h.rawGet("/api/v2/routing/queues"); err == nil {
				t.Error("no error from a reset connection")
			}
			if status, _, err := h.rawGet("/api/v2/routing/queues"); err != nil || status != http.StatusOK {
				t.Errorf("after the fault: status %d, error %v", status, err)
			}
		})
	}
}

func TestSlowFault(t *testing.T) {
	h := newHarness(t, faultFixture(Fault{Type: typeQueue, Kind: FaultSlow, Delay: 0.2, Times: 1}), Options{})
	started := time.Now()
	status, body, err := h.rawGet("/api/v2/routing/queues")
	if err != nil || status != http.StatusOK || !json.Valid(body) {
		t.Fatalf("status %d, error %v, body %s", status, err, body)
	}
	if waited := time.Since(started); waited < 200*time.Millisecond {
		t.Errorf("the response came after %s, want at least the 200ms delay", waited)
	}
}

func TestBodyFaults(t *testing.T) {
	cases := []struct {
		fault Fault
		check func(t *testing.T, body []byte)
	}{
		{Fault{Type: typeQueue, Kind: FaultTruncated, Times: 1}, func(t *testing.T, body []byte) {
			if json.Valid(body) {
				t.Errorf("truncated body is valid JSON: %s", body)
			}
		}},
		{Fault{Type: typeQueue, Kind: FaultMalformed, Times: 1}, func(t *testing.T, body []byte) {
			if json.Valid(body) || !bytes.HasPrefix(body, []byte(`{"entities" [`)) {
				t.Errorf("malformed body = %.40s", body)
			}
		}},
		{Fault{Type: typeQueue, Kind: FaultOversize, Bytes: 100_000, Times: 1}, func(t *testing.T, body []byte) {
			if len(body) != 100_000 || !json.Valid(body) {
				t.Errorf("oversize body: %d bytes, valid %v", len(body), json.Valid(body))
			}
		}},
		{Fault{Type: typeQueue, Kind: FaultField, Field: "entities", Value: map[string]any{"id": "x"}, Times: 1}, func(t *testing.T, body []byte) {
			if !bytes.Contains(body, []byte(`"entities":{"id":"x"}`)) {
				t.Errorf("envelope field not set: %s", body)
			}
		}},
		{Fault{Type: typeQueue, Kind: FaultField, Field: "pageCount", Value: "3", Times: 1}, func(t *testing.T, body []byte) {
			if !bytes.Contains(body, []byte(`"pageCount":"3"`)) {
				t.Errorf("pageCount not a string: %s", body)
			}
		}},
		{Fault{Type: typeQueue, ID: "queue-001", Kind: FaultField, Field: "division.id", Value: 42, Times: 1}, func(t *testing.T, body []byte) {
			if !bytes.Contains(body, []byte(`"division":{"id":42}`)) || bytes.Count(body, []byte(`"division"`)) != 1 {
				t.Errorf("object field not set in queue-001 only: %s", body)
			}
		}},
		{Fault{Type: typeQueue, ID: "queue-000", Kind: FaultDeepNesting, Depth: 3000, Times: 1}, func(t *testing.T, body []byte) {
			if !bytes.Contains(body, []byte(strings.Repeat("[", 3000)+"]")) || !json.Valid(body) {
				t.Errorf("no array nested 3000 deep in %.80s", body)
			}
		}},
		{Fault{Type: typeQueue, ID: "queue-000", Kind: FaultInvalidUTF8, Times: 1}, func(t *testing.T, body []byte) {
			if utf8.Valid(body) || !bytes.Contains(body, []byte("queue 0\xff\xfe")) {
				t.Errorf("no invalid UTF-8 in the name: %s", body)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.fault.Kind+" "+tc.fault.Field, func(t *testing.T) {
			h := newHarness(t, faultFixture(tc.fault), Options{})
			status, body, err := h.rawGet("/api/v2/routing/queues")
			if err != nil || status != http.StatusOK {
				t.Fatalf("status %d, error %v", status, err)
			}
			tc.check(t, body)
			if _, again, _ := h.rawGet("/api/v2/routing/queues"); !json.Valid(again) || !utf8.Valid(again) {
				t.Errorf("the second response is still faulted: %.80s", again)
			}
		})
	}
}

func TestCreateAndDeleteFaults(t *testing.T) {
	h := newHarness(t, faultFixture(
		Fault{Type: typeQueue, ID: "queue-000", Kind: FaultDelete, Page: 1},
		Fault{Type: typeIntegration, ID: "int-000", Kind: FaultCreate, Page: 1},
	), Options{})
	if ids := h.get("/api/v2/routing/queues?pageSize=1&pageNumber=1").ids(); len(ids) != 1 || ids[0] != "queue-000" {
		t.Errorf("page 1 before the delete = %v", ids)
	}
	resp := h.get("/api/v2/routing/queues?pageSize=1&pageNumber=1")
	if ids := resp.ids(); len(ids) != 1 || ids[0] != "queue-001" || resp.number("total") != 1 {
		t.Errorf("page 1 after the delete = %v total %d, want queue-001 and total 1", ids, resp.number("total"))
	}
	checkError(t, h.get("/api/v2/routing/queues/queue-000"), http.StatusNotFound, "not.found")

	if resp := h.get("/api/v2/integrations/int-000"); resp.status != http.StatusNotFound {
		t.Errorf("get before the create: status %d, want 404", resp.status)
	}
	if got := h.get("/api/v2/integrations").number("total"); got != 2 {
		t.Errorf("total before the create = %d, want 2", got)
	}
	if got := h.get("/api/v2/integrations").number("total"); got != 3 {
		t.Errorf("total after the create = %d, want 3", got)
	}
}

func TestFaultKindValidation(t *testing.T) {
	bad := []Fault{
		{Kind: "explode", Type: typeQueue},
		{Kind: FaultSlow, Type: typeQueue},
		{Kind: FaultOversize, Type: typeQueue},
		{Kind: FaultField, Type: typeQueue, Field: "total"},
		{Kind: FaultDeepNesting, Type: typeQueue},
		{Kind: FaultDelete, Type: typeQueue, ID: "queue-404"},
		{Kind: FaultTokenThrottle, Type: typeQueue},
		{Kind: FaultReset, Type: typeQueue, Status: 500},
		{Type: typeQueue, Status: 500, Delay: 1},
	}
	for _, fault := range bad {
		if _, err := New(faultFixture(fault), Options{}); err == nil {
			t.Errorf("New accepted %+v", fault)
		}
	}
}
