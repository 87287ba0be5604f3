package simulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkListLargeOrg pages through a list of 200,000 objects, the size
// of the external contacts of a million-object org, in both paging styles
// that reach that size. A page costs its own objects, not the whole list's.
func BenchmarkListLargeOrg(b *testing.B) {
	const n = 200_000
	contacts := objects("contact", n, nil)
	users := objects("user", n, nil)
	s, err := New(&Fixture{Org: testOrg, Resources: map[string][]map[string]any{
		typeExternalContact: contacts, typeUser: users,
	}}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	handler := s.Handler()
	token := benchToken(b, handler)
	for _, tc := range []struct{ name, first string }{
		{"scan", "/api/v2/externalcontacts/scan/contacts?limit=200"},
		{"numbered", "/api/v2/users?pageSize=500&pageNumber=1"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			pages := 0
			for b.Loop() {
				for path := tc.first; path != ""; pages++ {
					path = benchPage(b, handler, token, path)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
		})
	}
}

func benchToken(b *testing.B, handler http.Handler) string {
	req := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("id", "secret")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.AccessToken == "" {
		b.Fatalf("token: status %d, body %s", rec.Code, rec.Body)
	}
	return body.AccessToken
}

// benchPage gets one page and returns the path of the next, or "".
func benchPage(b *testing.B, handler http.Handler, token, path string) string {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d, body %s", path, rec.Code, rec.Body)
	}
	var page struct {
		NextURI string `json:"nextUri"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		b.Fatal(err)
	}
	return page.NextURI
}
