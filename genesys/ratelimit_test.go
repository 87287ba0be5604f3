package genesys

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// TestPacerKeepsEveryMinuteUnderBudget sends many more requests than one
// minute's budget from many goroutines and checks, from the arrival times
// the server saw, that no window of a minute holds more than the budget.
// TimeScale makes an API minute last 1.2 s.
func TestPacerKeepsEveryMinuteUnderBudget(t *testing.T) {
	const (
		perMinute = 30
		requests  = 50
		timeScale = 0.02
	)
	minute := time.Duration(float64(time.Minute) * timeScale)
	var mu sync.Mutex
	var arrivals []time.Time
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"x"}`))
	})
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.RequestsPerMinute = perMinute
		cfg.TimeScale = timeScale
	})

	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), "/api/v2/organizations/me", nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	if len(arrivals) != requests {
		t.Fatalf("server saw %d requests, want %d", len(arrivals), requests)
	}
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	for i := range arrivals {
		in := 0
		for j := i; j < len(arrivals) && arrivals[j].Sub(arrivals[i]) < minute; j++ {
			in++
		}
		if in > perMinute {
			t.Fatalf("%d requests arrived within one API minute from request %d, over the budget of %d", in, i, perMinute)
		}
	}
}

// TestPacerWaitEndsWithContext checks that a request waiting for its slot
// returns a transient error when its context ends, without sending.
func TestPacerWaitEndsWithContext(t *testing.T) {
	sent := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"x"}`))
	})
	// One request per hour: the second waits far longer than its context.
	c := newTestClient(t, f, func(cfg *Config) { cfg.RequestsPerMinute = 1.0 / 60 })
	if _, err := c.Get(context.Background(), "/api/v2/organizations/me", nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, "/api/v2/organizations/me", nil)
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a *Error", err)
	}
	if apiErr.Class != ClassTransient {
		t.Errorf("class = %s, want %s", apiErr.Class, ClassTransient)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if sent != 1 {
		t.Errorf("server saw %d requests, want 1", sent)
	}
}

func TestNewClientRejectsNegativeRequestsPerMinute(t *testing.T) {
	_, err := NewClient(Config{ClientID: "id", ClientSecret: "secret", Region: "us-east-1", RequestsPerMinute: -1})
	if err == nil {
		t.Fatal("NewClient accepted RequestsPerMinute -1")
	}
}
