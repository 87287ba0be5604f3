package sample

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gcexport/gcexport/simulator"
)

var update = flag.Bool("update", false, "rewrite org.json from the generator")

const sampleFile = "org.json"

func encode(t *testing.T, f *simulator.Fixture) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatalf("encode the sample: %v", err)
	}
	return buf.Bytes()
}

// TestSampleFileUpToDate regenerates org.json with -update and otherwise
// fails while the file differs from what the generator builds.
func TestSampleFileUpToDate(t *testing.T) {
	want := encode(t, Generate(SampleConfig))
	if *update {
		if err := os.WriteFile(sampleFile, want, 0o644); err != nil {
			t.Fatalf("write %s: %v", sampleFile, err)
		}
		return
	}
	got, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatalf("read %s: %v", sampleFile, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run go test ./simulator/sample -update", sampleFile)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	first := encode(t, Generate(SampleConfig))
	second := encode(t, Generate(SampleConfig))
	if !bytes.Equal(first, second) {
		t.Fatal("two runs with the same config gave different orgs")
	}
	other := encode(t, Generate(Config{Seed: SampleConfig.Seed + 1, Scale: 1}))
	if bytes.Equal(first, other) {
		t.Fatal("a different seed gave the same org")
	}
}

func TestGenerateScaled(t *testing.T) {
	cases := []struct {
		scale int
		users int
	}{
		{scale: 0, users: usersPerScale},
		{scale: 1, users: usersPerScale},
		{scale: 3, users: 3 * usersPerScale},
	}
	for _, tc := range cases {
		f := Generate(Config{Seed: 7, Scale: tc.scale})
		data := encode(t, f)
		if _, err := simulator.ParseFixture(data); err != nil {
			t.Errorf("scale %d: generated fixture is invalid: %v", tc.scale, err)
		}
		if got := len(f.Resources[typeUser]); got != tc.users {
			t.Errorf("scale %d: %d users, want %d", tc.scale, got, tc.users)
		}
	}
}

func TestGenerateUserCounts(t *testing.T) {
	f := Generate(Config{Seed: 3, ActiveUsers: 150, InactiveUsers: 40})
	active, inactive := 0, 0
	for _, u := range f.Resources[typeUser] {
		switch u["state"] {
		case "active":
			active++
		case "inactive":
			inactive++
		}
	}
	if active != 150 || inactive != 40 {
		t.Errorf("%d active and %d inactive users, want 150 and 40", active, inactive)
	}
	if got := len(f.Resources[typeUserRoles]); got != 190 {
		t.Errorf("%d user subjects, want one per user (190)", got)
	}
}

func TestGenerateDataTableRows(t *testing.T) {
	f := Generate(Config{Seed: 3, DataTableRows: 1200})
	table := f.Resources[typeDataTable][dataTableVIP]["id"]
	rows := 0
	for _, r := range f.Resources[typeDataTableRow] {
		if r[parentKey] == table {
			rows++
		}
	}
	if rows != 1200 {
		t.Errorf("%d rows in %v, want 1200", rows, f.Resources[typeDataTable][dataTableVIP]["name"])
	}
	if _, err := simulator.New(f, simulator.Options{}); err != nil {
		t.Errorf("the simulator rejects the org: %v", err)
	}
}

func TestGenerateEveryTypeAtEveryScale(t *testing.T) {
	for _, scale := range []int{1, 4} {
		f := Generate(Config{Seed: 11, Scale: scale})
		s, err := simulator.New(f, simulator.Options{})
		if err != nil {
			t.Fatalf("scale %d: %v", scale, err)
		}
		for typ, n := range s.Counts() {
			if n == 0 {
				t.Errorf("scale %d: type %s has no objects", scale, typ)
			}
		}
	}
}

// TestGenerateLargeOrg builds the org of the inactive-user cap case: 15,000
// active and 12,000 inactive users. It must build and load in seconds.
func TestGenerateLargeOrg(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 27,000 users")
	}
	start := time.Now()
	f := Generate(Config{Seed: 5, ActiveUsers: 15000, InactiveUsers: 12000})
	built := time.Since(start)
	s, err := simulator.New(f, simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start) - built
	t.Logf("generated in %v, loaded in %v", built, loaded)
	if got := s.Counts()[typeUser]; got != 27000 {
		t.Errorf("%d users, want 27,000", got)
	}
	if built > 10*time.Second {
		t.Errorf("generating took %v, want a few seconds", built)
	}

	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	token := issueToken(t, ts.URL)
	cases := []struct {
		query  string
		status int
		total  int
	}{
		{"?state=active&pageSize=500&pageNumber=30", http.StatusOK, 15000},
		{"?state=inactive&pageSize=500&pageNumber=20", http.StatusOK, 12000},
		{"?state=inactive&pageSize=500&pageNumber=21", http.StatusBadRequest, 0},
	}
	for _, tc := range cases {
		status, body := getJSON(t, ts.URL+"/api/v2/users"+tc.query, token)
		if status != tc.status {
			t.Errorf("users%s: status %d, want %d", tc.query, status, tc.status)
		}
		if total, _ := body["total"].(float64); tc.total > 0 && int(total) != tc.total {
			t.Errorf("users%s: total %v, want %d", tc.query, body["total"], tc.total)
		}
	}
}

func issueToken(t *testing.T, baseURL string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, baseURL+"/oauth/token", strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("id", "secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token request: status %d, decode error %v", resp.StatusCode, err)
	}
	return body.AccessToken
}

func getJSON(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, body
}
