package crashtest

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// listRequest returns a page request of typ's listing as the activities
// send it, with the partition's query and, for a page-number listing, the
// page number.
func listRequest(t *testing.T, typ *catalog.Type, partition string, page int, at time.Time) simulator.LoggedRequest {
	t.Helper()
	query := url.Values{}
	for key, values := range typ.ListQuery {
		query[key] = values
	}
	if partition != "" {
		p, ok := typ.Partition(partition)
		if !ok {
			t.Fatalf("%s has no partition %q", typ.Name, partition)
		}
		for key, values := range p.Query {
			query[key] = values
		}
	}
	if typ.Paging == catalog.PagingPageNumber {
		query.Set("pageNumber", strconv.Itoa(page))
	}
	query.Set("pageSize", strconv.Itoa(typ.PageSize))
	return simulator.LoggedRequest{Time: at, Method: "GET", Path: typ.ListPath, Query: query.Encode(), Status: 200}
}

func TestCheckRefetchesAttributesRequests(t *testing.T) {
	cat := catalog.Default()
	users, ok := cat.Type("user")
	if !ok || users.Paging != catalog.PagingCursor {
		t.Fatalf("the catalogue's user type is missing or not a cursor listing: %+v", users)
	}
	groups, ok := cat.Type("group")
	if !ok || groups.Paging != catalog.PagingPageNumber {
		t.Fatalf("the catalogue's group type is missing or not a page-number listing: %+v", groups)
	}
	queues, ok := cat.Type("routing_queue")
	if !ok {
		t.Fatal("the catalogue has no routing_queue type")
	}

	base := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	at := func(seconds int) time.Time { return base.Add(time.Duration(seconds) * time.Second) }
	activities := []*activityRecord{
		{name: export.ExportPageActivity, input: export.PageInput{Type: "group", Partition: "all", Page: 1},
			scheduled: at(0), completed: at(2)},
		{name: export.ExportPageActivity, input: export.PageInput{Type: "group", Partition: "all", Page: 2},
			scheduled: at(0), completed: at(8)},
		{name: export.ExportCursorActivity, input: export.PageInput{Type: "user", Partition: "active", Page: 1},
			scheduled: at(0), completed: at(9)},
		{name: export.ExportCursorActivity, input: export.PageInput{Type: "user", Partition: "inactive", Page: 1},
			scheduled: at(0), completed: at(2)},
	}
	kills := []kill{{target: "worker", started: at(0), at: at(3)}}
	requests := []simulator.LoggedRequest{
		// Page 1 of groups completed before the kill: sending it again is
		// what the check exists to find.
		listRequest(t, groups, "", 1, at(1)),
		listRequest(t, groups, "", 1, at(4)),
		// Page 2 was still running at the kill, so its retry may read it
		// again.
		listRequest(t, groups, "", 2, at(1)),
		listRequest(t, groups, "", 2, at(5)),
		// So may the active users' cursor listing, but not the inactive
		// one, which completed before the kill.
		listRequest(t, users, "active", 0, at(1)),
		listRequest(t, users, "active", 0, at(5)),
		listRequest(t, users, "inactive", 0, at(1)),
		listRequest(t, users, "inactive", 0, at(6)),
		// A user read by id belongs to the user type's activities, one of
		// which was running.
		{Time: at(1), Method: "GET", Path: "/api/v2/users/u1", Status: 200},
		{Time: at(5), Method: "GET", Path: "/api/v2/users/u1", Status: 200},
		// No activity of the history lists queues.
		listRequest(t, queues, "", 1, at(1)),
		listRequest(t, queues, "", 1, at(5)),
		// The org check of every new worker process reads no catalogue
		// type.
		{Time: at(1), Method: "GET", Path: "/api/v2/organizations/me", Status: 200},
		{Time: at(4), Method: "GET", Path: "/api/v2/organizations/me", Status: 200},
		// An object that returned 409 before the kill was never fetched, so
		// reading it after the kill is its first fetch.
		{Time: at(1), Method: "GET", Path: "/api/v2/groups/g1", Status: 409},
		{Time: at(4), Method: "GET", Path: "/api/v2/groups/g1", Status: 200},
		// Requests sent again without a kill in between are not the
		// check's business.
		{Time: at(4), Method: "GET", Path: "/api/v2/groups/g2", Status: 200},
		{Time: at(5), Method: "GET", Path: "/api/v2/groups/g2", Status: 200},
	}

	report := checkRefetches(requests, kills, activities, newRouteTable(cat))

	if len(report.violations) != 2 {
		t.Errorf("violations = %q, want two: group page 1 and the inactive users", report.violations)
	}
	for i, want := range []string{"pageNumber=1", "state=inactive"} {
		if i < len(report.violations) && !strings.Contains(report.violations[i], want) {
			t.Errorf("violation %d = %q, want it to name %s", i, report.violations[i], want)
		}
	}
	if len(report.unattributed) != 1 || !strings.Contains(report.unattributed[0], queues.ListPath) {
		t.Errorf("unattributed = %q, want the queue listing alone", report.unattributed)
	}
	if report.resumed != 3 {
		t.Errorf("resumed = %d, want 3: group page 2, the active users and the user read by id", report.resumed)
	}
	if report.maxLost != 2*time.Second {
		t.Errorf("maxLost = %s, want 2s: the resumed requests were first sent a second after the start, the kill came at 3s",
			report.maxLost)
	}
	if report.other != 1 {
		t.Errorf("other = %d, want 1: the org check", report.other)
	}
}

func TestRouteTablePrefersFixedSegments(t *testing.T) {
	rt := newRouteTable(catalog.Default())
	cases := []struct {
		path string
		want string // the type of every match
		list bool
	}{
		{path: "/api/v2/users/query", want: "user", list: true},
		{path: "/api/v2/groups", want: "group", list: true},
		{path: "/api/v2/groups/g1", want: "group", list: false},
	}
	for _, tc := range cases {
		routes := rt.match(tc.path)
		if len(routes) == 0 {
			t.Errorf("%s matches no route", tc.path)
			continue
		}
		for _, r := range routes {
			if r.typ.Name != tc.want || r.list != tc.list {
				t.Errorf("%s matches %s (list %t), want %s (list %t)", tc.path, r.typ.Name, r.list, tc.want, tc.list)
			}
		}
	}
	if routes := rt.match("/api/v2/organizations/me"); len(routes) != 0 {
		t.Errorf("/api/v2/organizations/me matches %d routes, want none", len(routes))
	}
}
