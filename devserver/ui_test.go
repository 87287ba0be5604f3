package devserver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
)

func TestUIServesIndexAndWorkflowList(t *testing.T) {
	s := startTestServer(t, Options{
		FrontendAddr: "127.0.0.1:0",
		UIAddr:       "127.0.0.1:0",
		Logger:       testLogger(t),
	})
	if !strings.HasPrefix(s.UIURL(), "http://127.0.0.1:") || strings.HasSuffix(s.UIURL(), ":0") {
		t.Fatalf("UIURL() = %q, want http://127.0.0.1 and the bound port", s.UIURL())
	}

	status, contentType, body := httpGet(t, s.UIURL()+"/")
	if status != http.StatusOK {
		t.Errorf("GET / status = %d, want 200", status)
	}
	if !strings.HasPrefix(contentType, "text/html") {
		t.Errorf("GET / Content-Type = %q, want text/html", contentType)
	}
	if !strings.Contains(strings.ToLower(body), "<html") {
		t.Errorf("GET / body has no <html> element: %.200q", body)
	}

	// A workflow without a worker stays running, so it stays listed.
	c := dialTestClient(t, s)
	const workflowID = "listed-in-ui"
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        workflowID,
		TaskQueue: "no-worker",
	}, waitingWorkflow); err != nil {
		t.Fatalf("start workflow %s: %v", workflowID, err)
	}

	// The list reads the visibility store, which the history service
	// updates shortly after the start.
	listURL := s.UIURL() + "/api/v1/namespaces/" + s.Namespace() + "/workflows"
	for {
		status, contentType, body = httpGet(t, listURL)
		if status != http.StatusOK {
			t.Fatalf("GET %s status = %d, want 200; body: %.300s", listURL, status, body)
		}
		if !strings.HasPrefix(contentType, "application/json") {
			t.Fatalf("GET %s Content-Type = %q, want application/json", listURL, contentType)
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("GET %s returned invalid JSON: %.300s", listURL, body)
		}
		if strings.Contains(body, workflowID) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("GET %s never listed workflow %s; last body: %.300s", listURL, workflowID, body)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func httpGet(t *testing.T, url string) (status int, contentType, body string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read GET %s: %v", url, err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(data)
}
