package simulator

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// ServeOptions adds network behaviour to a started server: response
// latency, and a meter of the API requests it receives.
type ServeOptions struct {
	// Latency delays every response, token requests included, by Latency
	// plus or minus up to Jitter, drawn uniformly. Zero means none.
	Latency, Jitter time.Duration
	// Seed draws the jitter, so that two runs with one seed delay the same
	// sequence of requests alike.
	Seed uint64
	// Meter, when set, records the arrival time of every API request on
	// the server's clock (Options.Now), token requests excluded.
	Meter *RequestMeter
}

// StartWith is Start with latency and a request meter.
func (s *Server) StartWith(addr string, opts ServeOptions) (string, error) {
	if opts.Latency < 0 || opts.Jitter < 0 || opts.Jitter > opts.Latency {
		return "", fmt.Errorf("simulator: latency %s with jitter %s: both must be at least 0 and the jitter at most the latency",
			opts.Latency, opts.Jitter)
	}
	handler := s.Handler()
	if opts.Meter != nil {
		handler = opts.Meter.wrap(handler, s.now)
	}
	if opts.Latency > 0 {
		handler = delayed(handler, opts.Latency, opts.Jitter, opts.Seed)
	}
	return s.serve(addr, handler)
}

// serve listens on addr and serves handler in the background, and returns
// the base URL.
func (s *Server) serve(addr string, handler http.Handler) (string, error) {
	s.httpMu.Lock()
	defer s.httpMu.Unlock()
	if s.httpServer != nil {
		return "", errors.New("simulator: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("simulator: listen on %q: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.httpServer = srv
	baseURL := "http://" + ln.Addr().String()
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("simulator stopped serving", "baseUrl", baseURL, "err", err)
		}
	}()
	s.log.Info("simulator listening", "baseUrl", baseURL, "orgId", s.org.ID, "orgName", s.org.Name)
	return baseURL, nil
}

// delayed waits latency ± jitter before next serves each request, or until
// the client hangs up.
func delayed(next http.Handler, latency, jitter time.Duration, seed uint64) http.Handler {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 0x5bd1e995))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		delay := latency
		if jitter > 0 {
			mu.Lock()
			delay += time.Duration(rng.Int64N(int64(2*jitter)+1)) - jitter
			mu.Unlock()
		}
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// RequestMeter records when API requests arrive, so that a test or a
// benchmark can check the request rate the server saw, across every token.
// Its zero value is ready to use, and its methods are safe for concurrent
// use.
type RequestMeter struct {
	mu       sync.Mutex
	arrivals []time.Time
	paths    []string
}

// MeteredRequest is one API request a RequestMeter recorded.
type MeteredRequest struct {
	// Time is the arrival time on the server's clock.
	Time time.Time
	// Path is the request path without its query.
	Path string
}

func (m *RequestMeter) wrap(next http.Handler, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			at := now()
			m.mu.Lock()
			m.arrivals = append(m.arrivals, at)
			m.paths = append(m.paths, r.URL.Path)
			m.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// Total returns the number of API requests recorded.
func (m *RequestMeter) Total() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.arrivals)
}

// Requests returns the recorded requests in the order they arrived.
func (m *RequestMeter) Requests() []MeteredRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]MeteredRequest, len(m.arrivals))
	for i := range m.arrivals {
		out[i] = MeteredRequest{Time: m.arrivals[i], Path: m.paths[i]}
	}
	slices.SortStableFunc(out, func(a, b MeteredRequest) int { return a.Time.Compare(b.Time) })
	return out
}

// Reset forgets the recorded requests, so that the next phase of a
// benchmark is metered apart.
func (m *RequestMeter) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.arrivals, m.paths = nil, nil
}

// PerMinute returns the number of API requests in each minute of the
// server's clock, counted from the first request.
func (m *RequestMeter) PerMinute() []int {
	arrivals := m.sorted()
	if len(arrivals) == 0 {
		return nil
	}
	var counts []int
	for _, at := range arrivals {
		minute := int(at.Sub(arrivals[0]) / time.Minute)
		for len(counts) <= minute {
			counts = append(counts, 0)
		}
		counts[minute]++
	}
	return counts
}

// MaxInAnyMinute returns the largest number of API requests that arrived
// within one minute of the server's clock, over every window of a minute,
// however aligned, and the time the busiest window started.
func (m *RequestMeter) MaxInAnyMinute() (int, time.Time) {
	arrivals := m.sorted()
	busiest, start := 0, time.Time{}
	j := 0
	for i := range arrivals {
		for j < len(arrivals) && arrivals[j].Sub(arrivals[i]) < time.Minute {
			j++
		}
		if j-i > busiest {
			busiest, start = j-i, arrivals[i]
		}
	}
	return busiest, start
}

func (m *RequestMeter) sorted() []time.Time {
	m.mu.Lock()
	arrivals := slices.Clone(m.arrivals)
	m.mu.Unlock()
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	return arrivals
}
