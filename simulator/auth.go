package simulator

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	tokenPath = "/oauth/token"
	// defaultTokenLifetime is the API's default for an OAuth client without
	// accessTokenValiditySeconds: 24 hours.
	defaultTokenLifetime = 24 * time.Hour
	maxTokenRequestBytes = 64 << 10
)

// tokenStore holds issued access tokens and their expiry times.
type tokenStore struct {
	mu     sync.Mutex
	expiry map[string]time.Time
}

// oauthError is the token endpoint's error body. It carries the text in
// both description and error_description, because clients read either.
type oauthError struct {
	Error            string `json:"error"`
	Description      string `json:"description"`
	ErrorDescription string `json:"error_description"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// tokenError is a token endpoint error before it is sent.
type tokenError struct {
	status      int
	code        string
	description string
}

// serveToken handles the client-credentials grant and logs each rejection
// with its client id, never the secret.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	clientID, err := s.checkTokenRequest(w, r)
	if err != nil {
		if err.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="oauth"`)
		}
		s.log.Info("token request rejected", "clientId", clientID, "status", err.status,
			"error", err.code, "description", err.description)
		writeJSON(w, err.status, oauthError{Error: err.code, Description: err.description,
			ErrorDescription: err.description})
		return
	}

	token := newAccessToken()
	lifetime := s.opts.TokenLifetime
	if lifetime <= 0 {
		lifetime = defaultTokenLifetime
	}
	now := s.now()
	s.tokens.issue(token, now.Add(lifetime), now)
	s.log.Debug("token issued", "clientId", clientID, "expiresInSeconds", int(lifetime.Seconds()))
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: token,
		TokenType:   "bearer",
		ExpiresIn:   int(lifetime.Seconds()),
	})
}

// checkTokenRequest returns the client id of a valid grant request. The
// client id and secret must come in a Basic Authorization header and only
// there, and the form body must hold grant_type=client_credentials.
func (s *Server) checkTokenRequest(w http.ResponseWriter, r *http.Request) (string, *tokenError) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return "", &tokenError{http.StatusMethodNotAllowed, "invalid_request", "The token endpoint accepts only POST."}
	}
	clientID, secret, ok := r.BasicAuth()
	if !ok {
		return "", &tokenError{http.StatusUnauthorized, "invalid_client",
			"Client authentication is required: send the client id and secret in a Basic Authorization header."}
	}

	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		return clientID, &tokenError{http.StatusBadRequest, "invalid_request",
			"The request body must be application/x-www-form-urlencoded."}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequestBytes)
	if err := r.ParseForm(); err != nil {
		return clientID, &tokenError{http.StatusBadRequest, "invalid_request", "Invalid form body: " + err.Error()}
	}
	if r.PostForm.Has("client_id") || r.PostForm.Has("client_secret") {
		return clientID, &tokenError{http.StatusBadRequest, "invalid_request",
			"Send client credentials only in the Basic Authorization header, not in the body."}
	}

	switch grant := r.PostForm.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		return clientID, &tokenError{http.StatusBadRequest, "invalid_request", "Missing grant_type."}
	default:
		return clientID, &tokenError{http.StatusBadRequest, "unsupported_grant_type",
			"Unsupported grant_type [" + grant + "]. Only client_credentials is supported."}
	}

	if !s.acceptsClient(clientID, secret) {
		return clientID, &tokenError{http.StatusUnauthorized, "invalid_client", "Invalid client credentials."}
	}
	return clientID, nil
}

// acceptsClient compares in constant time, as a credential check should.
func (s *Server) acceptsClient(clientID, secret string) bool {
	if clientID == "" || secret == "" {
		return false
	}
	idOK := s.opts.ClientID == "" ||
		subtle.ConstantTimeCompare([]byte(clientID), []byte(s.opts.ClientID)) == 1
	secretOK := s.opts.ClientSecret == "" ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) == 1
	return idOK && secretOK
}

// authenticate returns the request's bearer token if it is one that was
// issued and has not expired.
// NOTE: an expired token gets bad.credentials. Whether the real API sends
// that or credentials.expired is not documented.
func (s *Server) authenticate(r *http.Request) (string, *apiError) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", &apiError{
			status:  http.StatusUnauthorized,
			code:    "authentication.required",
			message: "No authentication bearer token specified in authorization header.",
		}
	}
	if !s.tokens.valid(token, s.now()) {
		return "", errorForStatus(http.StatusUnauthorized)
	}
	return token, nil
}

// issue stores a token and drops the expired ones, so that the store stays
// as small as the number of live tokens.
func (t *tokenStore) issue(token string, expiry, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for old, oldExpiry := range t.expiry {
		if !now.Before(oldExpiry) {
			delete(t.expiry, old)
		}
	}
	t.expiry[token] = expiry
}

func (t *tokenStore) valid(token string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	expiry, ok := t.expiry[token]
	return ok && now.Before(expiry)
}

// newAccessToken returns an opaque random token of 64 URL-safe characters.
func newAccessToken() string {
	b := make([]byte, 48)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error
	return base64.RawURLEncoding.EncodeToString(b)
}
