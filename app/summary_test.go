package app

import (
	"strings"
	"testing"

	"github.com/gcexport/gcexport/export"
)

func TestSummaryNamesScopeTerraformAndWarnings(t *testing.T) {
	s := &export.Summary{
		Status: export.StatusComplete, Output: "/b", WorkflowID: "w", Scope: "filtered",
		Types:     []export.TypeSummary{{Name: "routing_queue", Objects: 3}},
		Problems:  map[string]int{},
		Terraform: &export.TerraformSummary{Dangling: 5, BrokenCycles: 1, NotWritten: 6, Variables: 2},
		Warnings:  []string{`include filter "routing_skill::X" matched no routing_skill object`},
	}
	var out strings.Builder
	PrintSummaryTable(&out, s, nil)
	for _, want := range []string{
		"scope filtered: the backup holds what the filters selected, not the whole org",
		"terraform 5 dangling references, 1 broken cycles, 0 self references dropped, 6 types not written, 2 secret variables",
		`warning: include filter "routing_skill::X" matched no routing_skill object`,
		"problems none",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}

	s.Scope, s.Terraform, s.Warnings = "full", nil, nil
	out.Reset()
	PrintSummaryTable(&out, s, nil)
	if strings.Contains(out.String(), "scope") || strings.Contains(out.String(), "terraform") {
		t.Errorf("a full export without Terraform findings prints scope or terraform lines:\n%s", out.String())
	}
}
