package crashtest

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// kill is one SIGKILL the test sent.
type kill struct {
	target string // "worker" or "server"
	// started is when the killed process was started.
	started time.Time
	// at is when the killed process was seen gone.
	at time.Time
}

// killImpact is what one kill interrupted.
type killImpact struct {
	kill
	// open counts the activities scheduled before the kill and completed
	// after it.
	open int
	// requests counts the simulator requests that arrived while the killed
	// process ran. Only one worker process runs at a time, so for a worker
	// a count above zero shows that it ran activities. With activities open
	// at the kill, the kill most likely cut one of their attempts short.
	requests int
}

// impactOf returns what each kill interrupted.
func impactOf(kills []kill, activities []*activityRecord, requests []simulator.LoggedRequest) []killImpact {
	impacts := make([]killImpact, len(kills))
	for i, k := range kills {
		impacts[i].kill = k
		for _, a := range activities {
			if a.scheduled.Before(k.at) && (a.completed.IsZero() || a.completed.After(k.at)) {
				impacts[i].open++
			}
		}
		for _, req := range requests {
			if req.Time.After(k.started) && req.Time.Before(k.at) {
				impacts[i].requests++
			}
		}
	}
	return impacts
}

// activityRecord is one scheduled activity of an export's history.
type activityRecord struct {
	name      string
	input     export.PageInput // page activities only
	scheduled time.Time
	// completed is when the server recorded the activity's result; zero
	// when it never completed.
	completed time.Time
	// attempt is the number of the attempt that ended the activity.
	attempt int32
}

// pageActivities are the activities that list a type and take a PageInput.
var pageActivities = []string{export.ExportPageActivity, export.ExportCursorActivity, export.ExportChildrenActivity}

// readActivities returns the activities of the workflow's history in the
// order they were scheduled.
func readActivities(ctx context.Context, c client.Client, workflowID string) ([]*activityRecord, error) {
	// The test configures no encryption key, so the workers' payloads are
	// plain JSON that the default converter decodes.
	dc := converter.GetDefaultDataConverter()
	byEventID := map[int64]*activityRecord{}
	var out []*activityRecord
	iter := c.GetWorkflowHistory(ctx, workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			return nil, fmt.Errorf("read the history of %s: %w", workflowID, err)
		}
		switch event.GetEventType() {
		case enums.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			attrs := event.GetActivityTaskScheduledEventAttributes()
			rec := &activityRecord{name: attrs.GetActivityType().GetName(), scheduled: event.GetEventTime().AsTime()}
			if slices.Contains(pageActivities, rec.name) {
				if err := dc.FromPayloads(attrs.GetInput(), &rec.input); err != nil {
					return nil, fmt.Errorf("decode the input of %s (event %d): %w", rec.name, event.GetEventId(), err)
				}
			}
			byEventID[event.GetEventId()] = rec
			out = append(out, rec)
		case enums.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			attrs := event.GetActivityTaskStartedEventAttributes()
			if rec := byEventID[attrs.GetScheduledEventId()]; rec != nil {
				rec.attempt = attrs.GetAttempt()
			}
		case enums.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			attrs := event.GetActivityTaskCompletedEventAttributes()
			if rec := byEventID[attrs.GetScheduledEventId()]; rec != nil {
				rec.completed = event.GetEventTime().AsTime()
			}
		}
	}
	return out, nil
}

// repeatedPages returns the page inputs that were scheduled more than once,
// which means the workflow asked for a page again instead of taking the
// result it had recorded.
func repeatedPages(activities []*activityRecord) []string {
	seen := map[string]int{}
	for _, a := range activities {
		if slices.Contains(pageActivities, a.name) {
			seen[fmt.Sprintf("%s %s/%s page %d", a.name, a.input.Type, a.input.Partition, a.input.Page)]++
		}
	}
	var repeated []string
	for key, n := range seen {
		if n > 1 {
			repeated = append(repeated, fmt.Sprintf("%s (%d times)", key, n))
		}
	}
	sort.Strings(repeated)
	return repeated
}

// route is a catalogue endpoint that a request path can match.
type route struct {
	typ  *catalog.Type
	list bool
	re   *regexp.Regexp
	// literals counts the path's fixed segments; the route with the most
	// wins, so /api/v2/users/query is a listing and not a user's id.
	literals int
}

// routeTable maps request paths to the catalogue types they read.
type routeTable struct {
	routes []route
}

var placeholder = regexp.MustCompile(`\{[A-Za-z]+\}`)

func newRouteTable(cat *catalog.Catalog) *routeTable {
	rt := &routeTable{}
	for _, name := range cat.Names() {
		typ, _ := cat.Type(name)
		for _, endpoint := range []struct {
			path string
			list bool
		}{{typ.ListPath, true}, {typ.GetPath, false}} {
			if endpoint.path == "" {
				continue
			}
			var pattern strings.Builder
			literals := 0
			for _, segment := range strings.Split(strings.Trim(endpoint.path, "/"), "/") {
				pattern.WriteString("/")
				if !placeholder.MatchString(segment) {
					literals++
				}
				parts := placeholder.Split(segment, -1)
				for i, part := range parts {
					if i > 0 {
						pattern.WriteString("[^/]+")
					}
					pattern.WriteString(regexp.QuoteMeta(part))
				}
			}
			rt.routes = append(rt.routes, route{
				typ: typ, list: endpoint.list, literals: literals,
				re: regexp.MustCompile("^" + pattern.String() + "$"),
			})
		}
	}
	return rt
}

// match returns the routes of path with the most fixed segments. Several
// types can share an endpoint (queue members and users read users by id),
// so more than one route can match.
func (rt *routeTable) match(path string) []route {
	var best []route
	for _, r := range rt.routes {
		if !r.re.MatchString(path) {
			continue
		}
		switch {
		case len(best) == 0 || r.literals > best[0].literals:
			best = []route{r}
		case r.literals == best[0].literals:
			best = append(best, r)
		}
	}
	return best
}

// candidates returns the page activities that can have sent req. A page of
// a page-number listing comes from the activity of that page, and any other
// listing from the activities of its partition. A read by id can come from
// every activity of the type.
func candidates(req simulator.LoggedRequest, routes []route, activities []*activityRecord) []*activityRecord {
	query, _ := url.ParseQuery(req.Query)
	var out []*activityRecord
	for _, r := range routes {
		for _, a := range activities {
			if !slices.Contains(pageActivities, a.name) || a.input.Type != r.typ.Name {
				continue
			}
			if r.list && !partitionMatches(r.typ, a.input.Partition, query) {
				continue
			}
			if r.list && a.name == export.ExportPageActivity && r.typ.Paging == catalog.PagingPageNumber {
				if page, err := strconv.Atoi(query.Get("pageNumber")); err == nil && page != a.input.Page {
					continue
				}
			}
			out = append(out, a)
		}
	}
	return out
}

// partitionMatches reports whether query carries the query parameters of
// the named partition of typ.
func partitionMatches(typ *catalog.Type, partition string, query url.Values) bool {
	if len(typ.Partitions) == 0 || partition == export.IDsPartition {
		return true
	}
	p, ok := typ.Partition(partition)
	if !ok {
		return false
	}
	for key, values := range p.Query {
		if !slices.Equal(query[key], values) {
			return false
		}
	}
	return true
}

// refetchReport is what the request log shows about requests sent again
// after a kill.
type refetchReport struct {
	// violations are catalogue requests that returned 200 before a kill and
	// were sent again after it, although every activity that could have
	// sent them had completed before the kill.
	violations []string
	// unattributed are catalogue requests sent again after a kill that no
	// page activity of the history could have sent.
	unattributed []string
	// resumed counts catalogue requests sent again after a kill by an
	// activity that was still running at the kill: an attempt that the kill
	// cut short, retried from its last recorded heartbeat.
	resumed int
	// maxLost is, over those resumed requests, the longest time between a
	// request's first 200 and the first worker kill after it. It estimates
	// the progress that a killed attempt had made and the server had not
	// recorded.
	maxLost time.Duration
	// other counts requests sent again that read no catalogue type: the
	// org check of each new worker process and the flow export jobs.
	other int
}

// checkRefetches finds every GET request that returned 200 before a kill
// and was sent again after it, and attributes it to the page activities
// that could have sent it.
func checkRefetches(requests []simulator.LoggedRequest, kills []kill, activities []*activityRecord, rt *routeTable) refetchReport {
	requests = slices.Clone(requests)
	sort.SliceStable(requests, func(i, j int) bool { return requests[i].Time.Before(requests[j].Time) })
	var report refetchReport
	firstOK := map[string]time.Time{}
	for _, req := range requests {
		if req.Method != "GET" {
			continue
		}
		key := req.Path + "?" + req.Query
		first, seen := firstOK[key]
		if !seen {
			if req.Status == 200 {
				firstOK[key] = req.Time
			}
			continue
		}
		k, between := lastKillBetween(kills, first, req.Time)
		if !between {
			continue
		}
		routes := rt.match(req.Path)
		if len(routes) == 0 {
			report.other++
			continue
		}
		cands := candidates(req, routes, activities)
		if len(cands) == 0 {
			report.unattributed = append(report.unattributed, fmt.Sprintf("GET %s at %s", key, req.Time.Format(time.StampMilli)))
			continue
		}
		if allCompletedBefore(cands, k.at) {
			report.violations = append(report.violations, fmt.Sprintf(
				"GET %s: returned 200 at %s, sent again at %s after the %s kill at %s, "+
					"although its activities (%s) had completed before that kill",
				key, first.Format(time.StampMilli), req.Time.Format(time.StampMilli),
				k.target, k.at.Format(time.StampMilli), describe(cands)))
			continue
		}
		report.resumed++
		if cut, ok := firstWorkerKillBetween(kills, first, req.Time); ok {
			report.maxLost = max(report.maxLost, cut.at.Sub(first))
		}
	}
	return report
}

// lastKillBetween returns the last kill after from and before to.
func lastKillBetween(kills []kill, from, to time.Time) (kill, bool) {
	var found kill
	ok := false
	for _, k := range kills {
		if k.at.After(from) && k.at.Before(to) {
			found, ok = k, true
		}
	}
	return found, ok
}

// firstWorkerKillBetween returns the first worker kill after from and
// before to.
func firstWorkerKillBetween(kills []kill, from, to time.Time) (kill, bool) {
	for _, k := range kills {
		if k.target == "worker" && k.at.After(from) && k.at.Before(to) {
			return k, true
		}
	}
	return kill{}, false
}

func allCompletedBefore(activities []*activityRecord, at time.Time) bool {
	for _, a := range activities {
		if a.completed.IsZero() || !a.completed.Before(at) {
			return false
		}
	}
	return true
}

func describe(activities []*activityRecord) string {
	parts := make([]string, 0, len(activities))
	for _, a := range activities {
		parts = append(parts, fmt.Sprintf("%s %s/%s page %d completed %s",
			a.name, a.input.Type, a.input.Partition, a.input.Page, a.completed.Format(time.StampMilli)))
	}
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("and %d more", len(parts)-3))
	}
	return strings.Join(parts, "; ")
}
