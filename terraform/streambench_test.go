package terraform

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gcexport/gcexport/catalog"
)

// genSource is a Source of a generated org that makes each object from
// its id when it is read, so the Source itself holds no objects. Users
// make up most of it, with a division, a manager and two skills each.
// Queues have 100 members and a member group, and groups 50 members and an
// owner. One division and one role in ten are built in, so they are
// written as data sources, and the first two users manage each other, so
// there is a cycle to break.
type genSource struct {
	counts map[string]int
}

// Kinds of generated objects, which are the first 8 hex digits of their ids.
var genKinds = map[string]int{
	"auth_division": 1, "auth_role": 2, "routing_skill": 3, "group": 4, "routing_queue": 5, "user": 6,
}

const (
	genQueueMembers = 100
	genGroupMembers = 50
)

func newGenSource(objects int) *genSource {
	c := map[string]int{
		"auth_division": 10,
		"auth_role":     objects/2000 + 2,
		"routing_skill": objects/1000 + 1,
		"routing_queue": objects / 400,
		"group":         objects / 500,
	}
	c["routing_queue_member"] = c["routing_queue"] * genQueueMembers
	c["group_member"] = c["group"] * genGroupMembers
	rest := 0
	for _, n := range c {
		rest += n
	}
	c["user"] = max(objects-rest, genQueueMembers)
	return &genSource{counts: c}
}

func (s *genSource) objects() int {
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func genID(kind, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i) }

func (s *genSource) id(typ string, i int) string { return genID(genKinds[typ], i) }

// index returns the number of a generated object from its id.
func genIndex(id string) int {
	i, err := strconv.ParseInt(id[24:36], 16, 64)
	if err != nil {
		panic(err)
	}
	return int(i)
}

func (s *genSource) Types() []string { return sortedKeys(s.counts) }

func (s *genSource) IDs(typ string) ([]string, error) {
	out := make([]string, 0, s.counts[typ])
	switch typ {
	case "routing_queue_member":
		for q := range s.counts["routing_queue"] {
			for k := range genQueueMembers {
				out = append(out, s.id("routing_queue", q)+"_"+s.id("user", s.queueMember(q, k)))
			}
		}
	case "group_member":
		for g := range s.counts["group"] {
			for k := range genGroupMembers {
				out = append(out, s.id("group", g)+"_"+s.id("user", s.groupMember(g, k)))
			}
		}
	default:
		for i := range s.counts[typ] {
			out = append(out, s.id(typ, i))
		}
	}
	return out, nil
}

func (s *genSource) queueMember(q, k int) int { return (q*genQueueMembers + k) % s.counts["user"] }

func (s *genSource) groupMember(g, k int) int { return (g*genGroupMembers + k*7) % s.counts["user"] }

func (s *genSource) ref(typ string, i int) map[string]any {
	return map[string]any{"id": s.id(typ, i), "selfUri": "/api/v2/" + typ + "/" + s.id(typ, i)}
}

func (s *genSource) Object(typ, id string) (map[string]any, error) {
	if typ == "routing_queue_member" || typ == "group_member" {
		user := id[len(id)-36:]
		return map[string]any{"id": user, "name": "User " + user[24:], "ringNumber": float64(1 + genIndex(user)%3)}, nil
	}
	i := genIndex(id)
	name := fmt.Sprintf("%s %d", typ, i)
	switch typ {
	case "auth_division":
		return map[string]any{"id": id, "name": name, "homeDivision": i == 0}, nil
	case "auth_role":
		return map[string]any{"id": id, "name": name, "base": i%10 == 0,
			"permissions": []any{"routing:queue:view", "directory:user:view"}}, nil
	case "routing_skill":
		return map[string]any{"id": id, "name": name}, nil
	case "group":
		return map[string]any{"id": id, "name": name, "type": "official", "visibility": "public",
			"owners": []any{s.ref("user", i%s.counts["user"])}}, nil
	case "routing_queue":
		return map[string]any{"id": id, "name": name, "division": s.ref("auth_division", i%10),
			"skillEvaluationMethod": "ALL",
			"memberGroups":          []any{map[string]any{"id": s.id("group", i%max(s.counts["group"], 1)), "type": "GROUP"}}}, nil
	case "user":
		users := s.counts["user"]
		manager := i / 10
		if i == 0 {
			manager = 1
		}
		skills := s.counts["routing_skill"]
		return map[string]any{
			"id": id, "name": name, "email": fmt.Sprintf("user%d@example.com", i), "state": "active",
			"title": "Agent", "division": s.ref("auth_division", i%10), "manager": s.ref("user", manager%users),
			"skills": []any{
				map[string]any{"id": s.id("routing_skill", i%skills), "proficiency": float64(i % 5)},
				map[string]any{"id": s.id("routing_skill", (i*7+1)%skills), "proficiency": float64(3)},
			},
			"addresses": []any{map[string]any{"address": "+1317555" + strconv.Itoa(1000+i%9000), "mediaType": "PHONE", "type": "WORK"}},
		}, nil
	}
	return nil, fmt.Errorf("no %s %s", typ, id)
}

// fileDir is an OutputDir that streams every file to a folder.
type fileDir string

func (d fileDir) WriteFile(name string, data []byte) error {
	return os.WriteFile(filepath.Join(string(d), name), data, 0o644)
}

func (d fileDir) CreateFile(name string) (io.WriteCloser, error) {
	return os.Create(filepath.Join(string(d), name))
}

// heapWatch samples the heap every few milliseconds until stop is called.
type heapWatch struct {
	done     chan struct{}
	wg       sync.WaitGroup
	peakHeap uint64 // heap memory holding objects, garbage included
	peakLive uint64 // heap that the last GC found live
}

func watchHeap() *heapWatch {
	h := &heapWatch{done: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			h.peakHeap = max(h.peakHeap, samples[0].Value.Uint64())
			h.peakLive = max(h.peakLive, samples[1].Value.Uint64())
			select {
			case <-h.done:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapWatch) stop() {
	close(h.done)
	h.wg.Wait()
}

// BenchmarkWriteMemory writes generated orgs of growing size from a Source
// that holds no objects to files on disk, and reports the peak heap above
// what was in use before Write. peak-heap-MB counts garbage not yet
// collected, so it depends on GOGC; live-bytes/object is the peak heap
// that a GC found live, per object, which is the writer's index and the
// objects being worked on.
func BenchmarkWriteMemory(b *testing.B) {
	sizes := []int{20_000, 200_000}
	if os.Getenv("TF_BENCH_MILLION") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, size := range sizes {
		src := newGenSource(size)
		objects := src.objects()
		for _, format := range []Format{FormatJSON, FormatHCL} {
			b.Run(fmt.Sprintf("%s/objects=%d", format, objects), func(b *testing.B) {
				var peakHeap, peakLive uint64
				for b.Loop() {
					dir, err := os.MkdirTemp("", "tfbench-")
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					var before runtime.MemStats
					runtime.ReadMemStats(&before)
					h := watchHeap()
					rep, err := Write(catalog.Default(), src, Options{Format: format}, fileDir(dir))
					h.stop()
					os.RemoveAll(dir)
					if err != nil {
						b.Fatal(err)
					}
					if len(rep.Cycles) == 0 {
						b.Fatal("the generated org has no cycle")
					}
					peakHeap = max(peakHeap, h.peakHeap-min(h.peakHeap, before.HeapAlloc))
					peakLive = max(peakLive, h.peakLive-min(h.peakLive, before.HeapAlloc))
				}
				b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-MB")
				b.ReportMetric(float64(peakLive)/float64(objects), "live-bytes/object")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(objects), "ns/object")
			})
		}
	}
}
