package simulator

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// correlationHeader carries the same value as an error body's contextId.
const correlationHeader = "ININ-Correlation-Id"

// apiError is an error response of the Platform API, sent as an ErrorBody.
type apiError struct {
	status     int
	code       string
	message    string
	retryAfter int // seconds; sent as Retry-After when positive
}

// errorBody is the API's ErrorBody with the fields every error carries.
type errorBody struct {
	Message   string `json:"message"`
	Code      string `json:"code"`
	Status    int    `json:"status"`
	ContextID string `json:"contextId"`
	Details   []any  `json:"details"`
	Errors    []any  `json:"errors"`
}

// statusCodes gives the error code and message the API reference lists for
// a status (x-inin-error-codes of the 2026-05 Swagger).
var statusCodes = map[int]struct{ code, message string }{
	400: {"bad.request", "The request could not be understood by the server due to malformed syntax."},
	401: {"bad.credentials", "Invalid login credentials."},
	403: {"not.authorized", "You are not authorized to perform the requested action."},
	404: {"not.found", "The requested resource was not found."},
	408: {"client.timeout", "The client did not produce a request within the server timeout limit."},
	409: {"general.conflict", "The request could not be completed by the server due to a conflict."},
	413: {"request.entity.too.large", "The request is over the size limit."},
	415: {"unsupported.media.type", "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header."},
	500: {"internal.server.error", "The server encountered an unexpected condition which prevented it from fulfilling the request."},
	503: {"service.unavailable", "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance)."},
	504: {"request.timeout", "The request timed out."},
}

// errorForStatus returns the standard error response for a status.
func errorForStatus(status int) *apiError {
	if status == http.StatusTooManyRequests {
		return tooManyRequests(1)
	}
	if c, ok := statusCodes[status]; ok {
		return &apiError{status: status, code: c.code, message: c.message}
	}
	// NOTE: the API reference lists no code for other statuses (502 among
	// them), so the code is made from the status text, e.g. "bad.gateway".
	text := http.StatusText(status)
	if text == "" {
		text = "Error " + strconv.Itoa(status)
	}
	code := strings.ToLower(strings.ReplaceAll(text, " ", "."))
	return &apiError{status: status, code: code, message: text}
}

// tooManyRequests is the API's normalized 429 response.
func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		status:     http.StatusTooManyRequests,
		code:       "too.many.requests.retry.after",
		message:    fmt.Sprintf("Rate limit exceeded the maximum. Retry the request in [%d] seconds", retryAfter),
		retryAfter: retryAfter,
	}
}

func badRequest(message string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "bad.request", message: message}
}

func notFound(message string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "not.found", message: message}
}

// writeError sends e as an ErrorBody with a fresh correlation id.
func writeError(w http.ResponseWriter, e *apiError) {
	id := newUUID()
	setCorrelationID(w, id)
	if e.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	writeJSON(w, e.status, errorBody{
		Message:   e.message,
		Code:      e.code,
		Status:    e.status,
		ContextID: id,
		Details:   []any{},
		Errors:    []any{},
	})
}

// setCorrelationID sets the header in the API's own spelling, which
// Header.Set would canonicalize to Inin-Correlation-Id. HTTP header names
// are case-insensitive, so clients find it either way.
func setCorrelationID(w http.ResponseWriter, id string) {
	w.Header()[correlationHeader] = []string{id}
}

// writeJSON sends v without HTML escaping, as the API does.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// New stores objects as decoded JSON and the rest are this
		// package's structs, so encoding cannot fail.
		panic(fmt.Sprintf("simulator: encoding a response body: %v", err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
