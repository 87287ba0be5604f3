package workflows

import (
	"slices"
	"sort"

	"github.com/gcexport/gcexport/export"
)

// progress backs the progress query. Query handlers run between workflow
// tasks, so reading it needs no locking either.
type progress struct {
	phase  string
	layer  int
	layers int
	types  map[string]*export.TypeProgress
}

func newProgress() *progress {
	return &progress{phase: export.PhasePlanning, types: map[string]*export.TypeProgress{}}
}

func (p *progress) start(plan *export.Plan) {
	p.phase = export.PhaseExporting
	p.layers = len(plan.Layers)
	for i, l := range plan.Layers {
		for _, t := range l.Types {
			// Each partition's first page is known to exist before listing.
			p.types[t.Name] = &export.TypeProgress{
				Name: t.Name, Layer: i, State: export.StateWaiting, Pages: len(t.Partitions),
			}
		}
	}
}

func (p *progress) setPhase(phase string) { p.phase = phase }
func (p *progress) setLayer(i int)        { p.layer = i }

func (p *progress) setState(typ, state string) {
	if t, ok := p.types[typ]; ok {
		t.State = state
	}
}

func (p *progress) addPages(typ string, n int) {
	if t, ok := p.types[typ]; ok {
		t.Pages += n
	}
}

func (p *progress) addResult(res export.PageResult, requests int64) {
	t, ok := p.types[res.Type]
	if !ok {
		return
	}
	t.Objects += res.Objects
	t.PagesDone++
	if res.Pages > 1 {
		// A cursor listing returns all its pages in one result.
		t.Pages += res.Pages - 1
		t.PagesDone += res.Pages - 1
	}
	t.Requests += requests
}

func (p *progress) snapshot() (export.Progress, error) {
	out := export.Progress{Phase: p.phase, Layer: p.layer, Layers: p.layers}
	// Map order is safe here: the types are sorted next.
	//workflowcheck:ignore
	for _, t := range p.types {
		out.Types = append(out.Types, *t)
	}
	sort.Slice(out.Types, func(i, j int) bool {
		if out.Types[i].Layer != out.Types[j].Layer {
			return out.Types[i].Layer < out.Types[j].Layer
		}
		return out.Types[i].Name < out.Types[j].Name
	})
	return out, nil
}

func (p *progress) addRequests(typ string, requests map[int]int64) {
	t, ok := p.types[typ]
	if !ok {
		return
	}
	// Summing is the same in any order.
	//workflowcheck:ignore
	for _, n := range requests {
		t.Requests += n
	}
}

func (p *progress) addObjects(typ string, n int) {
	if t, ok := p.types[typ]; ok {
		t.Objects += n
	}
}

// addClosure adds what the dependency closure read of one type by id. A
// type that the plan did not hold gets a row of its own, in its layer
// among layers, the backup's layers after the closure.
func (p *progress) addClosure(res export.PageResult, layers [][]string) {
	t, ok := p.types[res.Type]
	if !ok {
		t = &export.TypeProgress{Name: res.Type, State: export.StateDone}
		for i, layer := range layers {
			if slices.Contains(layer, res.Type) {
				t.Layer = i
			}
		}
		p.types[res.Type] = t
	}
	t.Objects += res.Objects
	// Summing is the same in any order.
	//workflowcheck:ignore
	for _, n := range res.Requests {
		t.Requests += n
	}
}

// addBatch adds the pages a child workflow reports as finished.
func (p *progress) addBatch(b export.PageProgress) {
	if t, ok := p.types[b.Type]; ok {
		t.PagesDone += b.Pages
		t.Objects += b.Objects
		t.Requests += b.Requests
	}
}
