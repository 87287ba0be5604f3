package genesys

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// maxEarlyRefresh is how long before expiry a token is replaced. Genesys'
// Go SDK re-authorizes at expires_in - 60 s as well.
const maxEarlyRefresh = 60 * time.Second

type tokenSourceConfig struct {
	credentials clientcredentials.Config
	httpClient  *http.Client
	userAgent   string
	timeout     time.Duration
	timeScale   float64
	logger      *slog.Logger
}

// tokenTries is how many grants one token fetch sends while the token
// endpoint throttles with its 400 "rate limit exceeded". The waits between
// them double from tokenBackoff (1, 2, 4 and 8 s, times Config.TimeScale),
// so a fetch gives up after about 15 s and its callers' retry policies take
// over. The Terraform provider's export also retries that response.
const tokenTries = 5

const tokenBackoff = time.Second

// tokenSource fetches client-credentials tokens, caches one and shares it
// between goroutines. At most one token request is in flight at a time.
//
// The exchange runs on a context derived from context.Background, never
// from a caller's context, so that one caller giving up cannot fail the
// exchange for the others. The exchange is cancelled only when every caller
// waiting for it has given up.
type tokenSource struct {
	credentials *clientcredentials.Config
	httpClient  *http.Client
	userAgent   string
	timeout     time.Duration
	timeScale   float64
	logger      *slog.Logger
	base        context.Context
	now         func() time.Time

	mu      sync.Mutex
	current *cachedToken // guarded by mu; nil when no usable token is cached
	pending *tokenFetch  // guarded by mu; nil when no exchange is running
}

type cachedToken struct {
	token     *oauth2.Token
	refreshAt time.Time // zero when the token has no expiry
}

// tokenFetch is one token exchange and the callers waiting for it.
type tokenFetch struct {
	done    chan struct{} // closed once token and err are set
	token   *oauth2.Token
	err     error
	waiters int // guarded by tokenSource.mu
	cancel  context.CancelFunc
}

func newTokenSource(cfg tokenSourceConfig) *tokenSource {
	credentials := cfg.credentials
	// Genesys' Go and JavaScript SDKs send the credentials only in a Basic
	// header and only grant_type in the body.
	// NOTE: golang.org/x/oauth2 form-encodes the ID and secret inside the
	// Basic header (RFC 6749 section 2.3.1) where the SDKs do not. Both give
	// the same header for letters, digits and "-._~", but it is unverified
	// that Genesys decodes other characters.
	credentials.AuthStyle = oauth2.AuthStyleInHeader
	return &tokenSource{
		credentials: &credentials,
		httpClient:  cfg.httpClient,
		userAgent:   cfg.userAgent,
		timeout:     cfg.timeout,
		timeScale:   cfg.timeScale,
		logger:      cfg.logger,
		base:        context.Background(),
		now:         time.Now,
	}
}

// token returns the cached token, or waits for a new one until ctx is done.
func (s *tokenSource) token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	if s.current != nil && s.fresh(s.current) {
		token := s.current.token
		s.mu.Unlock()
		return token, nil
	}
	if err := ctx.Err(); err != nil {
		s.mu.Unlock()
		return nil, waitError(err)
	}
	fetch := s.pending
	if fetch == nil {
		fetch = s.startFetch()
	}
	fetch.waiters++
	s.mu.Unlock()

	select {
	case <-fetch.done:
		return fetch.token, fetch.err
	case <-ctx.Done():
		s.leave(fetch)
		return nil, waitError(ctx.Err())
	}
}

func waitError(err error) *Error {
	return &Error{
		Class:   ClassTransient,
		Method:  http.MethodPost,
		Path:    tokenPath,
		Message: "stopped waiting for the OAuth token",
		Err:     err,
	}
}

func (s *tokenSource) fresh(t *cachedToken) bool {
	return t.refreshAt.IsZero() || s.now().Before(t.refreshAt)
}

// invalidate drops token from the cache unless a newer token replaced it
// already, so that many requests failing with the same stale token cause a
// single refresh.
func (s *tokenSource) invalidate(token *oauth2.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil && s.current.token.AccessToken == token.AccessToken {
		s.current = nil
	}
}

// startFetch starts an exchange. The caller holds s.mu.
func (s *tokenSource) startFetch() *tokenFetch {
	ctx, cancel := context.WithCancel(s.base)
	fetch := &tokenFetch{done: make(chan struct{}), cancel: cancel}
	s.pending = fetch
	go s.run(ctx, fetch)
	return fetch
}

func (s *tokenSource) run(ctx context.Context, fetch *tokenFetch) {
	defer fetch.cancel()
	token, err := s.exchangeWithBackoff(ctx)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == fetch {
		s.pending = nil
	}
	if err == nil {
		s.current = &cachedToken{token: token, refreshAt: s.refreshTime(token)}
	}
	fetch.token, fetch.err = token, err
	close(fetch.done)
}

// leave records that one waiter gave up, and cancels the exchange when it
// was the last.
func (s *tokenSource) leave(fetch *tokenFetch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fetch.waiters--
	if fetch.waiters == 0 && s.pending == fetch {
		s.pending = nil
		fetch.cancel()
	}
}

// refreshTime is maxEarlyRefresh before expiry, or half the lifetime for a
// token that lives less than two minutes.
func (s *tokenSource) refreshTime(token *oauth2.Token) time.Time {
	if token.Expiry.IsZero() {
		return time.Time{}
	}
	margin := token.Expiry.Sub(s.now()) / 2
	if margin > maxEarlyRefresh {
		margin = maxEarlyRefresh
	}
	return token.Expiry.Add(-margin)
}

// exchangeWithBackoff runs the grant, and runs it again after a growing
// wait while the token endpoint throttles, up to tokenTries times. A
// Retry-After on the throttled response replaces the wait when it is
// longer. The last throttled error is returned with RetryAfter set to the
// next wait, so the caller's retry waits at least as long.
func (s *tokenSource) exchangeWithBackoff(ctx context.Context) (*oauth2.Token, error) {
	wait := scale(tokenBackoff, s.timeScale)
	for try := 1; ; try++ {
		exchangeCtx, cancel := context.WithTimeout(ctx, s.timeout)
		token, err := s.exchange(exchangeCtx)
		cancel()
		var apiErr *Error
		if err == nil || !errors.As(err, &apiErr) || apiErr.Class != ClassRateLimited {
			return token, err
		}
		wait = max(wait, apiErr.RetryAfter)
		if try == tokenTries {
			apiErr.RetryAfter = wait
			return nil, apiErr
		}
		s.logger.Warn("OAuth token endpoint is throttling, waiting before the next token request",
			"try", try, "maxTries", tokenTries, "wait", wait, "error", apiErr.Error())
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, waitError(ctx.Err())
		case <-timer.C:
		}
		wait *= 2
	}
}

// exchange runs one client-credentials grant and classifies its failure.
func (s *tokenSource) exchange(ctx context.Context) (*oauth2.Token, error) {
	recorder := &exchangeRecorder{base: s.httpClient.Transport, userAgent: s.userAgent}
	if recorder.base == nil {
		recorder.base = http.DefaultTransport
	}
	httpClient := *s.httpClient
	httpClient.Transport = recorder
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &httpClient)

	started := s.now()
	token, err := s.credentials.Token(ctx)
	if err != nil {
		apiErr := s.classifyTokenError(err, recorder)
		s.logger.Warn("OAuth token request failed", "class", string(apiErr.Class),
			"status", apiErr.Status, "error", apiErr.Error())
		return nil, apiErr
	}
	s.logger.Debug("fetched an OAuth token", "expiresAt", token.Expiry, "duration", s.now().Sub(started))
	return token, nil
}

// classifyTokenError turns a failed grant into a *Error. The token endpoint
// throttles with 400 invalid_request and an error_description starting with
// "rate limit exceeded", not with 429, as the Terraform provider's
// token-minting retry shows.
func (s *tokenSource) classifyTokenError(err error, recorder *exchangeRecorder) *Error {
	e := &Error{Method: http.MethodPost, Path: tokenPath}

	var retrieveErr *oauth2.RetrieveError
	switch {
	case errors.As(err, &retrieveErr) && retrieveErr.Response != nil:
		resp := retrieveErr.Response
		e.Status = resp.StatusCode
		e.Code = retrieveErr.ErrorCode
		e.Message = retrieveErr.ErrorDescription
		e.RetryAfter = scale(parseRetryAfter(resp.Header.Get("Retry-After"), s.now()), s.timeScale)
		e.ContextID = resp.Header.Get("ININ-Correlation-Id")
		if e.Code == "" && e.Message == "" {
			// Some failures come back as a Platform API ErrorBody.
			var body errorBody
			if json.Unmarshal(retrieveErr.Body, &body) == nil {
				e.Code, e.Message = body.Code, body.Message
				if body.ContextID != "" {
					e.ContextID = body.ContextID
				}
			}
		}
		e.Class = classifyTokenResponse(e.Status, e.Code, e.Message)
		secrets := s.credentialForms()
		e.Code = redactSecrets(e.Code, secrets...)
		e.Message = redactSecrets(e.Message, secrets...)
		e.ContextID = redactSecrets(e.ContextID, secrets...)
		e.Err = withoutRequest(retrieveErr, secrets)
	case recorder.err != nil:
		e.Class = classifyTransport(recorder.err)
		e.Err = err
		if !errors.Is(err, recorder.err) {
			// golang.org/x/oauth2 formats a body read error with %v, which
			// loses it for errors.Is.
			e.Err = recorder.err
		}
	default:
		// A 2xx whose body is not a token: truncated, or not JSON.
		e.Status = recorder.status
		e.Class = ClassTransient
		e.Message = "cannot decode the token response"
		e.Err = err
	}
	return e
}

func classifyTokenResponse(status int, code, description string) Class {
	switch {
	case status == http.StatusTooManyRequests:
		return ClassRateLimited
	case status == http.StatusBadRequest &&
		strings.HasPrefix(strings.ToLower(strings.TrimSpace(description)), "rate limit exceeded"):
		return ClassRateLimited
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ClassAuth
	case code == "invalid_client" || code == "unauthorized_client" || code == "invalid_grant":
		return ClassAuth
	case status == http.StatusRequestTimeout || status >= 500:
		return ClassTransient
	default:
		return ClassInvalid
	}
}

// credentialForms returns the client secret in every form a token endpoint
// could echo back: raw, and inside the Basic header as sent.
func (s *tokenSource) credentialForms() []string {
	id, secret := s.credentials.ClientID, s.credentials.ClientSecret
	return []string{
		secret,
		url.QueryEscape(secret),
		base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)),
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))),
	}
}

// withoutRequest copies a RetrieveError without the request, whose
// Authorization header holds the client secret, and with secrets removed
// from the body and description.
func withoutRequest(err *oauth2.RetrieveError, secrets []string) *oauth2.RetrieveError {
	copied := *err
	resp := *err.Response
	resp.Request = nil
	resp.Body = http.NoBody
	copied.Response = &resp
	copied.Body = []byte(redactSecrets(string(err.Body), secrets...))
	copied.ErrorDescription = redactSecrets(err.ErrorDescription, secrets...)
	copied.ErrorCode = redactSecrets(err.ErrorCode, secrets...)
	copied.ErrorURI = redactSecrets(err.ErrorURI, secrets...)
	return &copied
}

// exchangeRecorder is the transport of one token exchange. It sets the
// User-Agent and keeps the status and the transport or body error, which
// golang.org/x/oauth2 does not always return wrapped.
type exchangeRecorder struct {
	base      http.RoundTripper
	userAgent string
	status    int
	err       error
}

func (r *exchangeRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", r.userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		r.err = err
		return nil, err
	}
	r.status = resp.StatusCode
	resp.Body = &recordingBody{ReadCloser: resp.Body, recorder: r}
	return resp, nil
}

type recordingBody struct {
	io.ReadCloser
	recorder *exchangeRecorder
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.recorder.err = err
	}
	return n, err
}
