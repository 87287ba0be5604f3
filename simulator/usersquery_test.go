package simulator

import (
	"fmt"
	"net/url"
	"testing"
)

func TestUsersQueryPagesPastTheCap(t *testing.T) {
	f := SampleFixture()
	for i := 0; i < 10_500; i++ {
		f.Resources[typeUser] = append(f.Resources[typeUser], map[string]any{
			"id": fmt.Sprintf("inactive-%05d", i), "name": "Former agent", "state": "inactive", "version": 1,
		})
	}
	h := newHarness(t, f, Options{})
	want := 0
	for _, u := range f.Resources[typeUser] {
		if u["state"] == "inactive" {
			want++
		}
	}
	seen, pages, cursor := 0, 0, ""
	for {
		q := url.Values{"state": {"inactive"}, "pageSize": {"500"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		resp := h.get(usersQueryPath + "?" + q.Encode())
		if resp.status != 200 {
			t.Fatalf("page %d: status %d: %s", pages, resp.status, resp.raw)
		}
		entities, _ := resp.body["entities"].([]any)
		seen += len(entities)
		pages++
		next, _ := resp.body["cursor"].(string)
		if next == "" {
			if _, ok := resp.body["nextUri"]; ok {
				t.Error("the last page has a nextUri")
			}
			break
		}
		if next == cursor || pages > 100 {
			t.Fatalf("paging does not advance at page %d", pages)
		}
		cursor = next
	}
	if seen != want || want <= 10_000 {
		t.Errorf("listed %d inactive users in %d pages, want all %d (more than 10,000)", seen, pages, want)
	}
	if resp := h.get(usersQueryPath + "?cursor=not-a-cursor"); resp.status != 400 {
		t.Errorf("a bad cursor: status %d, want 400", resp.status)
	}
}
