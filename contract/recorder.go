package contract

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"
)

// Exchange is one request and its response as a Recorder saw them.
type Exchange struct {
	// Seq numbers the exchanges of one Recorder from 0, in the order their
	// requests arrived.
	Seq int

	Method string
	// URL holds the escaped path and the raw query of the request, without
	// scheme and host.
	URL           *url.URL
	RequestHeader http.Header
	RequestBody   []byte

	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	Duration       time.Duration
}

// Recorder is an http.Handler that passes every request to Next and keeps a
// copy of the request and the response. It is safe for concurrent use.
type Recorder struct {
	Next http.Handler

	mu        sync.Mutex
	exchanges []*Exchange
}

// NewRecorder returns a Recorder in front of next.
func NewRecorder(next http.Handler) *Recorder {
	return &Recorder{Next: next}
}

// ServeHTTP records the request, serves it with Next into a buffer, records
// the response and then copies it to w unchanged.
func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, "contract recorder: reading the request body failed: "+err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	ex := &Exchange{
		Method:        req.Method,
		URL:           &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery},
		RequestHeader: req.Header.Clone(),
		RequestBody:   body,
	}
	r.mu.Lock()
	ex.Seq = len(r.exchanges)
	r.exchanges = append(r.exchanges, ex)
	r.mu.Unlock()

	start := time.Now()
	buffer := httptest.NewRecorder()
	r.Next.ServeHTTP(buffer, req)
	result := buffer.Result()

	r.mu.Lock()
	ex.Status = result.StatusCode
	ex.ResponseHeader = result.Header.Clone()
	ex.ResponseBody = buffer.Body.Bytes()
	ex.Duration = time.Since(start)
	r.mu.Unlock()

	for name, values := range result.Header {
		w.Header()[name] = values
	}
	w.WriteHeader(result.StatusCode)
	_, _ = w.Write(ex.ResponseBody)
}

// Exchanges returns a copy of the list of exchanges recorded so far, in
// arrival order. An exchange whose response is still being served has
// Status 0.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Exchange, len(r.exchanges))
	for i, ex := range r.exchanges {
		out[i] = *ex
	}
	return out
}
