package app

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gcexport/gcexport/export"
)

// PrintSummary writes the end-of-export table.
func PrintSummary(out io.Writer, s *export.Summary) {
	PrintSummaryTable(out, s, nil)
}

// PrintSummaryTable writes the end-of-export table: the status, the org,
// the backup folder, one row per type and the problems. With last, the
// export's last progress, the rows also give each type's pages and
// requests.
func PrintSummaryTable(out io.Writer, s *export.Summary, last *export.Progress) {
	fmt.Fprintf(out, "\nexport %s: %s\n", s.WorkflowID, s.Status)
	fmt.Fprintf(out, "org      %s (%s, %s)\n", s.Org.Name, s.Org.ID, s.Org.Region)
	fmt.Fprintf(out, "backup   %s\n", s.Output)

	progress := map[string]export.TypeProgress{}
	if last != nil {
		for _, t := range last.Types {
			progress[t.Name] = t
		}
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	header := "  TYPE\tOBJECTS\t"
	if last != nil {
		header += "PAGES\tREQUESTS\tSTATE\t"
	}
	fmt.Fprintln(tw, header)
	total := 0
	for _, t := range s.Types {
		row := fmt.Sprintf("  %s\t%d\t", t.Name, t.Objects)
		if last != nil {
			p := progress[t.Name]
			row += fmt.Sprintf("%d\t%d\t%s\t", p.PagesDone, p.Requests, p.State)
		}
		fmt.Fprintln(tw, row)
		total += t.Objects
	}
	fmt.Fprintf(tw, "  total objects\t%d\t\n", total)
	tw.Flush()
	fmt.Fprintf(out, "requests %d\n", s.Requests)
	if s.Scope != "" && s.Scope != "full" {
		fmt.Fprintf(out, "scope %s: the backup holds what the filters selected, not the whole org\n", s.Scope)
	}
	if tf := s.Terraform; tf != nil {
		fmt.Fprintf(out, "terraform %d dangling references, %d broken cycles, %d self references dropped, %d types not written, %d secret variables (details in report.json)\n",
			tf.Dangling, tf.BrokenCycles, tf.SelfRefs, tf.NotWritten, tf.Variables)
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(out, "warning: %s\n", w)
	}
	if len(s.Problems) == 0 {
		fmt.Fprintln(out, "problems none")
		return
	}
	var parts []string
	for _, kind := range []string{export.ProblemForbidden, export.ProblemLocked, export.ProblemGone, export.ProblemFailed, export.ProblemInvalid} {
		if n := s.Problems[kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, kind))
		}
	}
	fmt.Fprintf(out, "problems %s (details in report.json)\n", strings.Join(parts, ", "))
}
