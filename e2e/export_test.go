package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

type manifestFile struct {
	FormatVersion int        `json:"formatVersion"`
	WorkflowID    string     `json:"workflowId"`
	RunID         string     `json:"runId"`
	Status        string     `json:"status"`
	Layers        [][]string `json:"layers"`
	Org           struct {
		ID, Name, Region string
	} `json:"org"`
	Types map[string]struct {
		Count    int            `json:"count"`
		SHA256   string         `json:"sha256"`
		Listed   int            `json:"listed"`
		Reported map[string]int `json:"reported"`
		Audited  bool           `json:"audited"`
	} `json:"types"`
	Requests struct {
		Total    int64            `json:"total"`
		ByStatus map[string]int64 `json:"byStatus"`
	} `json:"requests"`
	Skipped map[string]string `json:"skipped"`
	Scope   string            `json:"scope"`
	Flows   *struct {
		Count     int    `json:"count"`
		SHA256    string `json:"sha256"`
		Requested int    `json:"requested"`
	} `json:"flows"`
}

func readManifest(t *testing.T, dir string) manifestFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifestFile
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	checkAudit(t, m)
	return m
}

// checkAudit asserts the completeness identity of every type: each listed
// object is exported or reported.
func checkAudit(t *testing.T, m manifestFile) {
	t.Helper()
	for typ, e := range m.Types {
		reported := 0
		for _, n := range e.Reported {
			reported += n
		}
		if e.Listed != e.Count+reported {
			t.Errorf("%s: audit: listed %d != exported %d + reported %d", typ, e.Listed, e.Count, reported)
		}
	}
}

// typeFiles returns the names of a type's files under raw/, sorted.
func typeFiles(t *testing.T, dir, typ string) []string {
	t.Helper()
	return typeFilesIn(t, filepath.Join(dir, "raw", typ))
}

func typeFilesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// lockedIntegration returns the id of the sample's integration that
// returns 409 on its first requests.
func lockedIntegration(t *testing.T, f *simulator.Fixture) string {
	t.Helper()
	for _, fault := range f.Faults {
		if fault.Type == "integration" && fault.ID != "" && fault.Status == 409 {
			return fault.ID
		}
	}
	t.Fatal("the sample has no 409 integration fault")
	return ""
}

func TestExportSampleOrg(t *testing.T) {
	f := simulator.SampleFixture()
	h := newHarness(t, f)
	summary, err := h.run("e2e-sample", json.RawMessage(`{}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	saveHistory(t, h, "e2e-sample", "sample-export")
	if summary.Status != export.StatusComplete {
		t.Errorf("summary status = %s, want complete; problems %v", summary.Status, summary.Problems)
	}

	m := readManifest(t, h.output)
	if m.Status != "complete" {
		t.Errorf("manifest status = %s, want complete", m.Status)
	}
	if m.FormatVersion != 1 || m.WorkflowID != "e2e-sample" || m.RunID == "" {
		t.Errorf("manifest header = %d %q %q", m.FormatVersion, m.WorkflowID, m.RunID)
	}
	if m.Scope != "full" {
		t.Errorf("manifest scope = %q, want full", m.Scope)
	}
	if m.Org.ID != f.Org.ID {
		t.Errorf("manifest org id = %q, want %q", m.Org.ID, f.Org.ID)
	}

	for typ, want := range h.sim.Counts() {
		if _, exported := catalog.Default().Type(typ); !exported {
			// The users' and groups' authorization subjects are served
			// for per-subject readers; the export lists grants per role.
			continue
		}
		files := typeFiles(t, h.output, typ)
		if len(files) != want {
			t.Errorf("%s: %d files under raw/, fixture has %d", typ, len(files), want)
		}
		entry, ok := m.Types[typ]
		if !ok {
			t.Errorf("%s: missing from the manifest", typ)
			continue
		}
		if entry.Count != want {
			t.Errorf("%s: manifest count %d, fixture has %d", typ, entry.Count, want)
		}
		if !entry.Audited {
			t.Errorf("%s: not audited complete", typ)
		}
		sum := sha256.New()
		for _, name := range files {
			data, err := os.ReadFile(filepath.Join(h.output, "raw", typ, name))
			if err != nil {
				t.Fatal(err)
			}
			sum.Write(data)
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != entry.SHA256 {
			t.Errorf("%s: files hash to %s, manifest says %s", typ, got, entry.SHA256)
		}
	}

	if m.Flows == nil || m.Flows.Count != len(f.Resources["flow"]) || m.Flows.Requested != m.Flows.Count {
		t.Errorf("manifest flows = %+v, want the YAML of all %d flows", m.Flows, len(f.Resources["flow"]))
	}
	yamlFiles := 0
	for _, name := range typeFilesIn(t, filepath.Join(h.output, "flows")) {
		if strings.HasSuffix(name, ".yaml") {
			yamlFiles++
		}
	}
	if yamlFiles != len(f.Resources["flow"]) {
		t.Errorf("flows/ holds %d YAML files, want %d", yamlFiles, len(f.Resources["flow"]))
	}

	locked := lockedIntegration(t, f)
	if n := h.sim.ObjectRequests("integration", locked); n < 3 {
		t.Errorf("the locked integration was requested %d times, want at least 3", n)
	}
	if !slices.Contains(typeFiles(t, h.output, "integration"), locked+".json") {
		t.Errorf("the locked integration %s is not in the backup", locked)
	}
	if m.Requests.ByStatus["409"] < 2 {
		t.Errorf("manifest counts %d requests answered 409, want at least 2", m.Requests.ByStatus["409"])
	}
	if m.Requests.Total != int64(h.sim.TotalRequests()) {
		t.Errorf("manifest counts %d requests, the simulator saw %d", m.Requests.Total, h.sim.TotalRequests())
	}
}

func TestCredentialCycleNeedsNoOrdering(t *testing.T) {
	h := newHarness(t, simulator.SampleFixture())
	if _, err := h.run("e2e-cycle", json.RawMessage(`{}`)); err != nil {
		t.Fatalf("export failed: %v", err)
	}
	m := readManifest(t, h.output)
	layerOf := map[string]int{}
	for i, layer := range m.Layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	// The integration uses the credential, which holds the OAuth client's
	// id: each must be in the same layer as what it needs, or after it.
	chain := []string{"oauth_client", "integration_credential", "integration"}
	for i, typ := range chain {
		if _, ok := layerOf[typ]; !ok {
			t.Fatalf("%s is in no layer: %v", typ, m.Layers)
		}
		if i > 0 && layerOf[chain[i-1]] > layerOf[typ] {
			t.Errorf("%s (layer %d) comes after %s (layer %d)", chain[i-1], layerOf[chain[i-1]], typ, layerOf[typ])
		}
		if m.Types[typ].Count == 0 {
			t.Errorf("%s: nothing exported", typ)
		}
	}
}

func TestBadRequestFailsAtOnce(t *testing.T) {
	cases := []struct {
		name    string
		request string
		want    string
	}{
		{"unknown type", `{"include":["routing_queue","routing_queues"]}`, `unknown type "routing_queues"`},
		{"unknown field", `{"types":["user"]}`, `unknown field "types"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, simulator.SampleFixture())
			_, err := h.run("e2e-bad-"+strings.ReplaceAll(tc.name, " ", "-"), json.RawMessage(tc.request))
			var appErr *temporal.ApplicationError
			if !errors.As(err, &appErr) {
				t.Fatalf("export error = %v, want an application error", err)
			}
			if !strings.Contains(appErr.Error(), tc.want) {
				t.Errorf("error = %q, want it to name %q", appErr.Error(), tc.want)
			}
			if h.sim.TotalRequests() > 0 {
				t.Errorf("the simulator saw %d requests for a bad request", h.sim.TotalRequests())
			}
			entries, err := os.ReadDir(h.output)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 0 {
				t.Errorf("a bad request wrote %d entries into the backup folder", len(entries))
			}
		})
	}
}
