package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
)

// TestUnknownDivisionFailsAtOnce filters by a division id that the org does
// not have, next to one it has: the export fails before listing anything,
// naming the unknown id.
func TestUnknownDivisionFailsAtOnce(t *testing.T) {
	f := simulator.SampleFixture()
	known := f.Resources["auth_division"][0]["id"].(string)
	const unknown = "00000000-dead-4000-8000-000000000000"
	h := newHarness(t, f)
	_, err := h.run("e2e-unknown-division", json.RawMessage(`{"divisions":["`+known+`","`+unknown+`"]}`))
	if err == nil {
		t.Fatal("the export with an unknown division id succeeded")
	}
	if !strings.Contains(err.Error(), unknown) || strings.Contains(err.Error(), known) {
		t.Errorf("error %q should name %s and only it", err, unknown)
	}
	if n := len(typeFiles(t, h.output, "routing_queue")); n != 0 {
		t.Errorf("%d queues were exported before the request was rejected", n)
	}
}

// TestUnmatchedIncludeIsWarned exports with one include filter that
// matches queues and one whose regex matches no skill: the export is
// complete, and the summary and report.json warn about the second.
func TestUnmatchedIncludeIsWarned(t *testing.T) {
	h := newHarness(t, simulator.SampleFixture())
	summary, err := h.run("e2e-unmatched-include", json.RawMessage(`{"include":["routing_queue","routing_skill::No such skill.*"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, want complete", summary.Status)
	}
	want := `include filter "routing_skill::No such skill.*" matched no routing_skill object`
	if len(summary.Warnings) != 1 || summary.Warnings[0] != want {
		t.Errorf("warnings = %q, want [%q]", summary.Warnings, want)
	}
	var report struct {
		Warnings []string `json:"warnings"`
	}
	data, err := os.ReadFile(filepath.Join(h.output, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Warnings) != 1 || report.Warnings[0] != want {
		t.Errorf("report.json warnings = %q, want [%q]", report.Warnings, want)
	}
}
