package terraform

import (
	"slices"
	"sort"
)

// edge is one attribute of one object that references another object.
type edge struct {
	from, to int32
	attr     uint16
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
	return []string{w.typeOf(e.from).name, w.label(e.from), w.ix.attrs.name(e.attr), w.typeOf(e.to).name, w.label(e.to)}
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
		attr uint16
		pos  uint32
	}
	var refs []live
	for pos := w.ix.refStart[g]; pos < w.ix.refStart[g+1]; pos++ {
		r := w.ix.refs.at(pos)
		t := w.target(r)
		if t < 0 || t == g || w.isData(t) {
			continue
		}
		refs = append(refs, live{to: t, attr: r.attr, pos: pos})
	}
	sort.Slice(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		if a.attr != b.attr {
			return w.ix.attrs.name(a.attr) < w.ix.attrs.name(b.attr)
		}
		if a.to != b.to {
			return w.objectLess(a.to, b.to) || !w.objectLess(b.to, a.to) && a.to < b.to
		}
		return a.pos < b.pos
	})
	var out []edge
	for i, r := range refs {
		if i == 0 || r.to != refs[i-1].to || r.attr != refs[i-1].attr {
			out = append(out, edge{from: g, to: r.to, attr: r.attr})
		}
		last := &out[len(out)-1]
		last.refs = append(last.refs, r.pos)
	}
	return out
}

// graph is the reference graph of the written resources: nodes in type and
// label order, and each node's edge targets in edgesOf's order, stored
// compactly as offsets into one list.
type graph struct {
	nodes []int32
	// node maps an object number to its position in nodes, or -1.
	node  []int32
	start []int32
	to    []int32
}

func (w *writer) graph() *graph {
	gr := &graph{node: make([]int32, len(w.ix.flags))}
	for i := range gr.node {
		gr.node[i] = -1
	}
	for _, t := range w.ix.types {
		for _, g := range t.written {
			if w.isData(g) {
				continue
			}
			gr.node[g] = int32(len(gr.nodes))
			gr.nodes = append(gr.nodes, g)
		}
	}
	gr.start = make([]int32, 0, len(gr.nodes)+1)
	for _, g := range gr.nodes {
		gr.start = append(gr.start, int32(len(gr.to)))
		for _, e := range w.edgesOf(g) {
			gr.to = append(gr.to, gr.node[e.to])
		}
	}
	gr.start = append(gr.start, int32(len(gr.to)))
	return gr
}

// components returns the strongly connected components of the graph with
// more than one object, by Tarjan's algorithm. It keeps its own stack of
// visits, so a long chain of references does not grow the goroutine's.
func (w *writer) components(gr *graph) [][]int32 {
	n := len(gr.nodes)
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	type visit struct{ v, next int32 }
	var stack []int32
	var visits []visit
	var comps [][]int32
	next := int32(0)
	enter := func(v int32) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		visits = append(visits, visit{v: v, next: gr.start[v]})
	}
	for root := range int32(n) {
		if index[root] >= 0 {
			continue
		}
		enter(root)
		for len(visits) > 0 {
			top := &visits[len(visits)-1]
			v := top.v
			if top.next < gr.start[v+1] {
				to := gr.to[top.next]
				top.next++
				if index[to] < 0 {
					enter(to)
				} else if onStack[to] {
					low[v] = min(low[v], index[to])
				}
				continue
			}
			visits = visits[:len(visits)-1]
			if len(visits) > 0 {
				parent := visits[len(visits)-1].v
				low[parent] = min(low[parent], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			var comp []int32
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[x] = false
				comp = append(comp, gr.nodes[x])
				if x == v {
					break
				}
			}
			if len(comp) > 1 {
				sort.Slice(comp, func(i, j int) bool { return w.objectLess(comp[i], comp[j]) })
				comps = append(comps, comp)
			}
		}
	}
	return comps
}

// breakCycles removes one edge from every reference cycle until none is
// left. In each cycle it drops the edge whose (type, label, attribute,
// target type, target label) sorts last among those the resource can do
// without, so the choice depends only on the objects in the cycle.
func (w *writer) breakCycles() {
	for {
		comps := w.components(w.graph())
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
