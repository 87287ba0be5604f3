package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestGetPage(t *testing.T) {
	var query url.Values
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		// Odd spacing and key order must reach the caller unchanged.
		writeJSON(w, http.StatusOK, `{"entities":[{"name":"Q1" , "id":"q1"},{"id":"q2","name":"Ünïcode"}],
			"pageSize":2,"pageNumber":1,"total":5,"pageCount":3,
			"firstUri":"/api/v2/routing/queues?pageSize=2&pageNumber=1",
			"nextUri":"/api/v2/routing/queues?pageSize=2&pageNumber=2"}`)
	})
	c := newTestClient(t, f)

	page, err := c.GetPage(context.Background(), "/api/v2/routing/queues", url.Values{"divisionId": {"d1"}}, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if query.Get("pageNumber") != "1" || query.Get("pageSize") != "2" || query.Get("divisionId") != "d1" {
		t.Errorf("query = %v", query)
	}
	if len(page.Entities) != 2 {
		t.Fatalf("entities = %d, want 2", len(page.Entities))
	}
	if string(page.Entities[0]) != `{"name":"Q1" , "id":"q1"}` {
		t.Errorf("entity bytes changed: %s", page.Entities[0])
	}
	if page.PageNumber != 1 || page.PageSize != 2 || page.PageCount != 3 || page.Total != 5 {
		t.Errorf("page = %+v", page)
	}
	if page.NextURI != "/api/v2/routing/queues?pageSize=2&pageNumber=2" {
		t.Errorf("NextURI = %q", page.NextURI)
	}
}

func TestGetPageDoesNotChangeQuery(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[]}`))
	c := newTestClient(t, f)
	query := url.Values{"state": {"active"}}

	if _, err := c.GetPage(context.Background(), "/api/v2/users", query, 3, 100); err != nil {
		t.Fatal(err)
	}
	if len(query) != 1 {
		t.Errorf("caller's query was changed: %v", query)
	}
}

func TestGetPageLastPage(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[{"id":"a"}],"pageSize":25,"pageNumber":2,"total":26,"pageCount":2}`))
	c := newTestClient(t, f)

	page, err := c.GetPage(context.Background(), "/api/v2/users", nil, 2, 25)
	if err != nil {
		t.Fatal(err)
	}
	if page.NextURI != "" {
		t.Errorf("NextURI = %q on the last page", page.NextURI)
	}
}

func TestGetPageComputesPageCount(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[],"pageSize":25,"pageNumber":1,"total":51}`))
	c := newTestClient(t, f)

	page, err := c.GetPage(context.Background(), "/api/v2/groups", nil, 1, 25)
	if err != nil {
		t.Fatal(err)
	}
	if page.PageCount != 3 {
		t.Errorf("PageCount = %d, want 3 from total 51 and pageSize 25", page.PageCount)
	}
}

func TestGetPageDefaultPageSize(t *testing.T) {
	var query url.Values
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		writeJSON(w, http.StatusOK, `{"entities":[]}`)
	})
	c := newTestClient(t, f)

	if _, err := c.GetPage(context.Background(), "/api/v2/groups", nil, 1, 0); err != nil {
		t.Fatal(err)
	}
	if _, ok := query["pageSize"]; ok {
		t.Errorf("pageSize was sent for pageSize 0: %v", query)
	}
}

func TestGetPageRejectsPageZero(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[]}`))
	c := newTestClient(t, f)

	_, err := c.GetPage(context.Background(), "/api/v2/users", nil, 0, 25)
	if e := asError(t, err); e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
	if s := c.Stats(); s.Total != 0 {
		t.Errorf("a request was sent for page 0")
	}
}

func TestGetAfterPage(t *testing.T) {
	var afters []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		after := r.URL.Query().Get("after")
		afters = append(afters, after)
		if r.URL.Query().Get("pageSize") != "2" {
			t.Errorf("pageSize = %q", r.URL.Query().Get("pageSize"))
		}
		switch after {
		case "":
			writeJSON(w, 200, `{"entities":[{"id":"c1"},{"id":"c2"}],"nextUri":"/api/v2/integrations/credentials/listing?after=c2&pageSize=2"}`)
		case "c2":
			writeJSON(w, 200, `{"entities":[{"id":"c3"}],"selfUri":"/api/v2/integrations/credentials/listing?after=c2"}`)
		default:
			writeJSON(w, 400, `{"code":"bad.request"}`)
		}
	})
	c := newTestClient(t, f)
	ctx := context.Background()

	first, err := c.GetAfterPage(ctx, "/api/v2/integrations/credentials/listing", nil, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Entities) != 2 || first.Next != "c2" {
		t.Errorf("first page = %d entities, Next %q; want 2 and c2", len(first.Entities), first.Next)
	}
	last, err := c.GetAfterPage(ctx, "/api/v2/integrations/credentials/listing", nil, first.Next, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(last.Entities) != 1 || last.Next != "" {
		t.Errorf("last page = %d entities, Next %q; want 1 and empty", len(last.Entities), last.Next)
	}
	if strings.Join(afters, ",") != ",c2" {
		t.Errorf("after values sent = %q", afters)
	}
}

func TestGetAfterPageFallsBackToNextURI(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[],"nextUri":"/api/v2/integrations/credentials/listing?after=zz&pageSize=2"}`))
	c := newTestClient(t, f)

	page, err := c.GetAfterPage(context.Background(), "/api/v2/integrations/credentials/listing", nil, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if page.Next != "zz" {
		t.Errorf("Next = %q, want the after parameter of nextUri", page.Next)
	}
}

func TestGetAfterPageWithoutNextValue(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[{"name":"no id"}],"nextUri":"/api/v2/integrations/credentials/listing?pageSize=2"}`))
	c := newTestClient(t, f)

	_, err := c.GetAfterPage(context.Background(), "/api/v2/integrations/credentials/listing", nil, "", 2)
	if e := asError(t, err); e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
}

func TestGetAfterPageNoProgress(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[{"id":"same"}],"nextUri":"/x?after=same"}`))
	c := newTestClient(t, f)

	_, err := c.GetAfterPage(context.Background(), "/api/v2/integrations/credentials/listing", nil, "same", 2)
	e := asError(t, err)
	if e.Class != ClassInvalid || !strings.Contains(e.Error(), "does not advance") {
		t.Errorf("error = %v (class %s)", e, e.Class)
	}
}

func TestGetCursorPage(t *testing.T) {
	var cursors []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("cursor")
		cursors = append(cursors, cursor)
		if cursor == "" {
			writeJSON(w, 200, `{"entities":[{"id":"u1"}],"cursor":"CUR2","nextUri":"/api/v2/users/query?cursor=CUR2"}`)
			return
		}
		writeJSON(w, 200, `{"entities":[{"id":"u2"}]}`)
	})
	c := newTestClient(t, f)
	ctx := context.Background()

	first, err := c.GetCursorPage(ctx, "/api/v2/users/query", url.Values{"state": {"any"}}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if first.Next != "CUR2" || len(first.Entities) != 1 {
		t.Errorf("first page = %+v", first)
	}
	last, err := c.GetCursorPage(ctx, "/api/v2/users/query", url.Values{"state": {"any"}}, first.Next, 100)
	if err != nil {
		t.Fatal(err)
	}
	if last.Next != "" || string(last.Entities[0]) != `{"id":"u2"}` {
		t.Errorf("last page = %+v", last)
	}
	if strings.Join(cursors, ",") != ",CUR2" {
		t.Errorf("cursors sent = %q", cursors)
	}
}

func TestGetCursorPageNoProgress(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[],"cursor":"C"}`))
	c := newTestClient(t, f)

	_, err := c.GetCursorPage(context.Background(), "/api/v2/users/query", nil, "C", 100)
	if e := asError(t, err); e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
}

func TestGetUnpaged(t *testing.T) {
	var query url.Values
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		writeJSON(w, 200, `{"entities":[{"id":"o1"},{"id":"o2"}],"selfUri":"/api/v2/oauth/clients"}`)
	})
	c := newTestClient(t, f)

	entities, err := c.GetUnpaged(context.Background(), "/api/v2/oauth/clients", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(entities) != 2 || string(entities[1]) != `{"id":"o2"}` {
		t.Errorf("entities = %s", entities)
	}
	if len(query) != 0 {
		t.Errorf("query = %v, want none", query)
	}
}

func TestListingWithoutEntitiesIsInvalid(t *testing.T) {
	for _, body := range []string{`{"total":0}`, `{"entities":null}`, `null`} {
		f := newFake(t, okJSON(body))
		c := newTestClient(t, f)
		ctx := context.Background()
		calls := map[string]func() error{
			"GetPage": func() error {
				_, err := c.GetPage(ctx, "/api/v2/routing/skills", nil, 1, 25)
				return err
			},
			"GetAfterPage": func() error {
				_, err := c.GetAfterPage(ctx, "/api/v2/routing/skills", nil, "", 25)
				return err
			},
			"GetCursorPage": func() error {
				_, err := c.GetCursorPage(ctx, "/api/v2/routing/skills", nil, "", 25)
				return err
			},
			"GetUnpaged": func() error {
				_, err := c.GetUnpaged(ctx, "/api/v2/routing/skills", nil)
				return err
			},
		}
		for name, call := range calls {
			e := asError(t, call())
			if e.Class != ClassInvalid {
				t.Errorf("%s on %s: class = %s, want Invalid", name, body, e.Class)
			}
			if !strings.Contains(e.Error(), "GET /api/v2/routing/skills") || !strings.Contains(e.Error(), "no entities array") {
				t.Errorf("%s on %s: Error() = %q", name, body, e.Error())
			}
		}
	}
}

func TestListingWrongShapeIsInvalid(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":{"id":"x"}}`))
	c := newTestClient(t, f)

	_, err := c.GetUnpaged(context.Background(), "/api/v2/oauth/clients", nil)
	if e := asError(t, err); e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
}

func TestListingTruncatedIsTransient(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		// Get skips its JSON check for text/plain, so the envelope decoder
		// is the one to detect the cut.
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(`{"entities":[{"id":"a"}`))
	})
	c := newTestClient(t, f)

	_, err := c.GetUnpaged(context.Background(), "/api/v2/oauth/clients", nil)
	if e := asError(t, err); e.Class != ClassTransient {
		t.Errorf("class = %s, want Transient", e.Class)
	}
}

func TestGetScanPage(t *testing.T) {
	var sent []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		sent = append(sent, r.URL.Query().Get("cursor")+"/"+r.URL.Query().Get("limit"))
		switch r.URL.Query().Get("cursor") {
		case "":
			writeJSON(w, 200, `{"entities":[{"id":"c1"}],"cursors":{"after":"A1"}}`)
		case "A1":
			// A scan page may be empty and still go on.
			writeJSON(w, 200, `{"entities":[],"cursors":{"after":"A2"}}`)
		default:
			writeJSON(w, 200, `{"entities":[{"id":"c2"}],"cursors":{}}`)
		}
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	var ids []string
	cursor := ""
	for i := 0; i < 5; i++ {
		page, err := c.GetScanPage(ctx, "/api/v2/externalcontacts/scan/contacts", nil, cursor, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Entities {
			ids = append(ids, string(e))
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if strings.Join(ids, ",") != `{"id":"c1"},{"id":"c2"}` {
		t.Errorf("entities = %v", ids)
	}
	if strings.Join(sent, ",") != "/200,A1/200,A2/200" {
		t.Errorf("requests sent cursor/limit = %v", sent)
	}
}

func TestGetScanPageNoProgress(t *testing.T) {
	f := newFake(t, okJSON(`{"entities":[],"cursors":{"after":"C"}}`))
	c := newTestClient(t, f)
	_, err := c.GetScanPage(context.Background(), "/api/v2/externalcontacts/scan/contacts", nil, "C", 100)
	if e := asError(t, err); e.Class != ClassInvalid {
		t.Errorf("class = %s, want Invalid", e.Class)
	}
}
