package terraform

import (
	"sort"

	"github.com/gcexport/gcexport/catalog"
)

// cycleGraph is the part of the reference graph of the written resources
// that can hold a cycle. A cycle of objects passes through a cycle of
// their types. So the nodes are only the objects of the types in a cycle
// of the type graph, and an edge is followed only between two types of
// the same strongly connected component. The edges are read from the index's references, so
// the graph stores no edge list.
type cycleGraph struct {
	w *writer
	// group is, by position in index.types, the number of the type's
	// strongly connected component of the type graph, or -1 for a type in
	// no cycle.
	group []int32
	// types lists the positions in index.types of the types in a cycle,
	// in order, and base the node number of each one's first object. The
	// nodes are the objects of those types, written or not, in order.
	types []int32
	base  []int32
	nodes int32
}

// typePos returns the position in index.types of object g's type.
func (w *writer) typePos(g int32) int {
	types := w.ix.types
	return sort.Search(len(types), func(i int) bool { return types[i].first > g }) - 1
}

// liveTarget returns the resource that reference pos of resource g points
// at, or -1 when it points at no other resource.
func (w *writer) liveTarget(g int32, pos uint32) int32 {
	t := w.target(w.ix.refs.at(pos))
	if t < 0 || t == g || w.isData(t) {
		return -1
	}
	return t
}

// isResource reports whether object g is written as a resource.
func (w *writer) isResource(g int32) bool { return w.written(g) && !w.isData(g) }

// cycleGraph finds the cycles of the type graph that the live references
// of the written resources form, and numbers the objects of their types.
func (w *writer) cycleGraph() *cycleGraph {
	names := make([]string, len(w.ix.types))
	targets := make([]map[string]bool, len(w.ix.types))
	for i, t := range w.ix.types {
		names[i] = t.name
		for _, g := range t.written {
			if w.isData(g) {
				continue
			}
			for pos := w.ix.refStart[g]; pos < w.ix.refStart[g+1]; pos++ {
				to := w.liveTarget(g, pos)
				if to < 0 {
					continue
				}
				if targets[i] == nil {
					targets[i] = map[string]bool{}
				}
				targets[i][w.typeOf(to).name] = true
			}
		}
	}
	gr := &cycleGraph{w: w, group: make([]int32, len(w.ix.types))}
	for i := range gr.group {
		gr.group[i] = -1
	}
	pos := make(map[string]int, len(names))
	for i, name := range names {
		pos[name] = i
	}
	comps := catalog.StronglyConnected(names, func(name string) []string { return sortedKeys(targets[pos[name]]) })
	for n, comp := range comps {
		// A type alone is in a cycle only when its objects reference
		// each other.
		if len(comp) == 1 && !targets[pos[comp[0]]][comp[0]] {
			continue
		}
		for _, name := range comp {
			gr.group[pos[name]] = int32(n)
		}
	}
	for i, t := range w.ix.types {
		if gr.group[i] >= 0 {
			gr.types = append(gr.types, int32(i))
			gr.base = append(gr.base, gr.nodes)
			gr.nodes += int32(t.count())
		}
	}
	return gr
}

// node returns the node number of object g, or -1 when its type is in no
// cycle.
func (gr *cycleGraph) node(g int32) int32 {
	p := int32(gr.w.typePos(g))
	i := sort.Search(len(gr.types), func(i int) bool { return gr.types[i] >= p })
	if i == len(gr.types) || gr.types[i] != p {
		return -1
	}
	return gr.base[i] + g - gr.w.ix.types[p].first
}

// object returns the object number of node v.
func (gr *cycleGraph) object(v int32) int32 {
	i := sort.Search(len(gr.base), func(i int) bool { return gr.base[i] > v }) - 1
	return gr.w.ix.types[gr.types[i]].first + v - gr.base[i]
}

// next returns the node that the first followed edge of object g at or
// after reference position pos leads to, and the position after that
// edge's reference, or -1 when g has no further edge.
func (gr *cycleGraph) next(g int32, pos uint32) (int32, uint32) {
	w := gr.w
	if !w.isResource(g) {
		return -1, pos
	}
	group := gr.group[w.typePos(g)]
	for end := w.ix.refStart[g+1]; pos < end; pos++ {
		to := w.liveTarget(g, pos)
		if to >= 0 && gr.group[w.typePos(to)] == group {
			return gr.node(to), pos + 1
		}
	}
	return -1, pos
}

// components returns the strongly connected components of the graph
// with more than one object, each sorted by type and label, by Tarjan's
// algorithm. It keeps its own stack of visits, so a long chain of
// references does not grow the goroutine's.
func (gr *cycleGraph) components() [][]int32 {
	w := gr.w
	n := gr.nodes
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}

	// visit is a node being visited, with the reference position where
	// the search of its edges goes on.
	type visit struct {
		v, g int32
		pos  uint32
	}
	var stack []int32
	var visits []visit
	var comps [][]int32
	next := int32(0)
	enter := func(v int32) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		g := gr.object(v)
		visits = append(visits, visit{v: v, g: g, pos: w.ix.refStart[g]})
	}

	for root := range n {
		if index[root] >= 0 || !w.isResource(gr.object(root)) {
			continue
		}
		enter(root)
		for len(visits) > 0 {
			top := &visits[len(visits)-1]
			v := top.v
			var to int32
			if to, top.pos = gr.next(top.g, top.pos); to >= 0 {
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
				comp = append(comp, gr.object(x))
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
