// Package genesys is a client of the Genesys Cloud Platform API v2 for
// read-only exports: OAuth2 client credentials, GET requests, the paging
// envelopes, and the error classes that retry policies are written against.
// It handles HTTP and OAuth2 and does not depend on Temporal.
package genesys

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2/clientcredentials"
)

const (
	defaultRequestTimeout = 60 * time.Second
	defaultMaxBodyBytes   = 64 << 20
	defaultMaxJSONDepth   = 1000
	defaultUserAgent      = "gcexport"
	dialTimeout           = 10 * time.Second
)

// Config configures a Client. Only ClientID, ClientSecret and either Region
// or APIBaseURL are required.
type Config struct {
	ClientID     string
	ClientSecret string

	// Region is a region key or domain, as LookupRegion accepts. It gives the
	// base URLs unless APIBaseURL or LoginBaseURL override them. It may be
	// empty when APIBaseURL is set.
	Region string

	// APIBaseURL overrides the region's API base URL, for example
	// "http://127.0.0.1:8080" for the simulator, which serves the API and the
	// token endpoint on one URL.
	APIBaseURL string
	// LoginBaseURL overrides the region's login base URL. Empty means
	// APIBaseURL when that is set, else the region's login URL.
	LoginBaseURL string

	// HTTPClient sends API and token requests. Nil means a client that
	// connects within 10 s and gives each request RequestTimeout.
	HTTPClient *http.Client
	// RequestTimeout bounds each request, including reading its body, on
	// top of any timeout of HTTPClient. Zero means 60 s.
	RequestTimeout time.Duration
	// MaxBodyBytes caps a 2xx response body. A larger body fails with
	// ClassInvalid, before it is read when its Content-Length is larger.
	// Zero means 64 MiB.
	MaxBodyBytes int64
	// MaxJSONDepth is the deepest nesting of arrays and objects that
	// CheckObject accepts in one object. Zero means 1000. A whole response
	// body may nest at most maxBodyDepth levels, the limit of encoding/json.
	MaxJSONDepth int
	// TimeScale multiplies every wait the client takes from a response or
	// makes itself: Error.RetryAfter and the backoff between throttled
	// token requests. Zero means 1. Tests set it below 1 so that a
	// Retry-After of minutes passes in seconds.
	TimeScale float64
	// RequestsPerMinute caps the API requests this client sends: they leave
	// at least a minute divided by this apart (2% more, for jitter), times
	// TimeScale. Token requests are not paced. Zero means no limit.
	RequestsPerMinute float64
	// UserAgent is sent on every request. Empty means "gcexport".
	UserAgent string
	// Logger receives a debug line per request and token fetch, an info line
	// per token refresh after a 401, and a warning per failed token request.
	// Nil discards them.
	Logger *slog.Logger
}

// String describes the configuration with the client secret redacted.
func (c Config) String() string {
	return fmt.Sprintf("genesys.Config{ClientID:%q ClientSecret:%s Region:%q APIBaseURL:%q LoginBaseURL:%q}",
		c.ClientID, redact(c.ClientSecret), c.Region, c.APIBaseURL, c.LoginBaseURL)
}

// GoString is String, so that %#v hides the secret too.
func (c Config) GoString() string { return c.String() }

// LogValue logs the configuration with the client secret redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("clientId", c.ClientID),
		slog.String("clientSecret", redact(c.ClientSecret)),
		slog.String("region", c.Region),
		slog.String("apiBaseUrl", c.APIBaseURL),
		slog.String("loginBaseUrl", c.LoginBaseURL),
	)
}

func redact(secret string) string {
	if secret == "" {
		return `""`
	}
	return "<redacted>"
}

// Client calls the Platform API of one org. It is safe for concurrent use,
// and one Client per worker process shares one OAuth token.
type Client struct {
	apiBase      string
	loginBase    string
	clientID     string
	httpClient   *http.Client
	timeout      time.Duration
	maxBodyBytes int64
	maxJSONDepth int
	timeScale    float64
	userAgent    string
	logger       *slog.Logger
	tokens       *tokenSource
	pacer        *pacer
	now          func() time.Time

	statsMu sync.Mutex
	stats   Stats
}

// Stats counts the API requests a Client sent. Token requests are not
// counted.
type Stats struct {
	Total int64
	// ByStatus counts requests per HTTP status. Key 0 counts requests that
	// got no response (transport errors, timeouts).
	ByStatus map[int]int64
}

// NewClient checks cfg and builds a Client. It sends nothing: the first
// request fetches the token.
func NewClient(cfg Config) (*Client, error) {
	var problems []error
	if strings.TrimSpace(cfg.ClientID) == "" {
		problems = append(problems, errors.New("genesys: Config.ClientID is empty"))
	}
	if cfg.ClientSecret == "" {
		problems = append(problems, errors.New("genesys: Config.ClientSecret is empty"))
	}
	if cfg.RequestTimeout < 0 {
		problems = append(problems, fmt.Errorf("genesys: Config.RequestTimeout is negative (%s)", cfg.RequestTimeout))
	}
	if cfg.MaxBodyBytes < 0 {
		problems = append(problems, fmt.Errorf("genesys: Config.MaxBodyBytes is negative (%d)", cfg.MaxBodyBytes))
	}
	if cfg.MaxJSONDepth < 0 {
		problems = append(problems, fmt.Errorf("genesys: Config.MaxJSONDepth is negative (%d)", cfg.MaxJSONDepth))
	}
	if cfg.TimeScale < 0 || math.IsNaN(cfg.TimeScale) || math.IsInf(cfg.TimeScale, 0) {
		problems = append(problems, fmt.Errorf("genesys: Config.TimeScale %v is not a finite number of at least 0", cfg.TimeScale))
	}
	if err := checkRequestsPerMinute(cfg.RequestsPerMinute); err != nil {
		problems = append(problems, err)
	}

	apiBase, loginBase, err := baseURLs(cfg)
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}

	c := &Client{
		apiBase:      apiBase,
		loginBase:    loginBase,
		clientID:     cfg.ClientID,
		httpClient:   cfg.HTTPClient,
		timeout:      cfg.RequestTimeout,
		maxBodyBytes: cfg.MaxBodyBytes,
		maxJSONDepth: cfg.MaxJSONDepth,
		timeScale:    cfg.TimeScale,
		userAgent:    cfg.UserAgent,
		logger:       cfg.Logger,
		now:          time.Now,
		stats:        Stats{ByStatus: map[int]int64{}},
	}
	if c.timeout == 0 {
		c.timeout = defaultRequestTimeout
	}
	if c.maxBodyBytes == 0 {
		c.maxBodyBytes = defaultMaxBodyBytes
	}
	if c.maxJSONDepth == 0 {
		c.maxJSONDepth = defaultMaxJSONDepth
	}
	if c.timeScale == 0 {
		c.timeScale = 1
	}
	c.pacer = newPacer(cfg.RequestsPerMinute, c.timeScale, time.Now)
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.httpClient == nil {
		c.httpClient = newHTTPClient(c.timeout)
	}

	c.tokens = newTokenSource(tokenSourceConfig{
		credentials: clientcredentials.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			TokenURL:     loginBase + tokenPath,
		},
		httpClient: c.httpClient,
		userAgent:  c.userAgent,
		timeout:    c.timeout,
		timeScale:  c.timeScale,
		logger:     c.logger,
	})
	return c, nil
}

// baseURLs resolves the API and login base URLs from the region and the
// overrides, without a trailing slash.
func baseURLs(cfg Config) (apiBase, loginBase string, err error) {
	var problems []error
	var region Region
	haveRegion := false
	if strings.TrimSpace(cfg.Region) != "" {
		region, err = LookupRegion(cfg.Region)
		if err != nil {
			problems = append(problems, fmt.Errorf("genesys: Config.Region: %w", err))
		} else {
			haveRegion = true
		}
	} else if cfg.APIBaseURL == "" {
		problems = append(problems, errors.New("genesys: Config.Region is empty and no Config.APIBaseURL is set"))
	}

	if cfg.APIBaseURL != "" {
		apiBase, err = checkBaseURL(cfg.APIBaseURL)
		if err != nil {
			problems = append(problems, fmt.Errorf("genesys: Config.APIBaseURL: %w", err))
		}
	} else if haveRegion {
		apiBase = region.APIBaseURL()
	}

	switch {
	case cfg.LoginBaseURL != "":
		loginBase, err = checkBaseURL(cfg.LoginBaseURL)
		if err != nil {
			problems = append(problems, fmt.Errorf("genesys: Config.LoginBaseURL: %w", err))
		}
	case cfg.APIBaseURL != "":
		loginBase = apiBase
	case haveRegion:
		loginBase = region.LoginBaseURL()
	}
	return apiBase, loginBase, errors.Join(problems...)
}

// checkBaseURL accepts an absolute http or https URL with a host and no
// query or fragment, and returns it without a trailing slash.
func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid URL %q: the scheme must be http or https", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("invalid URL %q: the host is missing", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("invalid URL %q: a base URL takes no user, query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func newHTTPClient(timeout time.Duration) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	transport.TLSHandshakeTimeout = dialTimeout
	return &http.Client{Transport: transport, Timeout: timeout}
}

// String describes the client without its secret or token.
func (c *Client) String() string {
	return fmt.Sprintf("genesys.Client{API:%s Login:%s ClientID:%q}", c.apiBase, c.loginBase, c.clientID)
}

// GoString is String, so that %#v hides the token source too.
func (c *Client) GoString() string { return c.String() }

// APIBaseURL returns the base URL that API requests go to.
func (c *Client) APIBaseURL() string { return c.apiBase }

// Stats returns a copy of the request counters.
func (c *Client) Stats() Stats {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	copied := Stats{Total: c.stats.Total, ByStatus: make(map[int]int64, len(c.stats.ByStatus))}
	for status, n := range c.stats.ByStatus {
		copied.ByStatus[status] = n
	}
	return copied
}

func (c *Client) countRequest(status int) {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	c.stats.Total++
	c.stats.ByStatus[status]++
}
