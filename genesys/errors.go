package genesys

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Class is the error class of a failed API call. Activities turn it into the
// type name of a Temporal application error, so that retry policies can name
// the classes that are not retried.
type Class string

const (
	// ClassConflict is a 409: the object is locked or being modified.
	ClassConflict Class = "Conflict"
	// ClassRateLimited is a 429, or the token endpoint's 400 "rate limit
	// exceeded". Error.RetryAfter carries the wait the server asked for.
	ClassRateLimited Class = "RateLimited"
	// ClassTransient is a 5xx, a 408, a timeout, a broken connection or a
	// truncated response body.
	ClassTransient Class = "Transient"
	// ClassAuth is a 401 that a fresh token did not cure, or a token request
	// that the login service rejected.
	ClassAuth Class = "Auth"
	// ClassForbidden is a 403: a missing permission or an unlicensed product.
	ClassForbidden Class = "Forbidden"
	// ClassGone is a 404 or a 410: the object was deleted.
	ClassGone Class = "Gone"
	// ClassInvalid is a 400 or another 4xx, or a response this client cannot
	// use (over the size limit, or without the expected envelope).
	ClassInvalid Class = "Invalid"
)

// Error is a failed call to the Platform API or its token endpoint.
type Error struct {
	Class  Class
	Status int    // HTTP status, or 0 when no response arrived
	Method string // "GET", or "POST" for the token endpoint
	// Path is the request path with only its paging parameters (pageNumber,
	// pageSize, after, before, cursor) as query, for example
	// "/api/v2/users?pageNumber=2&pageSize=100".
	Path string

	// Code, Message and ContextID come from the Genesys ErrorBody (code,
	// message, contextId) or, for the token endpoint, from the OAuth error
	// (error, error_description). ContextID falls back to the
	// ININ-Correlation-Id header.
	Code, Message, ContextID string

	// RetryAfter is the parsed Retry-After header. Zero means none was sent.
	RetryAfter time.Duration

	// Err is the underlying transport, body or decoding error, if any.
	Err error
}

// tokenPath is Error.Path for failures of the token request.
const tokenPath = "/oauth/token"

// Error formats the failure as
// "genesys: GET /api/v2/users?pageNumber=2: 409 general.conflict: <message> (contextId <id>)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("genesys: ")
	b.WriteString(e.Method)
	b.WriteString(" ")
	b.WriteString(e.Path)
	b.WriteString(": ")

	if e.Status != 0 && (e.Status < 200 || e.Status > 299) {
		b.WriteString(strconv.Itoa(e.Status))
		if e.Code != "" {
			b.WriteString(" ")
			b.WriteString(e.Code)
		}
		b.WriteString(": ")
		switch {
		case e.Message != "":
			b.WriteString(e.Message)
		case http.StatusText(e.Status) != "":
			b.WriteString(http.StatusText(e.Status))
		default:
			b.WriteString("unexpected status")
		}
	} else {
		b.WriteString(e.Message)
		if e.Err != nil {
			if e.Message != "" {
				b.WriteString(": ")
			}
			b.WriteString(describeCause(e.Err))
		}
	}

	if e.ContextID != "" {
		b.WriteString(" (contextId ")
		b.WriteString(e.ContextID)
		b.WriteString(")")
	}
	if e.Class == ClassAuth && e.Path == tokenPath {
		b.WriteString(" (check the OAuth client ID, secret and region)")
	}
	return b.String()
}

// Unwrap returns the underlying error, so errors.Is finds
// context.DeadlineExceeded or a net.Error.
func (e *Error) Unwrap() error { return e.Err }

// describeCause renders a cause without the request URL that *url.Error
// carries, so that query parameters stay out of messages.
func describeCause(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// ClassOf returns the class of err: the Class of a *Error anywhere in its
// chain, ClassTransient for a context deadline or a network error, and ""
// for nil and every other error.
func ClassOf(err error) Class {
	if err == nil {
		return ""
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.Class
	}
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) {
		return ClassTransient
	}
	return ""
}

// classifyStatus maps the HTTP status of a Platform API response to its
// class. A 401 maps to ClassAuth here because the caller has already spent
// its one token refresh when it classifies.
func classifyStatus(status int) Class {
	switch {
	case status == http.StatusConflict:
		return ClassConflict
	case status == http.StatusTooManyRequests:
		return ClassRateLimited
	case status == http.StatusRequestTimeout || status >= 500:
		return ClassTransient
	case status == http.StatusUnauthorized:
		return ClassAuth
	case status == http.StatusForbidden:
		return ClassForbidden
	case status == http.StatusNotFound || status == http.StatusGone:
		return ClassGone
	default:
		return ClassInvalid
	}
}

// classifyTransport maps an error of the HTTP exchange itself (no status).
// A failed certificate check is Invalid because a retry meets the same
// certificate. Everything else (timeouts, resets, refused connections, DNS)
// is Transient.
func classifyTransport(err error) Class {
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostnameErr) {
		return ClassInvalid
	}
	return ClassTransient
}

// maxRetryAfterSeconds keeps a huge Retry-After from overflowing
// time.Duration.
const maxRetryAfterSeconds = math.MaxInt64 / int64(time.Second)

// parseRetryAfter reads a Retry-After header: whole seconds or an HTTP date.
// It returns 0 for an absent, malformed, negative or past value.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds <= 0 {
			return 0
		}
		if seconds > maxRetryAfterSeconds {
			seconds = maxRetryAfterSeconds
		}
		return time.Duration(seconds) * time.Second
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0
	}
	wait := when.Sub(now)
	if wait <= 0 {
		return 0
	}
	// HTTP dates have whole-second precision, so round up rather than retry
	// a fraction of a second early.
	return (wait + time.Second - 1).Truncate(time.Second)
}
