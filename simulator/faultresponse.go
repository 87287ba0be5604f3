package simulator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// tokenThrottleDescription is the error_description of the token
// endpoint's throttling response. The Terraform provider's export retries a
// token error that starts with "invalid_request (rate limit exceeded;", so
// the real text starts with "rate limit exceeded;".
// NOTE: the text after the semicolon is not documented; this one is made up.
const tokenThrottleDescription = "rate limit exceeded; too many token requests, retry later"

// serveTokenThrottled rejects a token request as the login service does
// when it throttles: 400 invalid_request, not 429.
func (s *Server) serveTokenThrottled(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	s.log.Info("token request throttled by a fault", "status", http.StatusBadRequest)
	writeJSON(w, http.StatusBadRequest, oauthError{Error: "invalid_request",
		Description: tokenThrottleDescription, ErrorDescription: tokenThrottleDescription})
}

// expire ends a token's life now, as if its lifetime had run out.
func (t *tokenStore) expire(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.expiry, token)
}

// listPageNumber returns the pageNumber of a page-numbered list request, 1
// when it sends none, and 0 for every other request.
func listPageNumber(rt route, query url.Values) int {
	if rt.kind != routeList || (rt.ep.paging != pageNumbered && rt.ep.paging != pageNumberedOpen) {
		return 0
	}
	page, err := strconv.Atoi(query.Get("pageNumber"))
	if err != nil || page < 1 {
		return 1
	}
	return page
}

// bufferedResponse keeps a response so that faults can alter it before it
// is sent.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) { b.status = status }

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// serveFaulted serves the route, applying fault (a response kind, or nil)
// and the faults that alter the objects or the envelope of the response.
func (s *Server) serveFaulted(w http.ResponseWriter, r *http.Request, rt route, query url.Values,
	req faultRequest, fault *faultState) *apiError {
	if fault == nil && !s.faults.altersBodies(req) {
		err := s.serveRoute(w, r, rt, query)
		if err == nil {
			s.faults.listed(req)
		}
		return err
	}

	rec := &bufferedResponse{header: http.Header{}}
	if err := s.serveRoute(rec, r, rt, query); err != nil {
		return err
	}
	body := s.alterBody(rt, req, rec.body.Bytes())
	for name, values := range rec.header {
		w.Header()[name] = values
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))

	kind := ""
	if fault != nil {
		kind = fault.Kind
	}
	switch kind {
	case FaultReset:
		s.log.Debug("fault: connection reset before the response", "path", r.URL.Path)
		resetConnection(w, nil)
		return nil
	case FaultResetMidBody:
		s.log.Debug("fault: connection reset mid-body", "path", r.URL.Path, "sentBytes", len(body)/2)
		resetConnection(w, func(conn *bufio.ReadWriter) {
			fmt.Fprintf(conn, "HTTP/1.1 %d %s\r\n", rec.status, http.StatusText(rec.status))
			_ = w.Header().Write(conn)
			conn.WriteString("\r\n")
			conn.Write(body[:len(body)/2])
		})
		return nil
	case FaultSlow:
		timer := time.NewTimer(time.Duration(fault.Delay * float64(time.Second)))
		defer timer.Stop()
		select {
		case <-r.Context().Done():
			s.log.Debug("fault: the client gave up on a slow response", "path", r.URL.Path)
			return nil
		case <-timer.C:
		}
	case FaultTruncated:
		body = body[:len(body)/2]
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	case FaultMalformed:
		body = bytes.Replace(body, []byte(`":`), []byte(`" `), 1)
	case FaultOversize:
		if pad := fault.Bytes - len(body); pad > 0 {
			body = append(body, bytes.Repeat([]byte(" "), pad)...)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(body)
	if kind == "" || kind == FaultSlow || kind == FaultOversize {
		s.faults.listed(req)
	}
	return nil
}

// resetConnection hijacks the connection, lets write send what it wants,
// and closes the connection with a TCP reset (SO_LINGER 0) rather than a
// clean close.
func resetConnection(w http.ResponseWriter, write func(*bufio.ReadWriter)) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic("simulator: the response writer cannot be hijacked, so a reset fault cannot be served")
	}
	conn, rw, err := hijacker.Hijack()
	if err != nil {
		return
	}
	if write != nil {
		write(rw)
		_ = rw.Flush()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// alterBody applies the faults that alter objects of the response, or the
// envelope of a list response, and returns the body to send.
func (s *Server) alterBody(rt route, req faultRequest, body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if dec.Decode(&doc) != nil {
		return body
	}
	objects := map[string]map[string]any{}
	if req.list {
		entities, _ := doc["entities"].([]any)
		for _, e := range entities {
			if obj, ok := e.(map[string]any); ok {
				objects[rt.ep.objectKey(rt.parentKey, stringAt(obj, rt.ep.idName()))] = obj
			}
		}
	} else {
		objects[req.id] = doc
	}
	present := make([]string, 0, len(objects))
	for key := range objects {
		present = append(present, key)
	}
	faults := s.faults.takeBodyFaults(req, present)
	if len(faults) == 0 {
		return body
	}

	utf8Marker := false
	for _, f := range faults {
		target := doc
		if f.ID != "" {
			target = objects[f.ID]
		}
		switch f.Kind {
		case FaultField:
			// A copy through JSON, so no response shares the fixture's value.
			raw, _ := json.Marshal(f.Value) // validateFaultKind checked Value
			vdec := json.NewDecoder(bytes.NewReader(raw))
			vdec.UseNumber()
			var value any
			_ = vdec.Decode(&value)
			setField(target, f.Field, value)
		case FaultDeepNesting:
			depth := f.Depth
			if depth == 0 {
				depth = defaultNestingDepth
			}
			target["nested"] = nestedArray(depth)
		case FaultInvalidUTF8:
			name, _ := target["name"].(string)
			target["name"] = name + invalidUTF8Marker
			utf8Marker = true
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		panic(fmt.Sprintf("simulator: encoding a faulted response body: %v", err))
	}
	out := buf.Bytes()
	if utf8Marker {
		out = bytes.ReplaceAll(out, []byte(invalidUTF8Marker), invalidUTF8Bytes)
	}
	return out
}
