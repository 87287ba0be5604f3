package terraform

import (
	"slices"
	"sort"
)

// edge is one attribute of one object that references another object.
type edge struct {
	from, to *object
	attr     string
	refs     []*refNode
}

// droppable reports whether the edge can be removed without making its
// resource invalid.
func (e *edge) droppable() bool {
	for _, r := range e.refs {
		if r.topRequired {
			return false
		}
	}
	return true
}

func (e *edge) less(f *edge) bool {
	a := []string{e.from.typ, e.from.label, e.attr, e.to.typ, e.to.label}
	b := []string{f.from.typ, f.from.label, f.attr, f.to.typ, f.to.label}
	return slices.Compare(a, b) < 0
}

func objectLess(a, b *object) bool {
	if a.typ != b.typ {
		return a.typ < b.typ
	}
	return a.label < b.label
}

// graph returns the written resources in a fixed order and, for each, its
// live edges to other resources. Data sources reference nothing, so they
// can be in no cycle.
func (w *writer) graph() ([]*object, map[*object][]*edge) {
	var nodes []*object
	out := map[*object][]*edge{}
	for _, typ := range sortedKeys(w.written) {
		for _, o := range w.written[typ] {
			if o.data {
				continue
			}
			nodes = append(nodes, o)
			byKey := map[[2]any]*edge{}
			for _, r := range o.refs {
				if r.drop || r.target == nil || r.target.data || r.target == o {
					continue
				}
				k := [2]any{r.target, r.attr}
				e := byKey[k]
				if e == nil {
					e = &edge{from: o, to: r.target, attr: r.attr}
					byKey[k] = e
					out[o] = append(out[o], e)
				}
				e.refs = append(e.refs, r)
			}
			sort.Slice(out[o], func(i, j int) bool { return out[o][i].less(out[o][j]) })
		}
	}
	return nodes, out
}

// components returns the strongly connected components of the graph with
// more than one object, by Tarjan's algorithm.
func components(nodes []*object, edges map[*object][]*edge) [][]*object {
	index := map[*object]int{}
	low := map[*object]int{}
	onStack := map[*object]bool{}
	var stack []*object
	var comps [][]*object
	next := 0
	var visit func(v *object)
	visit = func(v *object) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, e := range edges[v] {
			if _, seen := index[e.to]; !seen {
				visit(e.to)
				low[v] = min(low[v], low[e.to])
			} else if onStack[e.to] {
				low[v] = min(low[v], index[e.to])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []*object
		for {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[x] = false
			comp = append(comp, x)
			if x == v {
				break
			}
		}
		if len(comp) > 1 {
			sort.Slice(comp, func(i, j int) bool { return objectLess(comp[i], comp[j]) })
			comps = append(comps, comp)
		}
	}
	for _, v := range nodes {
		if _, seen := index[v]; !seen {
			visit(v)
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
		nodes, edges := w.graph()
		comps := components(nodes, edges)
		if len(comps) == 0 {
			return
		}
		for _, comp := range comps {
			in := map[*object]bool{}
			for _, o := range comp {
				in[o] = true
			}
			var pick *edge
			pickDroppable := false
			for _, o := range comp {
				for _, e := range edges[o] {
					if !in[e.to] {
						continue
					}
					d := e.droppable()
					if pick == nil || (d && !pickDroppable) || (d == pickDroppable && pick.less(e)) {
						pick, pickDroppable = e, d
					}
				}
			}
			// A resource cannot do without a required reference, so such an
			// edge, picked only when the cycle has no other, keeps its raw id.
			for _, r := range pick.refs {
				if pickDroppable {
					r.drop = true
				} else {
					r.target = nil
				}
			}
			cycle := Cycle{Broken: pick.refs[0].report()}
			cycle.Broken.To.Label = pick.to.label
			for _, o := range comp {
				cycle.Objects = append(cycle.Objects, o.ref())
			}
			w.report.Cycles = append(w.report.Cycles, cycle)
		}
	}
}
