package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// maxErrorBodyBytes caps how much of a non-2xx body is read. An ErrorBody is
// a few hundred bytes, and anything longer is not worth holding.
const maxErrorBodyBytes = 64 << 10

// pagingParams are the query parameters that error messages keep.
var pagingParams = []string{"pageNumber", "pageSize", "after", "before", "cursor"}

// errorBody is the part of the Genesys ErrorBody this client reports.
type errorBody struct {
	Message   string `json:"message"`
	Code      string `json:"code"`
	ContextID string `json:"contextId"`
}

// Get sends GET path?query and returns the body of a 2xx response. The path
// is relative to the API base URL ("/api/v2/users") and may carry a query of
// its own, as a listing's nextUri does. Entries of query replace those of
// the same name in path. Every failure is a *Error.
//
// A 401 invalidates the token, fetches a new one and repeats the request
// once. A second 401 is ClassAuth.
func (c *Client) Get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	body, _, _, err := c.get(ctx, path, query)
	return body, err
}

// get is Get, also returning the response status and the path shown in
// errors.
func (c *Client) get(ctx context.Context, path string, query url.Values) ([]byte, int, string, error) {
	target, displayPath, err := c.resolve(path, query)
	if err != nil {
		return nil, 0, stripQuery(path), err
	}
	body, status, err := c.sendWithToken(ctx, outgoing{method: http.MethodGet, target: target, displayPath: displayPath})
	return body, status, displayPath, err
}

// sendWithToken sends req with the bearer token. A 401 invalidates the
// token, fetches a new one and repeats the request once.
func (c *Client) sendWithToken(ctx context.Context, req outgoing) ([]byte, int, error) {
	for attempt := 1; ; attempt++ {
		token, err := c.tokens.token(ctx)
		if err != nil {
			return nil, 0, err
		}
		if err := c.pacer.wait(ctx, req); err != nil {
			return nil, 0, err
		}
		body, status, err := c.send(ctx, req, token)

		var apiErr *Error
		if attempt == 1 && errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
			c.logger.InfoContext(ctx, "API request returned 401, refreshing the OAuth token and repeating the request",
				"method", req.method, "path", req.displayPath, "code", apiErr.Code, "contextId", apiErr.ContextID)
			c.tokens.invalidate(token)
			continue
		}
		return body, status, err
	}
}

// resolve builds the request URL and the path shown in errors. It rejects an
// absolute URL, so that a nextUri pointing at another host cannot receive the
// bearer token.
func (c *Client) resolve(path string, query url.Values) (target, displayPath string, err error) {
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return "", "", &Error{
			Class:   ClassInvalid,
			Method:  http.MethodGet,
			Path:    stripQuery(path),
			Message: "the path must be relative to the API base URL and start with /",
			Err:     err,
		}
	}

	merged := u.Query()
	for name, values := range query {
		merged[name] = append([]string(nil), values...)
	}

	displayPath = u.EscapedPath()
	if paging := pagingQuery(merged); paging != "" {
		displayPath += "?" + paging
	}

	target = c.apiBase + u.EscapedPath()
	if len(merged) > 0 {
		target += "?" + merged.Encode()
	}
	return target, displayPath, nil
}

func stripQuery(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		return path[:i]
	}
	return path
}

// pagingQuery encodes only the paging parameters of query, sorted by name.
func pagingQuery(query url.Values) string {
	kept := url.Values{}
	for _, name := range pagingParams {
		if values, ok := query[name]; ok {
			kept[name] = values
		}
	}
	return kept.Encode()
}

// outgoing is one request before it is sent.
type outgoing struct {
	method      string
	target      string // absolute URL
	displayPath string // the request as errors and logs show it
	body        []byte // sent as application/json when not nil
	// download accepts a 2xx body of any content type, such as a file.
	download bool
	// checkRedirect, when set, replaces the HTTP client's redirect policy.
	checkRedirect func(*http.Request, []*http.Request) error
}

// send performs one request and reads the response. A nil token sends no
// Authorization header.
func (c *Client) send(parent context.Context, out outgoing, token *oauth2.Token) ([]byte, int, error) {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()

	newError := func(class Class, status int) *Error {
		return &Error{Class: class, Status: status, Method: out.method, Path: out.displayPath}
	}

	var payload io.Reader
	if out.body != nil {
		payload = bytes.NewReader(out.body)
	}
	req, err := http.NewRequestWithContext(ctx, out.method, out.target, payload)
	if err != nil {
		e := newError(ClassInvalid, 0)
		e.Message = "cannot build the request"
		e.Err = err
		return nil, 0, e
	}
	if out.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if out.download {
		req.Header.Set("Accept", "*/*")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", c.userAgent)
	if token != nil {
		token.SetAuthHeader(req)
	}
	httpClient := c.httpClient
	if out.checkRedirect != nil {
		copied := *c.httpClient
		copied.CheckRedirect = out.checkRedirect
		httpClient = &copied
	}

	started := c.now()
	resp, err := httpClient.Do(req)
	if err != nil {
		c.countRequest(0)
		c.logger.DebugContext(ctx, "API request failed", "method", out.method, "path", out.displayPath,
			"error", describeCause(err))
		e := newError(classifyTransport(err), 0)
		e.Message = c.timeoutMessage(parent, ctx, err)
		e.Err = err
		return nil, 0, e
	}
	defer resp.Body.Close()
	c.countRequest(resp.StatusCode)
	c.logger.DebugContext(ctx, "API request", "method", out.method, "path", out.displayPath,
		"status", resp.StatusCode, "duration", c.now().Sub(started))

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, resp.StatusCode, c.statusError(resp, newError(classifyStatus(resp.StatusCode), resp.StatusCode), token)
	}

	if resp.ContentLength > c.maxBodyBytes {
		e := newError(ClassInvalid, resp.StatusCode)
		e.Message = fmt.Sprintf("response body over %d bytes (Config.MaxBodyBytes): its Content-Length is %d",
			c.maxBodyBytes, resp.ContentLength)
		return nil, resp.StatusCode, e
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBodyBytes+1))
	if err != nil {
		e := newError(ClassTransient, resp.StatusCode)
		e.Message = "cannot read the response body"
		if timeout := c.timeoutMessage(parent, ctx, err); timeout != "" {
			e.Message += ": " + timeout
		}
		e.Err = err
		return nil, resp.StatusCode, e
	}
	if int64(len(body)) > c.maxBodyBytes {
		e := newError(ClassInvalid, resp.StatusCode)
		e.Message = fmt.Sprintf("response body over %d bytes (Config.MaxBodyBytes)", c.maxBodyBytes)
		return nil, resp.StatusCode, e
	}
	if !out.download && len(body) > 0 && isJSONContent(resp.Header.Get("Content-Type")) {
		malformed, tooDeep := checkJSONBody(body)
		switch {
		case tooDeep != nil:
			e := newError(ClassInvalid, resp.StatusCode)
			e.Message = "response body rejected"
			e.Err = tooDeep
			return nil, resp.StatusCode, e
		case malformed != nil:
			e := newError(ClassTransient, resp.StatusCode)
			e.Message = "response body is not valid JSON"
			e.Err = malformed
			return nil, resp.StatusCode, e
		}
	}
	return body, resp.StatusCode, nil
}

// timeoutMessage returns "timed out after <RequestTimeout>" when err is the
// client's own request timeout, "" for any other error. A deadline of the
// caller's context is the caller's to report.
func (c *Client) timeoutMessage(parent, ctx context.Context, err error) string {
	var netErr net.Error
	timedOut := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
	if !timedOut || parent.Err() != nil {
		return ""
	}
	return fmt.Sprintf("timed out after %s (Config.RequestTimeout)", c.timeout)
}

// statusError fills e from a non-2xx response: the ErrorBody fields and
// Retry-After. A server that echoes the bearer token in its message does not
// get it into the error.
func (c *Client) statusError(resp *http.Response, e *Error, token *oauth2.Token) *Error {
	e.RetryAfter = scale(parseRetryAfter(resp.Header.Get("Retry-After"), c.now()), c.timeScale)
	e.ContextID = resp.Header.Get("ININ-Correlation-Id")

	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	if err != nil {
		// The status already decides the class, so a broken error body
		// only loses the message.
		return e
	}
	var secret string
	if token != nil {
		secret = token.AccessToken
	}
	var body errorBody
	if json.Unmarshal(raw, &body) == nil {
		e.Code = redactSecrets(body.Code, secret)
		e.Message = redactSecrets(body.Message, secret)
		if body.ContextID != "" {
			e.ContextID = redactSecrets(body.ContextID, secret)
		}
	}
	return e
}

// redactSecrets replaces every occurrence of each non-empty secret in s.
func redactSecrets(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "<redacted>")
		}
	}
	return s
}

// isJSONContent reports whether a 2xx body should be JSON: the Platform API
// returns JSON from every GET, so a missing Content-Type counts as JSON.
func isJSONContent(contentType string) bool {
	if contentType == "" {
		return true
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}
