package simulator

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func exportFixture(faults ...Fault) *Fixture {
	return &Fixture{
		Org: testOrg,
		Resources: map[string][]map[string]any{
			typeFlow: objects("flow", 3, func(i int, obj map[string]any) {
				obj["type"] = []string{"INBOUNDCALL", "INQUEUECALL", "WORKFLOW"}[i]
				obj["description"] = fmt.Sprintf("Flow number %d", i)
				obj["division"] = map[string]any{"id": "div-1", "name": "Home"}
				obj["checkedInVersion"] = map[string]any{"id": "3.0"}
			}),
		},
		Faults: faults,
	}
}

// post sends a JSON body to path with the harness token.
func (h *harness) post(path, body string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.url+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	return h.do(req)
}

// register registers an export job for flowIDs and returns its id.
func (h *harness) register(flowIDs ...string) string {
	h.t.Helper()
	var entries []string
	for _, id := range flowIDs {
		entries = append(entries, fmt.Sprintf(`{"flow":{"id":%q},"fileName":%q,"exportType":"Yaml"}`, id, id))
	}
	resp := h.post(flowExportJobsPath, `{"flows":[`+strings.Join(entries, ",")+`]}`)
	if resp.status != http.StatusOK {
		h.t.Fatalf("register: status %d, body %s", resp.status, resp.raw)
	}
	id, _ := resp.body["id"].(string)
	return id
}

// download fetches a download URL without a token and returns the status
// and the raw body.
func download(t *testing.T, rawURL string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, resp.Header, data
}

// pollUntilDone polls a job until it leaves Registered and Started.
func (h *harness) pollUntilDone(jobID string) response {
	h.t.Helper()
	for range 10 {
		resp := h.get(flowExportJobsPath + "/" + jobID + "?expand=messages")
		if resp.status != http.StatusOK {
			h.t.Fatalf("poll: status %d, body %s", resp.status, resp.raw)
		}
		if s := resp.body["status"]; s != exportStarted && s != exportRegistered {
			return resp
		}
	}
	h.t.Fatalf("job %s did not finish in 10 polls", jobID)
	return response{}
}

const flow000YAML = "inboundCall:\n" +
	"  name: flow 0\n" +
	"  description: Flow number 0\n" +
	"  division: Home\n" +
	"  defaultLanguage: en-us\n"

func TestFlowExportJobLifecycle(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})

	resp := h.post(flowExportJobsPath, `{"flows":[{"flow":{"id":"flow-000"}}]}`)
	if resp.status != http.StatusOK {
		t.Fatalf("register: status %d, body %s", resp.status, resp.raw)
	}
	jobID, _ := resp.body["id"].(string)
	if jobID == "" {
		t.Fatalf("register returned no id: %s", resp.raw)
	}
	if resp.body["status"] != exportRegistered {
		t.Errorf("register status %v, want Registered", resp.body["status"])
	}
	if resp.number("totalFlows") != 1 {
		t.Errorf("totalFlows %d, want 1", resp.number("totalFlows"))
	}
	if resp.body["selfUri"] != flowExportJobsPath+"/"+jobID {
		t.Errorf("selfUri %v", resp.body["selfUri"])
	}

	for i := range defaultStartedPolls {
		poll := h.get(flowExportJobsPath + "/" + jobID + "?expand=messages")
		if poll.body["status"] != exportStarted {
			t.Errorf("poll %d: status %v, want Started", i+1, poll.body["status"])
		}
		if _, ok := poll.body["downloadUrl"]; ok {
			t.Errorf("poll %d: a Started job has a downloadUrl", i+1)
		}
	}
	done := h.get(flowExportJobsPath + "/" + jobID + "?expand=messages")
	if done.body["status"] != exportSuccess {
		t.Fatalf("poll 3: status %v, want Success; body %s", done.body["status"], done.raw)
	}
	if done.body["command"] != "Export" {
		t.Errorf("command %v, want Export", done.body["command"])
	}
	if messages, ok := done.body["messages"].([]any); !ok || len(messages) != 0 {
		t.Errorf("messages %v, want []", done.body["messages"])
	}
	downloadURL, _ := done.body["downloadUrl"].(string)
	if !strings.HasPrefix(downloadURL, h.url+"/") {
		t.Fatalf("downloadUrl %q is not on the simulator's base URL %s", downloadURL, h.url)
	}
	if again := h.get(flowExportJobsPath + "/" + jobID); again.body["downloadUrl"] != downloadURL {
		t.Errorf("a later poll has downloadUrl %v, want %s", again.body["downloadUrl"], downloadURL)
	}
	if _, ok := h.get(flowExportJobsPath + "/" + jobID).body["messages"]; ok {
		t.Error("a poll without expand=messages has messages")
	}

	status, header, data := download(t, downloadURL)
	if status != http.StatusOK {
		t.Fatalf("download: status %d, body %s", status, data)
	}
	if ct := header.Get("Content-Type"); ct != "application/x-yaml" {
		t.Errorf("Content-Type %q, want application/x-yaml", ct)
	}
	if string(data) != flow000YAML {
		t.Errorf("download:\n%s\nwant:\n%s", data, flow000YAML)
	}

	if polls := h.server.FlowExportPolls(jobID); len(polls) != 5 {
		t.Errorf("FlowExportPolls recorded %d polls, want 5", len(polls))
	}
	if ids := h.server.FlowExportJobIDs(); len(ids) != 1 || ids[0] != jobID {
		t.Errorf("FlowExportJobIDs %v, want [%s]", ids, jobID)
	}
	// One registration, five polls and one download.
	if got := h.server.TotalRequests(); got != 7 {
		t.Errorf("TotalRequests %d, want 7", got)
	}
}

func TestFlowExportDownloadBytesStable(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	if err := h.server.SetFlowExportOptions(FlowExportOptions{}); err != nil {
		t.Fatal(err)
	}
	fetch := func(flowIDs ...string) []byte {
		t.Helper()
		done := h.pollUntilDone(h.register(flowIDs...))
		status, _, data := download(t, done.body["downloadUrl"].(string))
		if status != http.StatusOK {
			t.Fatalf("download: status %d, body %s", status, data)
		}
		return data
	}

	single1, single2 := fetch("flow-000"), fetch("flow-000")
	if !bytes.Equal(single1, single2) {
		t.Errorf("two exports of flow-000 differ:\n%s\n%s", single1, single2)
	}
	zip1, zip2 := fetch("flow-002", "flow-000", "flow-001"), fetch("flow-001", "flow-002", "flow-000")
	if !bytes.Equal(zip1, zip2) {
		t.Error("two zip archives of the same flows differ")
	}

	zr, err := zip.NewReader(bytes.NewReader(zip1), int64(len(zip1)))
	if err != nil {
		t.Fatalf("the download of a three-flow job is not a zip archive: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "flow-000.yaml,flow-001.yaml,flow-002.yaml" {
		t.Errorf("zip entries %v, want flow-000.yaml, flow-001.yaml, flow-002.yaml", names)
	}
	entry, err := zr.Open("flow-000.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(entry)
	if !bytes.Equal(data, single1) {
		t.Errorf("zip entry flow-000.yaml:\n%s\nwant the single-flow download:\n%s", data, single1)
	}
}

func TestFlowExportRegisterValidation(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	flow := func(ref string) string { return `{"flows":[{"flow":` + ref + `}]}` }
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"unknown flow id", flow(`{"id":"flow-999"}`), 400, "flow-999"},
		{"no flows", `{"flows":[]}`, 400, "at least one flow"},
		{"no flows field", `{}`, 400, "at least one flow"},
		{"no flow reference", `{"flows":[{"fileName":"x"}]}`, 400, "[flow] is required"},
		{"name without type", flow(`{"name":"flow 0"}`), 400, "name and type"},
		{"unknown name", flow(`{"name":"nope","type":"INBOUNDCALL"}`), 400, "[nope]"},
		{"unknown version", flow(`{"id":"flow-000","version":"9.0"}`), 400, "no version [9.0]"},
		{"unknown field", `{"flows":[{"flow":{"id":"flow-000"},"format":"yaml"}]}`, 400, "format"},
		{"not JSON", `{"flows":`, 400, "Invalid request body"},
		{"data after the object", `{"flows":[{"flow":{"id":"flow-000"}}]} {}`, 400, "data after"},
		{"bad file name", `{"flows":[{"flow":{"id":"flow-000"},"fileName":"a/b"}]}`, 400, "[a/b]"},
		{"same file name twice", `{"flows":[{"flow":{"id":"flow-000"}},{"flow":{"id":"flow-000"}}]}`, 400, "both export to the file name"},
		{"bad export type", `{"flows":[{"flow":{"id":"flow-000"},"exportType":"Json"}]}`, 400, "[Json]"},
		{"architect export type", `{"flows":[{"flow":{"id":"flow-000"},"exportType":"Architect"}]}`, 501, "Architect"},
		{"over the size limit", `{"flows":[],"x":"` + strings.Repeat("a", maxRequestBytes) + `"}`, 413, "512000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.post(flowExportJobsPath, tt.body)
			if resp.status != tt.status {
				t.Fatalf("status %d, want %d; body %s", resp.status, tt.status, resp.raw)
			}
			if msg, _ := resp.body["message"].(string); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
	if ids := h.server.FlowExportJobIDs(); len(ids) != 0 {
		t.Errorf("rejected requests registered jobs %v", ids)
	}
}

func TestFlowExportRegisterByNameAndType(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	resp := h.post(flowExportJobsPath, `{"flows":[{"flow":{"name":"flow 1","type":"inqueuecall","version":"3.0"}}]}`)
	if resp.status != http.StatusOK {
		t.Fatalf("status %d, body %s", resp.status, resp.raw)
	}
	if resp.number("totalFlows") != 1 {
		t.Errorf("totalFlows %d, want 1", resp.number("totalFlows"))
	}
}

func TestFlowExportRequestChecks(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	jobID := h.register("flow-000")

	req, _ := http.NewRequest(http.MethodPost, h.url+flowExportJobsPath, strings.NewReader(`{"flows":[]}`))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "text/plain")
	checkError(t, h.do(req), http.StatusUnsupportedMediaType, "unsupported.media.type")

	checkError(t, h.getWith("", flowExportJobsPath+"/"+jobID), http.StatusUnauthorized, "authentication.required")
	checkError(t, h.get(flowExportJobsPath+"/no-such-job"), http.StatusNotFound, "not.found")
	checkError(t, h.get(flowExportJobsPath), http.StatusMethodNotAllowed, "method.not.allowed")
	checkError(t, h.get(flowExportJobsPath+"/"+jobID+"?expand=flows"), http.StatusBadRequest, "invalid.value")
	checkError(t, h.get(flowExportJobsPath+"/"+jobID+"?pageSize=1"), http.StatusBadRequest, "bad.request")
	checkError(t, h.post(flowExportJobsPath+"?x=1", `{"flows":[{"flow":{"id":"flow-000"}}]}`),
		http.StatusBadRequest, "bad.request")
}

func TestFlowExportDownloadChecksSignature(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	if err := h.server.SetFlowExportOptions(FlowExportOptions{}); err != nil {
		t.Fatal(err)
	}
	done := h.pollUntilDone(h.register("flow-000"))
	downloadURL, _ := done.body["downloadUrl"].(string)
	u, err := url.Parse(downloadURL)
	if err != nil {
		t.Fatal(err)
	}

	bad := *u
	bad.RawQuery = "signature=00"
	if status, _, _ := download(t, bad.String()); status != http.StatusForbidden {
		t.Errorf("wrong signature: status %d, want 403", status)
	}
	bad.RawQuery = ""
	if status, _, _ := download(t, bad.String()); status != http.StatusForbidden {
		t.Errorf("no signature: status %d, want 403", status)
	}
	other := *u
	other.Path = strings.TrimSuffix(u.Path, ".yaml") + ".zip"
	if status, _, _ := download(t, other.String()); status != http.StatusNotFound {
		t.Errorf("wrong file name: status %d, want 404", status)
	}
	if status, _, _ := download(t, downloadURL); status != http.StatusOK {
		t.Errorf("the job's own URL: status %d, want 200", status)
	}
}

func TestFlowExportDownloadURLKeepsLocalhost(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	if err := h.server.SetFlowExportOptions(FlowExportOptions{}); err != nil {
		t.Fatal(err)
	}
	jobID := h.register("flow-000")
	localhost := strings.Replace(h.url, "127.0.0.1", "localhost", 1)
	req, _ := http.NewRequest(http.MethodGet, localhost+flowExportJobsPath+"/"+jobID, nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp := h.do(req)
	if got, _ := resp.body["downloadUrl"].(string); !strings.HasPrefix(got, localhost+"/") {
		t.Errorf("downloadUrl %q, want it on %s", got, localhost)
	}

	req.Host = "example.com"
	resp = h.do(req)
	if got, _ := resp.body["downloadUrl"].(string); !strings.HasPrefix(got, h.url+"/") {
		t.Errorf("with Host example.com, downloadUrl %q, want it on the listener %s", got, h.url)
	}
}

func TestFlowExportFailingFlow(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	err := h.server.SetFlowExportOptions(FlowExportOptions{
		FailingFlows: map[string]string{"flow-001": "Flow flow 1 has validation errors"},
	})
	if err != nil {
		t.Fatal(err)
	}
	done := h.pollUntilDone(h.register("flow-000", "flow-001"))
	if done.body["status"] != exportFailure {
		t.Fatalf("status %v, want Failure; body %s", done.body["status"], done.raw)
	}
	if _, ok := done.body["downloadUrl"]; ok {
		t.Error("a failed job has a downloadUrl")
	}
	messages, _ := done.body["messages"].([]any)
	if len(messages) != 1 {
		t.Fatalf("messages %v, want one", done.body["messages"])
	}
	message, _ := messages[0].(map[string]any)
	if message["type"] != "Error" || message["text"] != "Flow flow 1 has validation errors" {
		t.Errorf("message %v, want the configured Error", message)
	}
	if stamp, _ := message["dateTime"].(string); stamp == "" {
		t.Error("message has no dateTime")
	}

	ok := h.pollUntilDone(h.register("flow-000"))
	if ok.body["status"] != exportSuccess {
		t.Errorf("a job without the failing flow: status %v, want Success", ok.body["status"])
	}
}

func TestFlowExportOptionsValidation(t *testing.T) {
	h := newHarness(t, exportFixture(), Options{})
	if err := h.server.SetFlowExportOptions(FlowExportOptions{FailingFlows: map[string]string{"flow-9": "x"}}); err == nil ||
		!strings.Contains(err.Error(), "flow-9") {
		t.Errorf("unknown failing flow: error %v, want one naming flow-9", err)
	}
	if err := h.server.SetFlowExportOptions(FlowExportOptions{StartedPolls: -1}); err == nil {
		t.Error("negative StartedPolls: no error")
	}
}

func TestFlowExportStartedForSeconds(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, exportFixture(), Options{Now: clock.Now})
	if err := h.server.SetFlowExportOptions(FlowExportOptions{StartedFor: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	jobID := h.register("flow-000")
	for range 3 {
		if s := h.get(flowExportJobsPath + "/" + jobID).body["status"]; s != exportStarted {
			t.Fatalf("before 30 s: status %v, want Started", s)
		}
	}
	clock.Advance(30 * time.Second)
	if s := h.get(flowExportJobsPath + "/" + jobID).body["status"]; s != exportSuccess {
		t.Errorf("after 30 s: status %v, want Success", s)
	}
	polls := h.server.FlowExportPolls(jobID)
	if len(polls) != 4 || !polls[3].Equal(polls[0].Add(30*time.Second)) {
		t.Errorf("poll times %v, want four on the server's clock, the last 30 s after the first", polls)
	}
}

func TestFlowExportRetryAfterOnPoll(t *testing.T) {
	h := newHarness(t, exportFixture(
		Fault{Type: typeFlow, ID: "flow-001", Status: 429, RetryAfter: 2, Times: 1},
	), Options{})

	jobID := h.register("flow-000", "flow-001")
	first := h.get(flowExportJobsPath + "/" + jobID)
	checkError(t, first, http.StatusTooManyRequests, "too.many.requests.retry.after")
	if got := first.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After %q, want 2", got)
	}
	if second := h.get(flowExportJobsPath + "/" + jobID); second.body["status"] != exportStarted {
		t.Errorf("second poll: status %v, want Started", second.body["status"])
	}
	if polls := h.server.FlowExportPolls(jobID); len(polls) != 2 {
		t.Errorf("FlowExportPolls recorded %d polls, want 2 (the faulted one included)", len(polls))
	}
	if resp := h.get("/api/v2/flows/flow-001"); resp.status != http.StatusOK {
		t.Errorf("get-by-id after the fault was used up: status %d, want 200", resp.status)
	}
}

func TestFlowExportTypeFaultAndRateLimit(t *testing.T) {
	h := newHarness(t, exportFixture(
		Fault{Type: typeFlow, Status: 503, Times: 1},
		Fault{RateLimit: &RateLimit{PerMinute: 3}},
	), Options{})

	checkError(t, h.post(flowExportJobsPath, `{"flows":[{"flow":{"id":"flow-000"}}]}`),
		http.StatusServiceUnavailable, "service.unavailable")
	jobID := h.register("flow-000")
	if resp := h.get(flowExportJobsPath + "/" + jobID); resp.status != http.StatusOK {
		t.Errorf("poll: status %d, want 200", resp.status)
	}
	limited := h.get(flowExportJobsPath + "/" + jobID)
	checkError(t, limited, http.StatusTooManyRequests, "too.many.requests.retry.after")
	if limited.header.Get("Retry-After") == "" {
		t.Error("the rate-limited poll has no Retry-After")
	}
}
