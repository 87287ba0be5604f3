package app

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/gcexport/gcexport/export"
)

// ProgressView shows an export's progress while FollowWith polls it.
type ProgressView interface {
	// Show draws one answer of the progress query, received at the time at.
	Show(pr export.Progress, at time.Time)
	// Close stops drawing. The view writes nothing after Close returns.
	Close()
}

// NewPlainView returns the view for output that is not a terminal: a line
// per layer reached and a line per type whose progress changed.
func NewPlainView(out io.Writer) ProgressView {
	return &progressPrinter{out: out, seen: map[string]string{}}
}

func (p *progressPrinter) Show(pr export.Progress, _ time.Time) { p.print(pr) }
func (p *progressPrinter) Close()                               {}

// BarsView draws one progress bar per type of the current layer on a
// terminal, with mpb. A finished layer's bars give way to one line per
// type, so the terminal keeps the history of the export above the bars.
type BarsView struct {
	progress *mpb.Progress
	tracker  RateTracker

	// textMu guards the texts that the decorators read from mpb's render
	// goroutine. It is never held while calling into mpb.
	textMu  sync.Mutex
	heading string
	texts   map[string]Bar

	// These fields are used by Show and Close only.
	header *mpb.Bar
	bars   map[string]*mpb.Bar
	last   map[string]Bar
	layer  int
	phase  string
	// written is the last layer whose lines are written, -1 for none.
	written int
}

// NewBarsView returns a bar view writing to out, a terminal of width
// columns (0 for the terminal's own width).
func NewBarsView(out io.Writer, width int) *BarsView {
	opts := []mpb.ContainerOption{mpb.WithOutput(out), mpb.WithRefreshRate(200 * time.Millisecond)}
	if width > 0 {
		opts = append(opts, mpb.WithWidth(width))
	}
	return newBarsView(mpb.New(opts...))
}

func newBarsView(p *mpb.Progress) *BarsView {
	return &BarsView{
		progress: p, texts: map[string]Bar{}, bars: map[string]*mpb.Bar{},
		last: map[string]Bar{}, layer: -1, written: -1,
	}
}

// Show updates the bars from pr.
func (v *BarsView) Show(pr export.Progress, at time.Time) {
	model := v.tracker.Model(pr, at)
	v.textMu.Lock()
	v.heading = model.Heading()
	for _, b := range model.Bars {
		v.texts[b.Name] = b
	}
	v.textMu.Unlock()

	if v.header == nil {
		v.header = v.progress.New(0, mpb.NopStyle(), mpb.BarPriority(-1),
			mpb.PrependDecorators(decor.Any(func(decor.Statistics) string {
				v.textMu.Lock()
				defer v.textMu.Unlock()
				return v.heading
			})))
	}
	if model.Phase != export.PhaseExporting || model.Layer != v.layer {
		// The types of the layer shown have their final counters in pr,
		// which the last sample of that layer may predate.
		for _, tp := range pr.Types {
			if b, ok := v.last[tp.Name]; ok {
				b.State, b.Objects, b.PagesDone, b.Pages, b.Requests = tp.State, tp.Objects, tp.PagesDone, tp.Pages, tp.Requests
				v.last[tp.Name] = b
			}
		}
		v.retireBars()
		// A layer that began and ended between two polls had no bars, so
		// its lines are written from pr.
		through := model.Layer - 1
		if model.Phase != export.PhaseExporting && model.Phase != export.PhasePlanning {
			through = model.Layers - 1
		}
		v.writeUnseenLayers(pr, through)
	}
	if model.Phase == export.PhaseExporting {
		v.layer = model.Layer
		v.written = max(v.written, model.Layer)
	}
	v.phase = model.Phase
	for _, b := range model.Bars {
		v.last[b.Name] = b
		bar, ok := v.bars[b.Name]
		if !ok {
			bar = v.newBar(b.Name)
			v.bars[b.Name] = bar
		}
		bar.SetTotal(int64(max(b.Pages, 1)), false)
		bar.SetCurrent(int64(b.PagesDone))
	}
}

func (v *BarsView) newBar(name string) *mpb.Bar {
	text := func() Bar {
		v.textMu.Lock()
		defer v.textMu.Unlock()
		return v.texts[name]
	}
	// A bar made with total 0 never completes by itself, so it stays
	// drawn until retireBars drops it, also when its pages are all done
	// before the page count has grown.
	return v.progress.New(0, mpb.BarStyle(),
		mpb.PrependDecorators(decor.Name(fmt.Sprintf("  %-40s", name))),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
			return "  " + text().Counters()
		})))
}

// retireBars replaces the bars of the layer shown with a heading line and
// one line per type.
func (v *BarsView) retireBars() {
	if len(v.bars) == 0 {
		return
	}
	var lines string
	if v.layer >= 0 {
		lines = fmt.Sprintf("layer %d finished\n", v.layer+1)
	}
	for _, name := range sortedNames(v.last) {
		lines += v.last[name].Line() + "\n"
		v.bars[name].Abort(true)
	}
	// The lines go out once mpb has dropped the bars: written earlier, they
	// would be erased by the next redraw of the taller bar area.
	for _, bar := range v.bars {
		bar.Wait()
	}
	_, _ = v.progress.Write([]byte(lines))
	v.bars = map[string]*mpb.Bar{}
	v.last = map[string]Bar{}
}

// writeUnseenLayers writes the lines of the layers after the last one
// written, through the layer through.
func (v *BarsView) writeUnseenLayers(pr export.Progress, through int) {
	var lines string
	for layer := v.written + 1; layer <= through; layer++ {
		lines += fmt.Sprintf("layer %d finished\n", layer+1)
		for _, tp := range pr.Types {
			if tp.Layer == layer {
				lines += Bar{Name: tp.Name, State: tp.State, Objects: tp.Objects,
					PagesDone: tp.PagesDone, Pages: tp.Pages, Requests: tp.Requests}.Line() + "\n"
			}
		}
	}
	if lines != "" {
		_, _ = v.progress.Write([]byte(lines))
	}
	v.written = max(v.written, through)
}

// Close retires the bars and the heading and waits for mpb to finish
// drawing.
func (v *BarsView) Close() {
	v.retireBars()
	if v.header != nil {
		v.header.Abort(true)
	}
	v.progress.Wait()
}

// Line returns the type's plain progress line, the form that the plain
// view prints.
func (b Bar) Line() string {
	return fmt.Sprintf("  %-44s %-8s %7d objects  %d/%d pages  %d requests",
		b.Name, b.State, b.Objects, b.PagesDone, b.Pages, b.Requests)
}

func sortedNames(m map[string]Bar) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
