package contract

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

// knownViolationsPath lists the violations the simulator and the exporter
// are known to have, one key a line, so that the contract tests fail on new
// violations only. A listed violation that no longer occurs fails the test
// too, so that the list shrinks as they are fixed.
const knownViolationsPath = "testdata/known-violations.txt"

// faultFixture is the sample org with a rate-limited type, a forbidden type
// and the sample's own 409 on one integration.
func faultFixture() *simulator.Fixture {
	f := simulator.SampleFixture()
	f.Faults = append(f.Faults,
		simulator.Fault{Type: "routing_queue", Status: http.StatusTooManyRequests, Times: 2, RetryAfter: 1},
		simulator.Fault{Type: "routing_skill", Status: http.StatusForbidden, Permission: "routing:skill:view"},
	)
	return f
}

// TestExportContract records a full export of the sample org, an export
// with faults, the token endpoint's errors and a probe of every type's
// list and get, and checks every exchange and the catalogue against the
// description. All violations are reported at once, sorted by operation.
func TestExportContract(t *testing.T) {
	s := loadSpec(t)
	var sample, faulted, token, probes []Exchange
	t.Run("record", func(t *testing.T) {
		t.Run("sample", func(t *testing.T) {
			t.Parallel()
			sample = recordSampleExport(t)
		})
		t.Run("faults", func(t *testing.T) {
			t.Parallel()
			faulted = recordFaultedExport(t)
		})
		t.Run("token errors", func(t *testing.T) {
			t.Parallel()
			token = recordTokenErrors(t)
		})
		t.Run("probes", func(t *testing.T) {
			t.Parallel()
			probes = recordProbes(t)
		})
	})
	if t.Failed() {
		t.FailNow()
	}

	r := newReport()
	for _, recording := range [][]Exchange{sample, faulted, token, probes} {
		for i := range recording {
			validateExchange(s, r, &recording[i])
		}
	}
	c := catalog.Default()
	checkCatalog(s, c, r)
	requests := checkRecordedLists(s, c, r, sample)
	for _, name := range c.Names() {
		t.Logf("%s: %d list requests in the sample export, query %s",
			name, requests[name].count, strings.Join(sortedKeys(requests[name].query), ","))
	}
	checkReport(t, r, true)
}

// recordSampleExport exports the whole sample org and returns the recording.
func recordSampleExport(t *testing.T) []Exchange {
	sim := startRecordedSimulator(t, simulator.SampleFixture(), nil)
	summary, err := runExport(t, newAPIClient(t, sim.baseURL, clientID, clientSecret), "contract-sample", json.RawMessage(`{}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("export status = %s, want complete", summary.Status)
	}
	return sim.recorder.Exchanges()
}

// recordFaultedExport exports the sample org with a 429 with Retry-After on
// the queues, a 403 on the skills and the sample's 409 on one integration.
func recordFaultedExport(t *testing.T) []Exchange {
	sim := startRecordedSimulator(t, faultFixture(), nil)
	summary, err := runExport(t, newAPIClient(t, sim.baseURL, clientID, clientSecret), "contract-faults", json.RawMessage(`{}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != export.StatusPartial {
		t.Errorf("export status = %s, want partial", summary.Status)
	}
	exchanges := sim.recorder.Exchanges()
	for _, status := range []int{http.StatusTooManyRequests, http.StatusForbidden, http.StatusConflict} {
		if !hasStatus(exchanges, status) {
			t.Errorf("the recording has no response with status %d", status)
		}
	}
	return exchanges
}

// recordTokenErrors sends the exporter's grant with a wrong secret, and
// grant requests that the exporter never sends, for the simulator's error
// responses. It returns the token endpoint's exchanges.
func recordTokenErrors(t *testing.T) []Exchange {
	sim := startRecordedSimulator(t, simulator.SampleFixture(), nil)

	_, err := newAPIClient(t, sim.baseURL, clientID, "wrong-secret").Get(t.Context(), "/api/v2/organizations/me", nil)
	var apiErr *genesys.Error
	if !errors.As(err, &apiErr) || apiErr.Class != genesys.ClassAuth {
		t.Errorf("wrong secret: error %v, want an auth error", err)
	}

	for _, tc := range []struct {
		name        string
		form        url.Values
		contentType string
		basic       bool
	}{
		{name: "missing grant type", form: url.Values{}, contentType: "application/x-www-form-urlencoded", basic: true},
		{name: "unsupported grant type", form: url.Values{"grant_type": {"password"}}, contentType: "application/x-www-form-urlencoded", basic: true},
		{name: "no Basic header", form: url.Values{"grant_type": {"client_credentials"}}, contentType: "application/x-www-form-urlencoded"},
		{name: "JSON body", form: url.Values{"grant_type": {"client_credentials"}}, contentType: "application/json", basic: true},
	} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, sim.baseURL+tokenPath, strings.NewReader(tc.form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", tc.contentType)
		if tc.basic {
			req.SetBasicAuth(clientID, clientSecret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("%s: status 200, want an OAuth error", tc.name)
		}
	}

	var exchanges []Exchange
	for _, ex := range sim.recorder.Exchanges() {
		if ex.URL.Path == tokenPath {
			exchanges = append(exchanges, ex)
		}
	}
	if len(exchanges) < 5 {
		t.Fatalf("recorded %d token requests, want at least 5", len(exchanges))
	}
	return exchanges
}

// probePageSize is the page size of the paging probe: small enough that
// the sample's lists span several pages.
const probePageSize = 2

// recordProbes lists every type of the catalogue two pages deep with a
// small page size, following nextUri, and reads its first object by id. A
// type listed under a parent is listed under the parent type's first
// object. The sample export reads most lists in one page, so its recording has
// no nextUri or previousUri, and it reads few types by id. The scan
// endpoints take a limit of at least 10.
func recordProbes(t *testing.T) []Exchange {
	sim := startRecordedSimulator(t, simulator.SampleFixture(), nil)
	token := probeToken(t, sim)
	c := catalog.Default()
	firstObjects := map[string]map[string]any{}
	// Parents are top-level types, so they are listed in the first pass.
	for _, pass := range []bool{false, true} {
		for _, name := range c.Names() {
			typ, _ := c.Type(name)
			if (typ.Parent != "") != pass {
				continue
			}
			parentID := ""
			if typ.Parent != "" {
				field := typ.ParentField
				if field == "" {
					field = "id"
				}
				if parentID, _ = firstObjects[typ.Parent][field].(string); parentID == "" {
					t.Errorf("%s: the probe found no %s to list it under", name, typ.Parent)
					continue
				}
			}
			first := probeList(t, sim, token, typ, parentID)
			firstObjects[name] = first
			if id, _ := first[idFieldOf(typ)].(string); id != "" && typ.Paging != catalog.PagingObject {
				probeGet(t, sim, token, objectPath(typ, parentID, id))
			}
		}
	}
	return sim.recorder.Exchanges()
}

// probeList lists a type two pages deep and returns its first object, or
// nil when the list is empty. A scan's first pages may be empty, so it
// follows the cursor until a page has objects.
func probeList(t *testing.T, sim *recordedSimulator, token string, typ *catalog.Type, parentID string) map[string]any {
	query := catalogListQueries(typ)[0]
	switch typ.Paging {
	case catalog.PagingPageNumber:
		query.Set("pageNumber", "1")
		query.Set("pageSize", strconv.Itoa(probePageSize))
	case catalog.PagingAfter, catalog.PagingCursor:
		query.Set("pageSize", strconv.Itoa(probePageSize))
	case catalog.PagingScan:
		query.Set("limit", "10")
	}
	path := strings.ReplaceAll(typ.ListPath, catalog.ParentToken, url.PathEscape(parentID))
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	page := probeGet(t, sim, token, path)
	if typ.Paging == catalog.PagingObject {
		return page
	}
	var first map[string]any
	for pages := 0; pages < 16; pages++ {
		if entities, _ := page["entities"].([]any); len(entities) > 0 && first == nil {
			first, _ = entities[0].(map[string]any)
		}
		next, ok := page["nextUri"].(string)
		if (first != nil && pages > 0) || !ok || !strings.HasPrefix(next, "/") {
			break
		}
		page = probeGet(t, sim, token, next)
	}
	return first
}

func idFieldOf(typ *catalog.Type) string {
	if typ.IDField == "" {
		return "id"
	}
	return typ.IDField
}

// objectPath returns the get-by-id path of an object with the type's get
// query.
func objectPath(typ *catalog.Type, parentID, id string) string {
	path := strings.ReplaceAll(typ.GetPath, catalog.ParentToken, url.PathEscape(parentID))
	path = strings.Replace(path, "{id}", url.PathEscape(id), 1)
	if len(typ.GetQuery) > 0 {
		path += "?" + url.Values(typ.GetQuery).Encode()
	}
	return path
}

func hasStatus(exchanges []Exchange, status int) bool {
	for _, ex := range exchanges {
		if ex.Status == status {
			return true
		}
	}
	return false
}

// checkReport logs every violation and fails the test on each one that is
// not in the list of known violations. With stale set, it also fails on
// each listed violation that did not occur, which only a test that checks
// every recording may do.
func checkReport(t *testing.T, r *report, stale bool) {
	t.Helper()
	known := readKnownViolations(t)
	t.Logf("checked %d operations: %s", len(r.checked), strings.Join(sortedKeys(r.checked), ", "))
	for _, endpoint := range sortedKeys(r.skipped) {
		t.Logf("not checked: %d exchanges with %s, which is not a Platform API path", r.skipped[endpoint], endpoint)
	}
	seen := map[string]bool{}
	for _, v := range r.violations() {
		seen[v.key()] = true
		if known[v.key()] {
			t.Logf("known violation: %s", v)
			continue
		}
		t.Errorf("violation: %s", v)
	}
	if !stale {
		return
	}
	for _, key := range sortedKeys(known) {
		if !seen[key] {
			t.Errorf("known violation did not occur; remove it from %s if it is fixed: %s", knownViolationsPath, key)
		}
	}
}

// readKnownViolations returns the keys listed in the known violations file.
// Blank lines and lines starting with "#" are comments.
func readKnownViolations(t *testing.T) map[string]bool {
	t.Helper()
	file, err := os.Open(knownViolationsPath)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	known := map[string]bool{}
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			known[line] = true
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return known
}

// TestContractDocListsEveryType keeps the coverage table of
// docs/CONTRACT.md in step with the catalogue: one row per type.
func TestContractDocListsEveryType(t *testing.T) {
	data, err := os.ReadFile("../docs/CONTRACT.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 {
			rows[strings.TrimSpace(cells[1])] = true
		}
	}
	for _, name := range catalog.Default().Names() {
		if !rows[name] {
			t.Errorf("docs/CONTRACT.md has no row for catalogue type %s", name)
		}
	}
}
