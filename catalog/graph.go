package catalog

import "sort"

// Dependencies returns the sorted names of the types that the named type
// references or is listed under, itself included when it references its own
// type.
func (c *Catalog) Dependencies(name string) []string {
	t, ok := c.types[name]
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var deps []string
	if t.Parent != "" {
		seen[t.Parent] = true
		deps = append(deps, t.Parent)
	}
	for _, r := range t.Refs {
		if !seen[r.To] {
			seen[r.To] = true
			deps = append(deps, r.To)
		}
	}
	sort.Strings(deps)
	return deps
}

// Components returns the strongly connected components of the type graph
// restricted to names (unknown names are ignored). Each component is sorted,
// and the components come in dependency order: a component follows every
// component it references. Ties are broken by the components' first name,
// so the result depends only on the catalogue and names.
func (c *Catalog) Components(names []string) [][]string {
	in := map[string]bool{}
	var nodes []string
	for _, n := range names {
		if _, ok := c.types[n]; ok && !in[n] {
			in[n] = true
			nodes = append(nodes, n)
		}
	}
	sort.Strings(nodes)

	return StronglyConnected(nodes, func(v string) []string {
		var deps []string
		for _, w := range c.Dependencies(v) {
			if in[w] {
				deps = append(deps, w)
			}
		}
		return deps
	})
}

// StronglyConnected returns the strongly connected components of the graph
// whose edges from a node are next(node), visiting nodes in the order given
// and each node's targets sorted. Each component is sorted. Tarjan's
// algorithm emits a component only after every component it reaches, so
// the components come in dependency order.
func StronglyConnected(nodes []string, next func(string) []string) [][]string {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var comps [][]string
	counter := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = counter, counter
		counter++
		stack = append(stack, v)
		onStack[v] = true
		targets := append([]string(nil), next(v)...)
		sort.Strings(targets)
		for _, w := range targets {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		sort.Strings(comp)
		comps = append(comps, comp)
	}
	for _, v := range nodes {
		if _, seen := index[v]; !seen {
			visit(v)
		}
	}
	return comps
}

// Layers groups names into export layers: a type's layer comes after the
// layers of every type it references outside its own component, and the
// types of one component share a layer. Each layer is the union of the
// components at the same depth, sorted by name.
func (c *Catalog) Layers(names []string) [][]string {
	comps := c.Components(names)
	compOf := map[string]int{}
	for i, comp := range comps {
		for _, n := range comp {
			compOf[n] = i
		}
	}
	depth := make([]int, len(comps))
	maxDepth := -1
	// Components are in dependency order, so every referenced component's
	// depth is final before it is read.
	for i, comp := range comps {
		for _, n := range comp {
			for _, dep := range c.Dependencies(n) {
				j, ok := compOf[dep]
				if ok && j != i {
					depth[i] = max(depth[i], depth[j]+1)
				}
			}
		}
		maxDepth = max(maxDepth, depth[i])
	}
	layers := make([][]string, maxDepth+1)
	for i, comp := range comps {
		layers[depth[i]] = append(layers[depth[i]], comp...)
	}
	for _, layer := range layers {
		sort.Strings(layer)
	}
	return layers
}
