package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Sides of an exchange that a violation blames.
const (
	// sideResponse blames the simulator's response.
	sideResponse = "response"
	// sideRequest blames the exporter's request.
	sideRequest = "request"
)

// violation is one way that recorded exchanges break the API description.
// Exchanges that break it the same way share one violation.
type violation struct {
	Side string
	// Operation is the method and path template, such as
	// "GET /api/v2/users/{userId}", or the method and raw path of a request
	// that matches no operation.
	Operation string
	Check     string
	Detail    string
	// Example is the path and query of the first exchange with it.
	Example string
	Count   int
}

// key identifies a violation in the list of known violations.
func (v violation) key() string {
	return v.Side + " | " + v.Operation + " | " + v.Check + " | " + v.Detail
}

func (v violation) String() string {
	return fmt.Sprintf("%s (%d×, e.g. %s)", v.key(), v.Count, v.Example)
}

// report collects violations and what was checked.
type report struct {
	byKey map[string]*violation
	// checked counts the exchanges validated per operation.
	checked map[string]int
	// skipped counts exchanges outside the Platform API, such as flow
	// export downloads from the simulator's stand-in object store.
	skipped map[string]int
}

func newReport() *report {
	return &report{byKey: map[string]*violation{}, checked: map[string]int{}, skipped: map[string]int{}}
}

func (r *report) add(side, operation, check, detail string, ex *Exchange) {
	v := violation{Side: side, Operation: operation, Check: check, Detail: detail}
	if existing, ok := r.byKey[v.key()]; ok {
		existing.Count++
		return
	}
	v.Count = 1
	if ex != nil {
		v.Example = ex.URL.String()
	}
	r.byKey[v.key()] = &v
}

// violations returns every violation, sorted by operation, side, check and
// detail, so that one operation's findings read together.
func (r *report) violations() []violation {
	out := make([]violation, 0, len(r.byKey))
	for _, v := range r.byKey {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Operation != b.Operation {
			return a.Operation < b.Operation
		}
		if a.Side != b.Side {
			return a.Side < b.Side
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Detail < b.Detail
	})
	return out
}

// validateExchanges checks every recorded exchange against the description
// and returns the report.
func validateExchanges(s *spec, exchanges []Exchange) *report {
	r := newReport()
	for i := range exchanges {
		validateExchange(s, r, &exchanges[i])
	}
	return r
}

func validateExchange(s *spec, r *report, ex *Exchange) {
	switch {
	case ex.URL.Path == tokenPath:
		r.checked[tokenOperation]++
		if ex.fromExporter() {
			validateTokenRequest(r, ex)
		}
		validateTokenResponse(r, ex)
		return
	case !strings.HasPrefix(ex.URL.Path, "/api/v2/"):
		r.skipped[ex.Method+" "+firstSegments(ex.URL.Path, 2)]++
		return
	}

	req := ex.httpRequest()
	route, pathParams, err := s.router.FindRoute(req)
	if err != nil {
		detail := "no operation in the description"
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			detail = "method not in the description"
		}
		r.add(sideRequest, ex.Method+" "+ex.URL.Path, "operation", detail, ex)
		return
	}
	operation := ex.Method + " " + route.Path
	r.checked[operation]++

	input := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true,
		},
	}
	if ex.fromExporter() {
		validateQueryNames(r, operation, route.Operation, ex)
		if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
			for _, msg := range flattenErrors(err) {
				r.add(sideRequest, operation, "request", msg, ex)
			}
		}
	}
	validateResponse(r, operation, route, input, ex)
}

// validateQueryNames reports query parameters that the operation does not
// declare, which ValidateRequest lets through.
func validateQueryNames(r *report, operation string, op *openapi3.Operation, ex *Exchange) {
	query, err := url.ParseQuery(ex.URL.RawQuery)
	if err != nil {
		r.add(sideRequest, operation, "query", "invalid query string: "+err.Error(), ex)
		return
	}
	for name := range query {
		if queryParameter(op, name) == nil {
			r.add(sideRequest, operation, "query", fmt.Sprintf("undeclared query parameter %q", name), ex)
		}
	}
}

func validateResponse(r *report, operation string, route *routers.Route, input *openapi3filter.RequestValidationInput, ex *Exchange) {
	responses := route.Operation.Responses
	responseRef := responses.Status(ex.Status)
	if responseRef == nil {
		responseRef = responses.Default()
	}
	if responseRef == nil || responseRef.Value == nil {
		r.add(sideResponse, operation, "status", fmt.Sprintf("status %d not declared", ex.Status), ex)
		return
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 ex.Status,
		Header:                 ex.ResponseHeader,
		Body:                   io.NopCloser(bytes.NewReader(ex.ResponseBody)),
		Options:                &openapi3filter.Options{MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		for _, msg := range flattenErrors(err) {
			r.add(sideResponse, operation, "schema", msg, ex)
		}
	}

	var body any
	if err := json.Unmarshal(ex.ResponseBody, &body); err != nil {
		// ValidateResponse has reported a body that is not JSON.
		return
	}
	if media := responseRef.Value.Content.Get("application/json"); media != nil {
		walkUndeclared(media.Schema, body, "", "", func(path, model string) {
			r.add(sideResponse, operation, "undeclared field", fmt.Sprintf("%s (not a property of %s)", path, model), ex)
		})
	}
	if ex.Status >= 400 {
		validateErrorBody(r, operation, responseRef.Value, body, ex)
		return
	}
	if ex.Status == http.StatusOK {
		if media := responseRef.Value.Content.Get("application/json"); media != nil {
			validateEnvelope(r, operation, media.Schema, body, ex)
		}
	}
}

// flattenErrors turns the errors of ValidateRequest and ValidateResponse
// into messages without array indexes, so that the same fault in many
// entities is one message.
func flattenErrors(err error) []string {
	switch e := err.(type) {
	case openapi3.MultiError:
		var out []string
		for _, inner := range e {
			out = append(out, flattenErrors(inner)...)
		}
		return out
	case *openapi3filter.RequestError:
		prefix := e.Reason
		if e.Parameter != nil {
			prefix = fmt.Sprintf("parameter %q in %s", e.Parameter.Name, e.Parameter.In)
		}
		if e.Err == nil {
			return []string{prefix}
		}
		return prefixAll(prefix, flattenErrors(e.Err))
	case *openapi3filter.ResponseError:
		if e.Err == nil {
			return []string{e.Reason}
		}
		// The reason names the schema of the whole body, which the
		// operation already implies.
		if strings.HasPrefix(e.Reason, "response body doesn't match schema") {
			return flattenErrors(e.Err)
		}
		return prefixAll(e.Reason, flattenErrors(e.Err))
	case *openapi3.SchemaError:
		msg := fmt.Sprintf("at %s: %s", generalPath(e.JSONPointer()), e.Reason)
		// An enum has few values, so naming the one that failed keeps
		// violations apart without one per object.
		if text, ok := e.Value.(string); ok && e.SchemaField == "enum" {
			msg += fmt.Sprintf(" (got %q)", text)
		}
		return []string{msg}
	}
	return []string{err.Error()}
}

func prefixAll(prefix string, messages []string) []string {
	if prefix == "" {
		return messages
	}
	for i, m := range messages {
		messages[i] = prefix + ": " + m
	}
	return messages
}

// generalPath writes a JSON pointer as a field path with "[]" for every
// array index, such as "entities[].phoneColumns[].type", or "(body)".
func generalPath(pointer []string) string {
	var b strings.Builder
	for _, segment := range pointer {
		if _, err := strconv.Atoi(segment); err == nil {
			b.WriteString("[]")
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString(segment)
	}
	if b.Len() == 0 {
		return "(body)"
	}
	return b.String()
}

// walkUndeclared reports every field of value that its schema does not
// declare. The descriptions never forbid extra fields, but the API builds
// its responses from the same models, so a field outside the model is one
// the real API does not send there. Objects without declared properties
// and maps (additionalProperties) accept any field.
func walkUndeclared(ref *openapi3.SchemaRef, value any, path, model string, report func(path, model string)) {
	if ref == nil || ref.Value == nil {
		return
	}
	if ref.Ref != "" {
		model = strings.TrimSuffix(ref.Ref[strings.LastIndex(ref.Ref, "/")+1:], referenceSuffix)
	}
	schema := ref.Value
	switch v := value.(type) {
	case map[string]any:
		if extra := schema.AdditionalProperties.Schema; extra != nil {
			for _, item := range v {
				walkUndeclared(extra, item, path+".*", model, report)
			}
			return
		}
		if len(schema.Properties) == 0 {
			return
		}
		for name, item := range v {
			field := strings.TrimPrefix(path+"."+name, ".")
			property, ok := schema.Properties[name]
			if !ok {
				report(field, model)
				continue
			}
			walkUndeclared(property, item, field, model, report)
		}
	case []any:
		for _, item := range v {
			walkUndeclared(schema.Items, item, path+"[]", model, report)
		}
	}
}

// validateErrorBody checks an ErrorBody: its status repeats the HTTP
// status, its code is one the description lists for that status, and its
// contextId is the ININ-Correlation-Id header. A 429 also carries a
// Retry-After of whole seconds.
func validateErrorBody(r *report, operation string, response *openapi3.Response, body any, ex *Exchange) {
	fields, ok := body.(map[string]any)
	if !ok {
		r.add(sideResponse, operation, "error body", "the error body is not a JSON object", ex)
		return
	}
	if status, ok := fields["status"].(float64); !ok || int(status) != ex.Status {
		r.add(sideResponse, operation, "error body", fmt.Sprintf("status field %v does not repeat HTTP status %d", fields["status"], ex.Status), ex)
	}
	code, _ := fields["code"].(string)
	if declared, ok := response.Extensions["x-inin-error-codes"].(map[string]any); ok {
		if _, known := declared[code]; !known {
			r.add(sideResponse, operation, "error code", fmt.Sprintf("code %q not declared for status %d", code, ex.Status), ex)
		}
	}
	header := headerValue(ex.ResponseHeader, correlationHeader)
	if contextID, _ := fields["contextId"].(string); header != "" && contextID != header {
		r.add(sideResponse, operation, "error body", "contextId differs from the "+correlationHeader+" header", ex)
	}
	if ex.Status == http.StatusTooManyRequests {
		message, _ := fields["message"].(string)
		validateRetryAfter(r, operation, message, ex)
	}
}

// correlationHeader is the header whose value an error body repeats as
// contextId.
const correlationHeader = "ININ-Correlation-Id"

// validateRetryAfter checks the normalized 429: a Retry-After header of
// whole seconds, which the message repeats as the description's 429 text
// does ("Retry the request in [%s] seconds"), and an ININ-Correlation-Id.
func validateRetryAfter(r *report, operation, message string, ex *Exchange) {
	value := headerValue(ex.ResponseHeader, "Retry-After")
	if value == "" {
		r.add(sideResponse, operation, "retry-after", "429 without a Retry-After header", ex)
		return
	}
	seconds, err := strconv.Atoi(value)
	if err != nil || seconds < 0 {
		r.add(sideResponse, operation, "retry-after", fmt.Sprintf("Retry-After %q is not whole seconds", value), ex)
		return
	}
	if !strings.Contains(message, "["+value+"]") {
		r.add(sideResponse, operation, "retry-after", "the 429 message does not repeat Retry-After as [seconds]", ex)
	}
	if headerValue(ex.ResponseHeader, correlationHeader) == "" {
		r.add(sideResponse, operation, "retry-after", "429 without an "+correlationHeader+" header", ex)
	}
}

// validateEnvelope checks a listing's envelope beyond its schema, whose
// fields are all optional: the entities field is there, the page echoes
// the requested page and size, pageCount agrees with total, and every URI
// is relative to the API host.
func validateEnvelope(r *report, operation string, ref *openapi3.SchemaRef, body any, ex *Exchange) {
	if ref == nil || ref.Value == nil || ref.Value.Properties["entities"] == nil {
		return
	}
	fields, ok := body.(map[string]any)
	if !ok {
		return
	}
	if _, ok := fields["entities"].([]any); !ok {
		r.add(sideResponse, operation, "envelope", "a listing without an entities array", ex)
	}
	query, _ := url.ParseQuery(ex.URL.RawQuery)
	for _, name := range []string{"pageNumber", "pageSize"} {
		requested := query.Get(name)
		if requested == "" || ref.Value.Properties[name] == nil {
			continue
		}
		if got, ok := fields[name].(float64); !ok || strconv.Itoa(int(got)) != requested {
			r.add(sideResponse, operation, "envelope", fmt.Sprintf("%s %v does not echo the requested %s", name, fields[name], requested), ex)
		}
	}
	total, hasTotal := fields["total"].(float64)
	size, hasSize := fields["pageSize"].(float64)
	count, hasCount := fields["pageCount"].(float64)
	if hasTotal && hasSize && hasCount && size > 0 && count != math.Ceil(total/size) {
		r.add(sideResponse, operation, "envelope", "pageCount is not total divided by pageSize, rounded up", ex)
	}
	for _, name := range []string{"selfUri", "firstUri", "previousUri", "nextUri", "lastUri"} {
		uri, ok := fields[name].(string)
		if !ok {
			continue
		}
		if !strings.HasPrefix(uri, "/api/v2/") {
			r.add(sideResponse, operation, "envelope", name+" is not a path relative to the API host", ex)
			continue
		}
		if name != "nextUri" {
			continue
		}
		if next, err := url.PathUnescape(strings.SplitN(uri, "?", 2)[0]); err != nil || next != ex.URL.Path {
			r.add(sideResponse, operation, "envelope", "nextUri names another path than the request", ex)
		}
	}
}

// headerValue returns the first value of a header, whatever the case of its
// name. The simulator writes ININ-Correlation-Id in the API's own spelling,
// which http.Header.Get, looking for Inin-Correlation-Id, does not find.
func headerValue(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for key, values := range h {
		if strings.EqualFold(key, name) && len(values) > 0 {
			return values[0]
		}
	}
	return ""
}

// exporterUserAgent starts the User-Agent of the exporter's client, on API
// and token requests alike.
const exporterUserAgent = "gcexport"

// fromExporter reports whether the exporter's client sent the request, and
// not a test that probes the simulator.
func (ex *Exchange) fromExporter() bool {
	return strings.HasPrefix(ex.RequestHeader.Get("User-Agent"), exporterUserAgent)
}

// httpRequest rebuilds the recorded request for the validator.
func (ex *Exchange) httpRequest() *http.Request {
	u := &url.URL{Path: ex.URL.Path, RawPath: ex.URL.RawPath, RawQuery: ex.URL.RawQuery}
	req := &http.Request{
		Method: ex.Method,
		URL:    u,
		Header: ex.RequestHeader.Clone(),
		Body:   io.NopCloser(bytes.NewReader(ex.RequestBody)),
	}
	req.ContentLength = int64(len(ex.RequestBody))
	return req
}

// firstSegments returns the first n segments of a path, such as
// "/downloads/flowexports" for a download URL, so that skipped exchanges
// group by endpoint and not by object.
func firstSegments(path string, n int) string {
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return "/" + strings.Join(parts, "/")
}
