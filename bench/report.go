package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator"
)

// pathPattern matches request paths of one catalogue type's endpoint.
type pathPattern struct {
	typ string
	re  *regexp.Regexp
}

// requestsByType counts requests per catalogue type by their path. List
// paths are tried before get-by-id paths, so /api/v2/users/query is the
// user listing rather than a user id. Authorization subjects belong to
// user_roles or group_roles by the id they name.
func requestsByType(requests []simulator.MeteredRequest, f *simulator.Fixture) map[string]int {
	cat := catalog.Default()
	var lists, gets []pathPattern
	compile := func(template string) *regexp.Regexp {
		quoted := regexp.QuoteMeta(template)
		quoted = strings.ReplaceAll(quoted, regexp.QuoteMeta(catalog.ParentToken), "[^/]+")
		quoted = strings.ReplaceAll(quoted, regexp.QuoteMeta("{id}"), "[^/]+")
		return regexp.MustCompile("^" + quoted + "$")
	}
	for _, name := range cat.Names() {
		t, _ := cat.Type(name)
		lists = append(lists, pathPattern{name, compile(t.ListPath)})
		if t.GetPath != "" {
			gets = append(gets, pathPattern{name, compile(t.GetPath)})
		}
	}
	users := map[string]bool{}
	for _, u := range f.Resources["user"] {
		if id, ok := u["id"].(string); ok {
			users[id] = true
		}
	}
	counts := map[string]int{}
	for _, r := range requests {
		counts[classify(r.Path, lists, gets, users)]++
	}
	return counts
}

func classify(path string, lists, gets []pathPattern, users map[string]bool) string {
	if id, ok := strings.CutPrefix(path, "/api/v2/authorization/subjects/"); ok {
		if users[id] {
			return "user_roles"
		}
		return "group_roles"
	}
	for _, set := range [][]pathPattern{lists, gets} {
		for _, p := range set {
			if p.re.MatchString(path) {
				return p.typ
			}
		}
	}
	if strings.HasPrefix(path, "/api/v2/flows/export/jobs") {
		return "(flow export jobs)"
	}
	return "(other: " + path + ")"
}

// wholeListTypes returns the types whose list returns whole objects: not
// read by id after listing, not listed under a parent, not one object per
// request.
func wholeListTypes() map[string]bool {
	cat := catalog.Default()
	out := map[string]bool{}
	for _, name := range cat.Names() {
		t, _ := cat.Type(name)
		if t.Parent == "" && !t.GetEach && !t.Singleton && t.Paging != catalog.PagingObject {
			out[name] = true
		}
	}
	return out
}

// apiWall returns the measurement's wall time in API time.
func (m *measurement) apiWall() time.Duration {
	return time.Duration(float64(m.wall) * m.timeScale)
}

func printReport(w io.Writer, o options, f *simulator.Fixture, rows []*measurement, g *gcexportRun) {
	orgObjects := total(f)
	fmt.Fprintf(w, "\nmachine: %s, %d cores; %s\n", cpuModel(), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(w, "org: %d objects (seed %d); simulator latency %s ± %s; rate limit %d requests per minute per token\n",
		orgObjects, o.seed, o.latency, o.jitter, o.requestsPerMinute)
	if o.timeScale != 1 {
		fmt.Fprintf(w, "time scaled by %g: the simulator's clock runs %g times as fast as real time, so the rate limit is %g "+
			"requests per real minute and the latency %s. Times below are API time (real time × %g).\n",
			o.timeScale, o.timeScale, float64(o.requestsPerMinute)*o.timeScale, scaled(o.latency, o.timeScale), o.timeScale)
	}
	if o.baselineTimeScale != o.timeScale {
		fmt.Fprintf(w, "the per-object exporter ran against a second simulator serving the same org, with time scaled by %g; "+
			"its times below are API time too (real time × %g).\n", o.baselineTimeScale, o.baselineTimeScale)
	}
	printMemoryLimits(w, o)
	fmt.Fprintln(w, "peak RSS is the VmHWM that each exporter child process reads from /proc/self/status (the largest of them), "+
		"CPU is getrusage of those processes (summed);")
	fmt.Fprintln(w, "a page is one API request; ideal time is requests / the allowed rate.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| exporter | objects | requests | requests/object | wall | ideal | wall/ideal | peak RSS | CPU/page | largest history | max requests in a minute |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, m := range rows {
		apiWall := m.apiWall()
		ideal := time.Duration(float64(m.requests) / float64(o.requestsPerMinute) * float64(time.Minute))
		history := "–"
		if m.history > 0 {
			history = fmt.Sprintf("%d events", m.history)
		}
		perPage := time.Duration(0)
		if m.requests > 0 {
			perPage = m.cpu / time.Duration(m.requests)
		}
		name := m.name
		if m.projected {
			name += " (projected)"
		}
		rss := "–"
		if m.peakRSSKB > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(m.peakRSSKB)/1024)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.4f | %s | %s | %.2f | %s | %s | %s | %d |\n",
			name, m.objects, m.requests, float64(m.requests)/float64(orgObjects), round(apiWall), round(ideal),
			float64(apiWall)/float64(ideal), rss, perPage.Round(time.Microsecond), history, m.maxMinute)
	}
	if len(rows) == 2 {
		a, b := rows[0], rows[1]
		fmt.Fprintf(w, "| per-object / gcexport | | %.1f× | | %.1f× | | | | | | |\n",
			float64(b.requests)/float64(a.requests), float64(b.apiWall())/float64(a.apiWall()))
	}
	fmt.Fprintln(w)
	for _, m := range rows {
		fmt.Fprintf(w, "%s: %s; real wall time %s\n", m.name, m.status, round(m.wall))
	}
	fmt.Fprintf(w, "largest history: %s\n", g.historyOf)

	whole := wholeListTypes()
	names, counts := typeCounts(f)
	var wholeRequests, wholeObjects int
	worst, worstRatio := "", 0.0
	for _, name := range names {
		if whole[name] {
			wholeRequests += g.requestsByType[name]
			wholeObjects += counts[name]
			if counts[name] >= 1000 {
				if r := float64(g.requestsByType[name]) / float64(counts[name]); r > worstRatio {
					worst, worstRatio = name, r
				}
			}
		}
	}
	fmt.Fprintf(w, "gcexport on types whose list returns whole objects: %d requests for %d objects, %.4f per object",
		wholeRequests, wholeObjects, float64(wholeRequests)/float64(max(wholeObjects, 1)))
	if worst != "" {
		fmt.Fprintf(w, "; the highest among types of 1000 objects or more: %s, %.4f", worst, worstRatio)
	}
	fmt.Fprintln(w)
	if o.types {
		fmt.Fprintln(w, "\n| type | objects | gcexport requests | requests/object |")
		fmt.Fprintln(w, "|---|---:|---:|---:|")
		keys := make([]string, 0, len(g.requestsByType))
		for k := range g.requestsByType {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "| %s | %d | %d | %.4f |\n", k, counts[k], g.requestsByType[k],
				float64(g.requestsByType[k])/float64(max(counts[k], 1)))
		}
	}
}

// printMemoryLimits prints the GOMEMLIMIT that the children ran with, if
// any, because a soft memory limit lowers the peak RSS in the table.
func printMemoryLimits(w io.Writer, o options) {
	inherited := os.Getenv("GOMEMLIMIT")
	if o.workerMemoryLimit == "" {
		if inherited != "" {
			fmt.Fprintf(w, "the benchmark and every child process ran with GOMEMLIMIT=%s from the environment.\n", inherited)
		}
		return
	}
	fmt.Fprintf(w, "workers ran with GOMEMLIMIT=%s (--worker-memory-limit), the Go runtime's soft memory limit", o.workerMemoryLimit)
	switch {
	case !o.baseline:
	case inherited != "":
		fmt.Fprintf(w, "; the per-object exporter with GOMEMLIMIT=%s from the environment", inherited)
	default:
		fmt.Fprint(w, "; the per-object exporter without one")
	}
	fmt.Fprintln(w, ".")
}

func round(d time.Duration) time.Duration {
	if d > time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Millisecond)
}
