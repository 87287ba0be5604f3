package simulator

import (
	"net/http"
	"slices"
	"sync"
	"time"
)

// LoggedRequest is one request that a RequestLog recorded.
type LoggedRequest struct {
	// Time is when the request reached the handler.
	Time   time.Time
	Method string
	// Path is the escaped path as sent, so that percent-encoded ids keep
	// their slashes encoded.
	Path string
	// Query is the raw query string, without the "?".
	Query  string
	Status int
}

// RequestLog records every request that a handler it wraps serves, token
// requests included. Its methods are safe for concurrent use, and its zero
// value is ready to use.
type RequestLog struct {
	mu       sync.Mutex
	requests []LoggedRequest
}

// Wrap returns next with every request recorded in l once next returns. A
// request whose handler panics, or whose client hangs up first, is recorded
// with the status written so far (200 when none was).
func (l *RequestLog) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entry := LoggedRequest{
			Time:   time.Now(),
			Method: r.Method,
			Path:   r.URL.EscapedPath(),
			Query:  r.URL.RawQuery,
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			entry.Status = rec.status
			l.mu.Lock()
			l.requests = append(l.requests, entry)
			l.mu.Unlock()
		}()
		next.ServeHTTP(rec, r)
	})
}

// Requests returns a copy of the recorded requests in the order they
// finished. Sorting by Time gives the order they arrived.
func (l *RequestLog) Requests() []LoggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests)
}

// statusRecorder keeps the status code that a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (r *statusRecorder) WriteHeader(status int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	return r.ResponseWriter.Write(p)
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter {
	return r.ResponseWriter
}
