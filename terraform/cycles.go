package terraform

import (
	"slices"
	"sort"
)

// edge is one attribute of one object that references another object.
type edge struct {
	from, to int32
	// kind is the index.kinds number of the edge's references, which
	// all have the same attribute and, as they name one object, type.
	kind uint16
	// refs are the positions of the edge's references in the index, in
	// the order the object has them.
	refs []uint32
}

// droppable reports whether the edge can be removed without making its
// resource invalid.
func (w *writer) droppable(e *edge) bool {
	for _, pos := range e.refs {
		if w.ix.refs.at(pos).flags&refTopRequired != 0 {
			return false
		}
	}
	return true
}

func (w *writer) edgeKey(e *edge) []string {
	return []string{w.typeOf(e.from).name, w.label(e.from), w.ix.kinds.attr(e.kind), w.typeOf(e.to).name, w.label(e.to)}
}

func (w *writer) edgeLess(e, f *edge) bool {
	return slices.Compare(w.edgeKey(e), w.edgeKey(f)) < 0
}

func (w *writer) objectLess(a, b int32) bool {
	if ta, tb := w.typeOf(a), w.typeOf(b); ta != tb {
		return ta.name < tb.name
	}
	return w.label(a) < w.label(b)
}

// edgesOf returns the live edges of resource g to other resources, sorted
// by attribute, target type and target label. Data sources reference
// nothing, so they can be in no cycle.
func (w *writer) edgesOf(g int32) []edge {
	type live struct {
		to   int32
		kind uint16
		pos  uint32
	}
	var refs []live
	for pos := w.ix.refStart[g]; pos < w.ix.refStart[g+1]; pos++ {
		r := w.ix.refs.at(pos)
		t := w.target(r)
		if t < 0 || t == g || w.isData(t) {
			continue
		}
		refs = append(refs, live{to: t, kind: r.kind, pos: pos})
	}
	sort.Slice(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		if a.kind != b.kind && w.ix.kinds.attr(a.kind) != w.ix.kinds.attr(b.kind) {
			return w.ix.kinds.attr(a.kind) < w.ix.kinds.attr(b.kind)
		}
		if a.to != b.to {
			return w.objectLess(a.to, b.to) || !w.objectLess(b.to, a.to) && a.to < b.to
		}
		return a.pos < b.pos
	})
	var out []edge
	for i, r := range refs {
		if i == 0 || r.to != refs[i-1].to || r.kind != refs[i-1].kind {
			out = append(out, edge{from: g, to: r.to, kind: r.kind})
		}
		last := &out[len(out)-1]
		last.refs = append(last.refs, r.pos)
	}
	return out
}

// breakCycles removes one edge from every reference cycle until none is
// left. In each cycle it drops the edge whose (type, label, attribute,
// target type, target label) sorts last among those the resource can do
// without, so the choice depends only on the objects in the cycle.
func (w *writer) breakCycles() {
	gr := w.cycleGraph()
	for {
		comps := gr.components()
		if len(comps) == 0 {
			return
		}
		for _, comp := range comps {
			in := make(map[int32]bool, len(comp))
			for _, o := range comp {
				in[o] = true
			}
			var pick *edge
			pickDroppable := false
			for _, o := range comp {
				edges := w.edgesOf(o)
				for i := range edges {
					e := &edges[i]
					if !in[e.to] {
						continue
					}
					d := w.droppable(e)
					if pick == nil || (d && !pickDroppable) || (d == pickDroppable && w.edgeLess(pick, e)) {
						pick, pickDroppable = e, d
					}
				}
			}
			// A resource cannot do without a required reference, so such an
			// edge, picked only when the cycle has no other, keeps its raw id.
			for _, pos := range pick.refs {
				if pickDroppable {
					w.ix.refs.at(pos).flags |= refDrop
				} else {
					w.ix.refs.at(pos).flags |= refRawID
				}
			}
			cycle := Cycle{Broken: w.refReport(pick.from, pick.refs[0])}
			cycle.Broken.To.Label = w.label(pick.to)
			for _, o := range comp {
				cycle.Objects = append(cycle.Objects, w.objectRef(o))
			}
			w.report.Cycles = append(w.report.Cycles, cycle)
		}
	}
}
