package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vbauerster/mpb/v8"

	"github.com/gcexport/gcexport/export"
)

// progressAt returns a progress of two layers, the second being exported.
func progressAt(queueObjects, queuePagesDone int, queueRequests int64) export.Progress {
	return export.Progress{
		Phase: export.PhaseExporting, Layer: 1, Layers: 2,
		Types: []export.TypeProgress{
			{Name: "auth_division", Layer: 0, State: export.StateDone, Objects: 6, Pages: 1, PagesDone: 1, Requests: 1},
			{Name: "group", Layer: 1, State: export.StateWaiting, Pages: 1},
			{Name: "routing_queue", Layer: 1, State: export.StateRunning, Objects: queueObjects,
				Pages: 10, PagesDone: queuePagesDone, Requests: queueRequests},
			{Name: "routing_skill", Layer: 1, State: export.StateSkipped, Pages: 1},
		},
	}
}

func TestBarModelCurrentLayer(t *testing.T) {
	var tracker RateTracker
	m := tracker.Model(progressAt(100, 2, 3), time.Unix(1000, 0))
	if got := m.Heading(); got != "layer 2 of 2: exporting" {
		t.Errorf("heading = %q", got)
	}
	var names []string
	for _, b := range m.Bars {
		names = append(names, b.Name)
	}
	if got := strings.Join(names, ","); got != "group,routing_queue,routing_skill" {
		t.Errorf("bars = %s, want the types of layer 2 only", got)
	}
	queue := m.Bars[1]
	if queue.Objects != 100 || queue.PagesDone != 2 || queue.Pages != 10 || queue.Requests != 3 {
		t.Errorf("routing_queue bar = %+v", queue)
	}
	if queue.ETAKnown || queue.ObjectRate != 0 {
		t.Errorf("first sample has a rate or ETA: %+v", queue)
	}
	if got := queue.Counters(); got != "100 objects  2/10 pages  3 requests  0.0 objects/s  0.0 requests/s  ETA unknown" {
		t.Errorf("first sample counters = %q", got)
	}
	if got := m.Bars[0].Counters(); got != "0 objects  0/1 pages  0 requests  waiting" {
		t.Errorf("waiting counters = %q", got)
	}
	if got := m.Bars[2].Counters(); got != "0 objects  0/1 pages  0 requests  skipped" {
		t.Errorf("skipped counters = %q", got)
	}
}

func TestBarModelRatesAndETA(t *testing.T) {
	var tracker RateTracker
	start := time.Unix(1000, 0)
	tracker.Model(progressAt(100, 2, 3), start)
	// Four seconds later: 200 more objects, 4 more pages, 8 more requests,
	// so 1 page per second and 4 pages left.
	m := tracker.Model(progressAt(300, 6, 11), start.Add(4*time.Second))
	queue := m.Bars[1]
	if queue.ObjectRate != 50 {
		t.Errorf("object rate = %v, want 50", queue.ObjectRate)
	}
	if queue.RequestRate != 2 {
		t.Errorf("request rate = %v, want 2", queue.RequestRate)
	}
	if !queue.ETAKnown || queue.ETA != 4*time.Second {
		t.Errorf("ETA = %v (known %t), want 4s", queue.ETA, queue.ETAKnown)
	}
	if got := queue.Counters(); got != "300 objects  6/10 pages  11 requests  50.0 objects/s  2.0 requests/s  ETA 4s" {
		t.Errorf("counters = %q", got)
	}
}

func TestBarModelOutsideExporting(t *testing.T) {
	var tracker RateTracker
	for _, phase := range []string{export.PhasePlanning, export.PhaseFlowYAML, export.PhaseManifest} {
		pr := progressAt(1, 1, 1)
		pr.Phase = phase
		m := tracker.Model(pr, time.Unix(1, 0))
		if len(m.Bars) != 0 {
			t.Errorf("%s: %d bars, want none", phase, len(m.Bars))
		}
		if m.Heading() != phase {
			t.Errorf("%s: heading = %q", phase, m.Heading())
		}
	}
}

func TestPlainViewLines(t *testing.T) {
	var out bytes.Buffer
	view := NewPlainView(&out)
	first := progressAt(100, 2, 3)
	first.Layer = 0
	view.Show(first, time.Unix(1, 0))
	view.Show(first, time.Unix(2, 0)) // unchanged: no new line
	view.Show(progressAt(100, 2, 3), time.Unix(3, 0))
	done := progressAt(500, 10, 12)
	done.Phase = export.PhaseManifest
	done.Types[2].State = export.StateDone
	view.Show(done, time.Unix(4, 0))
	view.Close()

	want := []string{
		"layer 1 of 2: auth_division",
		"  auth_division                                done           6 objects  1/1 pages  1 requests",
		"layer 2 of 2: group, routing_queue, routing_skill",
		"  routing_queue                                running      100 objects  2/10 pages  3 requests",
		"  routing_skill                                skipped        0 objects  0/1 pages  0 requests",
		"  routing_queue                                done         500 objects  10/10 pages  12 requests",
		"writing manifest",
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plain output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBarsViewRetiresLayers(t *testing.T) {
	var out bytes.Buffer
	// Auto refresh draws on a writer that is not a terminal, as the
	// tests' buffer is not.
	view := newBarsView(mpb.New(mpb.WithOutput(&out), mpb.WithWidth(160), mpb.WithAutoRefresh()))
	first := progressAt(0, 0, 0)
	first.Layer = 0
	view.Show(first, time.Unix(1, 0))
	view.Show(progressAt(100, 2, 3), time.Unix(2, 0))
	view.Show(progressAt(300, 6, 11), time.Unix(6, 0))
	view.Close()

	text := out.String()
	for _, want := range []string{
		"layer 1 finished",
		Bar{Name: "auth_division", State: export.StateDone, Objects: 6, PagesDone: 1, Pages: 1, Requests: 1}.Line(),
		"layer 2 finished",
		Bar{Name: "routing_queue", State: export.StateRunning, Objects: 300, PagesDone: 6, Pages: 10, Requests: 11}.Line(),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("bars output lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "layer 1 finished") > strings.Index(text, "layer 2 finished") {
		t.Errorf("layers retired out of order:\n%s", text)
	}
}

func TestBarsViewWritesUnseenLayers(t *testing.T) {
	var out bytes.Buffer
	view := newBarsView(mpb.New(mpb.WithOutput(&out), mpb.WithWidth(160), mpb.WithAutoRefresh()))
	first := progressAt(0, 0, 0)
	first.Layer = 0
	view.Show(first, time.Unix(1, 0))
	// The next poll finds the export past its last layer: layer 2 was
	// never drawn, so its lines come from this answer.
	end := progressAt(500, 10, 12)
	end.Phase = export.PhaseManifest
	end.Types[2].State = export.StateDone
	view.Show(end, time.Unix(2, 0))
	view.Close()

	text := out.String()
	want := Bar{Name: "routing_queue", State: export.StateDone, Objects: 500, PagesDone: 10, Pages: 10, Requests: 12}.Line()
	for _, line := range []string{"layer 1 finished", "layer 2 finished", want} {
		if strings.Count(text, line) != 1 {
			t.Errorf("bars output has %d lines %q, want 1:\n%s", strings.Count(text, line), line, text)
		}
	}
}
