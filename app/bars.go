package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/gcexport/gcexport/export"
)

// BarModel is what the live view draws from one answer of the progress
// query: a heading and one bar per type of the current layer.
type BarModel struct {
	Phase string
	// Layer is the 0-based layer being exported, and Layers their number.
	Layer  int
	Layers int
	// Bars holds the current layer's types in the order of the progress
	// query, which sorts them by name. It is empty outside the exporting
	// phase.
	Bars []Bar
}

// Bar is one type's line of the live view.
type Bar struct {
	Name      string
	State     string
	Objects   int
	PagesDone int
	// Pages is the number of pages known so far. It grows while the first
	// page of each partition reports the page count.
	Pages    int
	Requests int64
	// ObjectRate and RequestRate are per second, averaged since the type
	// was first seen running. They are 0 until a second sample exists.
	ObjectRate  float64
	RequestRate float64
	// ETA is the time left at the page rate so far. ETAKnown is false
	// until a page was done between two samples, and for types that are
	// waiting.
	ETA      time.Duration
	ETAKnown bool
}

// Heading returns the line above the bars, such as "layer 2 of 5:
// exporting".
func (m BarModel) Heading() string {
	if m.Phase != export.PhaseExporting || m.Layers == 0 {
		return m.Phase
	}
	return fmt.Sprintf("layer %d of %d: %s", m.Layer+1, m.Layers, m.Phase)
}

// Finished reports whether the type is in a final state.
func (b Bar) Finished() bool {
	switch b.State {
	case export.StateDone, export.StateFailed, export.StateSkipped:
		return true
	}
	return false
}

// Counters returns the text after the bar: objects, pages, requests, rates
// and ETA, such as "120 objects  3/4 pages  9 requests  40.0 objects/s
// 3.0 requests/s  ETA 2s".
func (b Bar) Counters() string {
	parts := []string{
		fmt.Sprintf("%d objects", b.Objects),
		fmt.Sprintf("%d/%d pages", b.PagesDone, b.Pages),
		fmt.Sprintf("%d requests", b.Requests),
	}
	if b.State == export.StateRunning {
		parts = append(parts,
			fmt.Sprintf("%.1f objects/s", b.ObjectRate),
			fmt.Sprintf("%.1f requests/s", b.RequestRate))
	}
	switch {
	case b.Finished():
		parts = append(parts, b.State)
	case b.State == export.StateWaiting:
		parts = append(parts, "waiting")
	case b.ETAKnown:
		parts = append(parts, "ETA "+formatETA(b.ETA))
	default:
		parts = append(parts, "ETA unknown")
	}
	return strings.Join(parts, "  ")
}

// formatETA rounds to the second, or to the minute past an hour.
func formatETA(d time.Duration) string {
	if d >= time.Hour {
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
}

// rateSample is a type's counters when it was first seen running.
type rateSample struct {
	at        time.Time
	objects   int
	pagesDone int
	requests  int64
}

// RateTracker turns successive answers of the progress query into bar
// models with rates and ETAs. Its zero value is ready to use, and it is
// not safe for concurrent use.
type RateTracker struct {
	first map[string]rateSample
}

// Model returns the bar model of pr, sampled at the time at.
func (t *RateTracker) Model(pr export.Progress, at time.Time) BarModel {
	if t.first == nil {
		t.first = map[string]rateSample{}
	}
	m := BarModel{Phase: pr.Phase, Layer: pr.Layer, Layers: pr.Layers}
	if pr.Phase != export.PhaseExporting {
		return m
	}
	for _, tp := range pr.Types {
		if tp.Layer != pr.Layer {
			continue
		}
		m.Bars = append(m.Bars, t.bar(tp, at))
	}
	return m
}

func (t *RateTracker) bar(tp export.TypeProgress, at time.Time) Bar {
	b := Bar{
		Name: tp.Name, State: tp.State, Objects: tp.Objects,
		PagesDone: tp.PagesDone, Pages: tp.Pages, Requests: tp.Requests,
	}
	if b.Finished() {
		b.ETAKnown = true
		return b
	}
	if tp.State == export.StateWaiting {
		return b
	}
	first, seen := t.first[tp.Name]
	if !seen {
		t.first[tp.Name] = rateSample{at: at, objects: tp.Objects, pagesDone: tp.PagesDone, requests: tp.Requests}
		return b
	}
	elapsed := at.Sub(first.at).Seconds()
	if elapsed <= 0 {
		return b
	}
	b.ObjectRate = float64(tp.Objects-first.objects) / elapsed
	b.RequestRate = float64(tp.Requests-first.requests) / elapsed
	pageRate := float64(tp.PagesDone-first.pagesDone) / elapsed
	if pageRate > 0 {
		left := max(tp.Pages-tp.PagesDone, 0)
		b.ETA = time.Duration(float64(left) / pageRate * float64(time.Second))
		b.ETAKnown = true
	}
	return b
}
