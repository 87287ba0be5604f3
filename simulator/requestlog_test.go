package simulator

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRequestLogRecordsEachRequest(t *testing.T) {
	var log RequestLog
	handler := log.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing":
			http.Error(w, "not found", http.StatusNotFound)
		case "/silent":
			// Writes nothing, which net/http sends as 200.
		default:
			_, _ = w.Write([]byte("{}"))
		}
	}))
	server := httptest.NewServer(handler)
	defer server.Close()

	for _, target := range []string{"/api/v2/users?pageNumber=2&pageSize=100", "/missing", "/silent",
		"/api/v2/flows/a%2Fb"} {
		resp, err := http.Get(server.URL + target)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		_ = resp.Body.Close()
	}

	got := log.Requests()
	want := []LoggedRequest{
		{Method: "GET", Path: "/api/v2/users", Query: "pageNumber=2&pageSize=100", Status: 200},
		{Method: "GET", Path: "/missing", Status: 404},
		{Method: "GET", Path: "/silent", Status: 200},
		{Method: "GET", Path: "/api/v2/flows/a%2Fb", Status: 200},
	}
	if len(got) != len(want) {
		t.Fatalf("logged %d requests, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Query != w.Query || g.Status != w.Status {
			t.Errorf("request %d = %s %s?%s %d, want %s %s?%s %d",
				i, g.Method, g.Path, g.Query, g.Status, w.Method, w.Path, w.Query, w.Status)
		}
		if g.Time.IsZero() {
			t.Errorf("request %d has no time", i)
		}
		if i > 0 && g.Time.Before(got[i-1].Time) {
			t.Errorf("request %d arrived at %s, before request %d at %s", i, g.Time, i-1, got[i-1].Time)
		}
	}
}
