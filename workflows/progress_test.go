package workflows

import (
	"testing"

	"github.com/gcexport/gcexport/export"
)

func TestProgressAddClosure(t *testing.T) {
	p := newProgress()
	p.start(&export.Plan{Layers: []export.Layer{{Types: []export.TypePlan{{Name: "user", Partitions: []string{"all"}}}}}})
	layers := [][]string{{"auth_division"}, {"user"}}
	p.addClosure(export.PageResult{Type: "auth_division", Objects: 2, Requests: map[int]int64{200: 2, 404: 1}}, layers)
	p.addClosure(export.PageResult{Type: "user", Objects: 1, Requests: map[int]int64{200: 1}}, layers)

	snap, err := p.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]export.TypeProgress{}
	for _, row := range snap.Types {
		rows[row.Name] = row
	}
	division, ok := rows["auth_division"]
	if !ok {
		t.Fatalf("progress = %+v, no row for the type the closure added", snap.Types)
	}
	if division.Objects != 2 || division.Requests != 3 || division.State != export.StateDone || division.Layer != 0 {
		t.Errorf("auth_division row = %+v, want 2 objects, 3 requests, done, layer 0", division)
	}
	if user := rows["user"]; user.Objects != 1 || user.Requests != 1 || user.State != export.StateWaiting {
		t.Errorf("user row = %+v, want the closure's object and request added to the planned row", user)
	}
}
