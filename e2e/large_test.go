package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator/sample"
)

// TestLargeUsersAndRows exports an org past the API's 10,000-result cap of
// inactive users, with a data table of 1,200 rows, and checks that nothing
// is short without being reported.
func TestLargeUsersAndRows(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 27,000 users")
	}
	f := sample.Generate(sample.Config{Seed: 7, ActiveUsers: 15_000, InactiveUsers: 12_000, DataTableRows: 1_200})
	h := newHarness(t, f)
	summary, err := h.run("e2e-large", json.RawMessage(`{"include":["user","architect_datatable_row"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	m := readManifest(t, h.output)

	users := len(typeFiles(t, h.output, "user"))
	if users != len(f.Resources["user"]) {
		// Short is acceptable only when the cap that stopped the listing
		// is reported and the export is not called complete.
		var capped bool
		for _, p := range readReport(t, h.output).Problems {
			capped = capped || (p.Type == "user" && strings.Contains(p.Message, "stops at 10000 results"))
		}
		if !capped || summary.Status == export.StatusComplete {
			t.Errorf("user: %d of %d exported, status %s, cap reported %v", users, len(f.Resources["user"]), summary.Status, capped)
		}
	}
	var rows int
	for _, obj := range f.Resources["architect_datatable_row"] {
		if obj != nil {
			rows++
		}
	}
	if got := m.Types["architect_datatable_row"].Count; got != rows {
		t.Errorf("architect_datatable_row: %d in the backup, fixture has %d", got, rows)
	}
	if rows < 1_200 {
		t.Errorf("the generated org has only %d rows", rows)
	}
}
