package e2e

import (
	"encoding/json"
	"testing"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator/sample"
)

// TestLargeUsersAndRows exports an org with more inactive users than the
// 10,000 that GET /api/v2/users serves, and a data table of 1,200 rows, and
// checks that every one is in the backup.
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

	// Users are listed through /api/v2/users/query, which has no
	// 10,000-result cap, so every one of them is in the backup.
	if users := len(typeFiles(t, h.output, "user")); users != len(f.Resources["user"]) {
		t.Errorf("user: %d of %d exported (status %s)", users, len(f.Resources["user"]), summary.Status)
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
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
