package simulator

import (
	"net/http"
	"testing"
	"time"
)

// startedHarness is newHarness on a server started with StartWith.
func startedHarness(t *testing.T, opts Options, serve ServeOptions) *harness {
	t.Helper()
	f := &Fixture{Org: testOrg, Resources: map[string][]map[string]any{"routing_skill": objects("skill", 3, nil)}}
	s, err := New(f, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	url, err := s.StartWith("127.0.0.1:0", serve)
	if err != nil {
		t.Fatalf("StartWith: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	h := &harness{t: t, server: s, url: url}
	h.token = h.issueToken()
	return h
}

func TestStartWithDelaysResponses(t *testing.T) {
	const latency = 40 * time.Millisecond
	h := startedHarness(t, Options{}, ServeOptions{Latency: latency, Jitter: 10 * time.Millisecond, Seed: 1})
	for range 3 {
		started := time.Now()
		resp := h.get("/api/v2/routing/skills")
		if resp.status != http.StatusOK {
			t.Fatalf("status %d, body %s", resp.status, resp.raw)
		}
		if took := time.Since(started); took < latency-10*time.Millisecond {
			t.Errorf("response took %s, under the latency of %s minus its jitter", took, latency)
		}
	}
}

func TestStartWithRejectsJitterOverLatency(t *testing.T) {
	s, err := New(&Fixture{Org: testOrg}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartWith("127.0.0.1:0", ServeOptions{Latency: time.Millisecond, Jitter: time.Second}); err == nil {
		s.Close()
		t.Fatal("StartWith accepted a jitter larger than the latency")
	}
}

func TestRequestMeterCountsAPIRequestsPerMinute(t *testing.T) {
	clock := newFakeClock()
	meter := &RequestMeter{}
	h := startedHarness(t, Options{Now: clock.Now}, ServeOptions{Meter: meter})
	// Requests at 0 s, 10 s, 20 s, 70 s and 75 s: three in the first
	// minute from the first request and two in the second.
	for _, step := range []time.Duration{0, 10 * time.Second, 10 * time.Second, 50 * time.Second, 5 * time.Second} {
		clock.Advance(step)
		if resp := h.get("/api/v2/routing/skills"); resp.status != http.StatusOK {
			t.Fatalf("status %d, body %s", resp.status, resp.raw)
		}
	}
	if got := meter.Total(); got != 5 {
		t.Errorf("Total() = %d, want 5 (the token request is not counted)", got)
	}
	perMinute := meter.PerMinute()
	if len(perMinute) != 2 || perMinute[0] != 3 || perMinute[1] != 2 {
		t.Errorf("PerMinute() = %v, want [3 2]", perMinute)
	}
	// No window of a minute holds more than three of them.
	if most, _ := meter.MaxInAnyMinute(); most != 3 {
		t.Errorf("MaxInAnyMinute() = %d, want 3", most)
	}
}
