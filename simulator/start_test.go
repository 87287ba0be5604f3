package simulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestStartAndClose(t *testing.T) {
	s, err := New(SampleFixture(), Options{ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close before Start: %v", err)
	}
	baseURL, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") {
		t.Errorf("base URL %q, want http://127.0.0.1:PORT", baseURL)
	}
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Error("a second Start succeeded")
	}

	h := &harness{t: t, server: s, url: baseURL}
	h.token = h.issueToken()
	if resp := h.get("/api/v2/routing/queues?pageSize=5"); resp.status != http.StatusOK || len(resp.entities()) != 5 {
		t.Errorf("queues: status %d, %d entities", resp.status, len(resp.entities()))
	}

	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := http.PostForm(baseURL+"/oauth/token", url.Values{}); err == nil {
		t.Error("the server still responds after Close")
	}
}
