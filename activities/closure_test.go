package activities

import (
	"encoding/json"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/sink"
)

func TestClosureReplayCountsEachObjectOnce(t *testing.T) {
	dir, err := sink.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	in := export.ClosureInput{ExportID: "e", Output: dir.Root()}
	for _, id := range []string{"u1", "u3"} {
		if err := dir.WriteObject(in.ExportID, "user", id, []byte(`{"id":"`+id+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	goneGroup := &export.Problem{Kind: export.ProblemGone, Type: "group", ID: "g1", Message: "404"}
	records := []closureRecord{
		{Type: "user", ID: "u1", Added: true, Requests: map[int]int64{200: 1}},
		// u2 was journaled but never staged: the attempt stopped in between.
		{Type: "user", ID: "u2", Added: true, Requests: map[int]int64{200: 1}},
		{Type: "user", ID: "u1", Added: true, Requests: map[int]int64{200: 1}},
		{Type: "group", ID: "g1", Problem: goneGroup, Requests: map[int]int64{404: 1}},
		// u3 has two records: a later attempt read it again.
		{Type: "user", ID: "u3", Added: true, Requests: map[int]int64{200: 1}},
		{Type: "user", ID: "u3", Added: true, Requests: map[int]int64{200: 1}},
	}
	c := &closure{a: &Activities{Catalog: catalog.Default()}, in: in, dir: dir,
		unreadable: map[closureKey]bool{}, results: map[string]*export.PageResult{}}
	for _, rec := range records {
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if err := dir.AppendJournal(in.ExportID, c.journal(), line); err != nil {
			t.Fatal(err)
		}
	}

	if err := c.replay(); err != nil {
		t.Fatal(err)
	}
	users := c.resultOf("user")
	if users.Listed != 2 || users.Objects != 2 {
		t.Errorf("user: listed %d, objects %d, want 2 and 2", users.Listed, users.Objects)
	}
	if users.Requests[200] != 2 {
		t.Errorf("user: %d requests of status 200 counted, want 2", users.Requests[200])
	}
	groups := c.resultOf("group")
	if groups.Listed != 1 || groups.Objects != 0 || len(groups.Problems) != 1 {
		t.Errorf("group: listed %d, objects %d, %d problems, want 1, 0 and 1",
			groups.Listed, groups.Objects, len(groups.Problems))
	}
	for _, tc := range []struct {
		typ, id string
		want    bool
	}{
		{"user", "u1", true},
		{"user", "u2", false},
		{"user", "u3", true},
		{"group", "g1", true},
		{"group", "g2", false},
	} {
		known, err := c.known(tc.typ, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if known != tc.want {
			t.Errorf("known(%s, %s) = %v, want %v", tc.typ, tc.id, known, tc.want)
		}
	}
}
