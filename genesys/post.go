package genesys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRequestBodyBytes is the Platform API's request.bytes.max, the largest
// request payload it accepts by default (512,000 bytes, from the Genesys
// Cloud limits page).
const maxRequestBodyBytes = 512000

// maxRedirects is the redirect limit of net/http's default policy, which a
// download's own policy keeps.
const maxRedirects = 10

// Post sends POST path?query with body encoded as JSON and returns the body
// of a 2xx response. The path and query work as in Get, and so does the
// token refresh after a 401, which sends the body again. Every failure is a
// *Error.
//
// A retry of a failed Post sends the request again, so use it for requests
// that a repeat cannot harm, such as registering an export job.
func (c *Client) Post(ctx context.Context, path string, query url.Values, body any) ([]byte, error) {
	target, displayPath, err := c.resolve(path, query)
	if err != nil {
		var apiErr *Error
		if errors.As(err, &apiErr) {
			apiErr.Method = http.MethodPost
		}
		return nil, err
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, &Error{Class: ClassInvalid, Method: http.MethodPost, Path: displayPath,
			Message: "cannot encode the request body as JSON", Err: err}
	}
	if len(payload) > maxRequestBodyBytes {
		return nil, &Error{Class: ClassInvalid, Method: http.MethodPost, Path: displayPath,
			Message: fmt.Sprintf("request body of %d bytes is over the API's limit of %d bytes",
				len(payload), maxRequestBodyBytes)}
	}
	respBody, _, err := c.sendWithToken(ctx, outgoing{
		method: http.MethodPost, target: target, displayPath: displayPath, body: payload,
	})
	return respBody, err
}

// Download fetches rawURL, such as the downloadUrl of an Architect export
// job, and returns the body of a 2xx response whatever its content type, up
// to Config.MaxBodyBytes. Every failure is a *Error, whose Path has no query,
// because the query of a presigned URL is its credential.
//
// Only the API host receives the bearer token. A URL with the scheme, host
// and port of the API base URL is fetched with the token and the 401 refresh
// of Get, and may redirect only within that origin. A URL on any other
// origin must be https: it is fetched without an Authorization header, as a
// presigned object-store URL expects, and may redirect only to https. Any
// other URL fails with ClassInvalid before a request is sent.
func (c *Client) Download(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, &Error{Class: ClassInvalid, Method: http.MethodGet, Path: "download URL",
			Message: "invalid download URL", Err: errors.New(describeCause(err))}
	}
	u.Fragment, u.RawFragment = "", ""
	display := displayURL(u)
	invalid := func(message string) *Error {
		return &Error{Class: ClassInvalid, Method: http.MethodGet, Path: display, Message: message}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, invalid("a download URL must be absolute and use http or https")
	case u.Host == "":
		return nil, invalid("the download URL has no host")
	case u.User != nil:
		return nil, invalid("a download URL must not carry a user name or password")
	}

	api, err := url.Parse(c.apiBase)
	if err != nil {
		return nil, invalid("cannot parse the API base URL")
	}
	out := outgoing{method: http.MethodGet, target: u.String(), displayPath: display, download: true}
	var body []byte
	if sameOrigin(u, api) {
		out.displayPath = u.EscapedPath()
		if out.displayPath == "" {
			out.displayPath = "/"
		}
		out.checkRedirect = func(req *http.Request, via []*http.Request) error {
			if !sameOrigin(req.URL, api) {
				return &redirectError{fmt.Sprintf(
					"redirect to host %q rejected: the request carries the bearer token, which only %q may receive",
					req.URL.Host, api.Host)}
			}
			return checkRedirectCount(via)
		}
		body, _, err = c.sendWithToken(ctx, out)
	} else {
		if u.Scheme != "https" {
			return nil, invalid(fmt.Sprintf(
				"download URL on host %q rejected: a URL outside the API host %q must use https", u.Host, api.Host))
		}
		out.checkRedirect = func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "https" {
				return &redirectError{fmt.Sprintf("redirect to %s URL on host %q rejected: a download outside "+
					"the API host must stay on https", req.URL.Scheme, req.URL.Host)}
			}
			return checkRedirectCount(via)
		}
		body, _, err = c.send(ctx, out, nil)
	}

	var rejected *redirectError
	var apiErr *Error
	if errors.As(err, &rejected) && errors.As(err, &apiErr) {
		apiErr.Class = ClassInvalid
		apiErr.Message = rejected.message
		apiErr.Err = nil
	}
	return body, err
}

// redirectError is a redirect that a download's policy rejected.
type redirectError struct{ message string }

func (e *redirectError) Error() string { return e.message }

func checkRedirectCount(via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return nil
}

// sameOrigin reports whether a and b have the same scheme, host and port,
// the default port of the scheme counting as given.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// displayURL returns u without its query, user or fragment, for errors.
func displayURL(u *url.URL) string {
	if u.Scheme == "" || u.Host == "" {
		return "download URL"
	}
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}
