package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestNewClientValidation(t *testing.T) {
	valid := Config{ClientID: "id", ClientSecret: "secret", Region: "us-east-1"}
	tests := []struct {
		name   string
		change func(*Config)
		want   []string // substrings of the error
	}{
		{"missing client id", func(c *Config) { c.ClientID = "" }, []string{"Config.ClientID"}},
		{"blank client id", func(c *Config) { c.ClientID = "  " }, []string{"Config.ClientID"}},
		{"missing secret", func(c *Config) { c.ClientSecret = "" }, []string{"Config.ClientSecret"}},
		{"unknown region", func(c *Config) { c.Region = "us-east-9" }, []string{"Config.Region", `"us-east-9"`, "eu-west-1"}},
		{"no region or url", func(c *Config) { c.Region = "" }, []string{"Config.Region", "Config.APIBaseURL"}},
		{"api url scheme", func(c *Config) { c.APIBaseURL = "ftp://127.0.0.1" }, []string{"Config.APIBaseURL", "ftp://127.0.0.1"}},
		{"api url without host", func(c *Config) { c.APIBaseURL = "http://" }, []string{"Config.APIBaseURL", "host"}},
		{"api url not a url", func(c *Config) { c.APIBaseURL = "127.0.0.1:8080" }, []string{"Config.APIBaseURL"}},
		{"api url with query", func(c *Config) { c.APIBaseURL = "http://127.0.0.1/?x=1" }, []string{"Config.APIBaseURL"}},
		{"login url scheme", func(c *Config) { c.LoginBaseURL = "mailto:x@127.0.0.1" }, []string{"Config.LoginBaseURL"}},
		{"negative timeout", func(c *Config) { c.RequestTimeout = -time.Second }, []string{"Config.RequestTimeout"}},
		{"negative body cap", func(c *Config) { c.MaxBodyBytes = -1 }, []string{"Config.MaxBodyBytes"}},
		{"two problems", func(c *Config) { c.ClientID, c.ClientSecret = "", "" }, []string{"Config.ClientID", "Config.ClientSecret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.change(&cfg)
			_, err := NewClient(cfg)
			if err == nil {
				t.Fatal("NewClient returned no error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestNewClientBaseURLs(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		api, auth string
	}{
		{"region key", Config{Region: "eu-west-1"}, "https://api.mypurecloud.ie", "https://login.mypurecloud.ie"},
		{"region domain", Config{Region: "api.usw2.pure.cloud"}, "https://api.usw2.pure.cloud", "https://login.usw2.pure.cloud"},
		{"api override", Config{Region: "eu-west-1", APIBaseURL: "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"api override without region", Config{APIBaseURL: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"login override", Config{Region: "us-east-1", LoginBaseURL: "http://127.0.0.1:9090"}, "https://api.mypurecloud.com", "http://127.0.0.1:9090"},
		{"both overrides", Config{APIBaseURL: "http://127.0.0.1:1/sim", LoginBaseURL: "http://127.0.0.1:2"}, "http://127.0.0.1:1/sim", "http://127.0.0.1:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.ClientID, cfg.ClientSecret = "id", "secret"
			c, err := NewClient(cfg)
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if c.apiBase != tt.api {
				t.Errorf("API base = %q, want %q", c.apiBase, tt.api)
			}
			if c.loginBase != tt.auth {
				t.Errorf("login base = %q, want %q", c.loginBase, tt.auth)
			}
			if got := c.tokens.credentials.TokenURL; got != tt.auth+"/oauth/token" {
				t.Errorf("token URL = %q, want %q", got, tt.auth+"/oauth/token")
			}
		})
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient(Config{ClientID: "id", ClientSecret: "secret", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.timeout != 60*time.Second {
		t.Errorf("timeout = %s, want 60s", c.timeout)
	}
	if c.maxBodyBytes != 64<<20 {
		t.Errorf("maxBodyBytes = %d, want 64 MiB", c.maxBodyBytes)
	}
	if c.userAgent != "gcexport" {
		t.Errorf("userAgent = %q, want gcexport", c.userAgent)
	}
	if c.httpClient == nil || c.httpClient.Timeout != 60*time.Second {
		t.Errorf("default HTTP client has no 60s timeout: %+v", c.httpClient)
	}
}

func TestGetSendsBearerAndHeaders(t *testing.T) {
	var got *http.Request
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		writeJSON(w, http.StatusOK, `{"id":"u1"}`)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.UserAgent = "gcexport-test/1" })

	body, err := c.Get(context.Background(), "/api/v2/users/u1", url.Values{"expand": {"skills"}})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if string(body) != `{"id":"u1"}` {
		t.Errorf("body = %s", body)
	}
	if got.Method != http.MethodGet {
		t.Errorf("method = %s", got.Method)
	}
	if got.URL.Path != "/api/v2/users/u1" || got.URL.Query().Get("expand") != "skills" {
		t.Errorf("URL = %s", got.URL)
	}
	if auth := got.Header.Get("Authorization"); auth != "Bearer "+testTokenPrefix+"1" {
		t.Errorf("Authorization = %q", auth)
	}
	if ua := got.Header.Get("User-Agent"); ua != "gcexport-test/1" {
		t.Errorf("User-Agent = %q", ua)
	}
	if ua := f.lastTokenRequest(t).UserAgent; ua != "gcexport-test/1" {
		t.Errorf("token request User-Agent = %q", ua)
	}
}

func TestGetMergesPathQuery(t *testing.T) {
	var query url.Values
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		writeJSON(w, http.StatusOK, `{}`)
	})
	c := newTestClient(t, f)

	_, err := c.Get(context.Background(), "/api/v2/users?pageSize=25&pageNumber=2&state=active",
		url.Values{"pageNumber": {"3"}})
	if err != nil {
		t.Fatal(err)
	}
	if query.Get("pageNumber") != "3" {
		t.Errorf("pageNumber = %q, want the query argument's 3", query.Get("pageNumber"))
	}
	if query.Get("pageSize") != "25" || query.Get("state") != "active" {
		t.Errorf("query from the path was lost: %v", query)
	}
}

func TestGetRejectsAbsoluteURL(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)

	for _, path := range []string{"http://127.0.0.2/api/v2/users", "//127.0.0.2/api/v2/users", "api/v2/users"} {
		_, err := c.Get(context.Background(), path, nil)
		if e := asError(t, err); e.Class != ClassInvalid {
			t.Errorf("Get(%q) class = %s, want Invalid", path, e.Class)
		}
	}
	if n := f.tokenRequestCount(); n != 0 {
		t.Errorf("%d token requests were sent for rejected paths", n)
	}
	if s := c.Stats(); s.Total != 0 {
		t.Errorf("Stats().Total = %d, want 0", s.Total)
	}
}

func TestStatsCounts(t *testing.T) {
	statuses := map[string]int{"/ok": 200, "/gone": 404, "/busy": 503, "/auth": 401}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, statuses[r.URL.Path], `{}`)
	})
	c := newTestClient(t, f)
	ctx := context.Background()

	for _, path := range []string{"/ok", "/ok", "/gone", "/busy", "/auth"} {
		_, _ = c.Get(ctx, path, nil)
	}
	f.server.Close()
	_, _ = c.Get(ctx, "/ok", nil) // transport error

	stats := c.Stats()
	want := map[int]int64{200: 2, 404: 1, 503: 1, 401: 2, 0: 1}
	if stats.Total != 7 {
		t.Errorf("Total = %d, want 7 (the 401 is repeated once)", stats.Total)
	}
	for status, n := range want {
		if stats.ByStatus[status] != n {
			t.Errorf("ByStatus[%d] = %d, want %d", status, stats.ByStatus[status], n)
		}
	}
	if len(stats.ByStatus) != len(want) {
		t.Errorf("ByStatus = %v, want %v", stats.ByStatus, want)
	}

	stats.ByStatus[200] = 99
	if c.Stats().ByStatus[200] != 2 {
		t.Error("Stats() does not return a copy")
	}
}

func TestStatsConcurrent(t *testing.T) {
	f := newFake(t, okJSON(`{}`))
	c := newTestClient(t, f)
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 10 {
				_, _ = c.Get(context.Background(), "/api/v2/ok", nil)
				_ = c.Stats()
			}
		}()
	}
	for range 8 {
		<-done
	}
	if s := c.Stats(); s.Total != 80 || s.ByStatus[200] != 80 {
		t.Errorf("Stats() = %+v, want 80 requests with 200", s)
	}
}
