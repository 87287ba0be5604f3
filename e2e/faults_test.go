package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

type reportFile struct {
	Problems []export.Problem `json:"problems"`
}

func readReport(t *testing.T, dir string) reportFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reportFile
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	return r
}

func TestForbiddenTypeIsSkipped(t *testing.T) {
	f := simulator.SampleFixture()
	f.Faults = append(f.Faults, simulator.Fault{Type: "routing_skill", Status: 403, Permission: "routing:skill:view"})
	h := newHarness(t, f)
	summary, err := h.run("e2e-forbidden", json.RawMessage(`{}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	saveHistory(t, h, "e2e-forbidden", "forbidden-export")
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	if summary.Problems[export.ProblemForbidden] != 1 {
		t.Errorf("problems = %v, want one forbidden", summary.Problems)
	}
	report := readReport(t, h.output)
	if len(report.Problems) != 1 || report.Problems[0].Type != "routing_skill" ||
		report.Problems[0].Kind != export.ProblemForbidden {
		t.Fatalf("report problems = %+v, want routing_skill forbidden", report.Problems)
	}
	if !strings.Contains(report.Problems[0].Message, "routing:skill:view") {
		t.Errorf("the forbidden problem does not name the missing permission: %q", report.Problems[0].Message)
	}
	if len(typeFiles(t, h.output, "routing_skill")) != 0 {
		t.Error("files were written for the forbidden type")
	}
	// Users reference skills, and are exported all the same.
	if got, want := len(typeFiles(t, h.output, "user")), len(f.Resources["user"]); got != want {
		t.Errorf("user: %d files, want %d", got, want)
	}
	m := readManifest(t, h.output)
	if m.Status != "partial" {
		t.Errorf("manifest status = %s, want partial", m.Status)
	}
	if !strings.Contains(m.Skipped["routing_skill"], "routing:skill:view") {
		t.Errorf("manifest skipped = %v, want routing_skill with its missing permission", m.Skipped)
	}
}

func TestRateLimitedPageIsRetried(t *testing.T) {
	f := simulator.SampleFixture()
	f.Faults = append(f.Faults, simulator.Fault{Type: "routing_queue", Status: 429, Times: 2, RetryAfter: 1})
	h := newHarness(t, f)
	summary, err := h.run("e2e-429", json.RawMessage(`{"include":["routing_queue"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("status = %s, want complete", summary.Status)
	}
	if got, want := len(typeFiles(t, h.output, "routing_queue")), len(f.Resources["routing_queue"]); got != want {
		t.Errorf("routing_queue: %d files, want %d", got, want)
	}
	m := readManifest(t, h.output)
	if m.Requests.ByStatus["429"] != 2 {
		t.Errorf("manifest counts %d answers 429, want 2", m.Requests.ByStatus["429"])
	}
	if strings.Join(m.Layers[0], ",") != "routing_queue" || len(m.Layers) != 1 {
		t.Errorf("layers = %v, want only routing_queue", m.Layers)
	}
}

func TestHiddenDivisionMakesPartial(t *testing.T) {
	f := simulator.SampleFixture()
	// The OAuth client cannot see one division, while objects still name it.
	var hidden string
	divisions := f.Resources["auth_division"]
	for i, d := range divisions {
		if home, _ := d["homeDivision"].(bool); !home {
			hidden = d["id"].(string)
			f.Resources["auth_division"] = append(divisions[:i:i], divisions[i+1:]...)
			break
		}
	}
	h := newHarness(t, f)
	summary, err := h.run("e2e-hidden-division", json.RawMessage(`{"include":["auth_division","routing_queue","flow"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != export.StatusPartial {
		t.Errorf("status = %s, want partial", summary.Status)
	}
	var found bool
	for _, p := range readReport(t, h.output).Problems {
		if p.Type == "auth_division" && p.ID == hidden {
			found = true
			if !strings.Contains(p.Message, "partial view") {
				t.Errorf("problem message = %q", p.Message)
			}
		}
	}
	if !found {
		t.Errorf("report.json does not name the hidden division %s", hidden)
	}
}
