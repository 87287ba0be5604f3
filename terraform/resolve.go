package terraform

import "sort"

// refReport describes the reference at position pos of object from's
// references in the report.
func (w *writer) refReport(from int32, pos uint32) Ref {
	r := w.ix.refs.at(pos)
	to := ObjectRef{Type: w.ix.kinds.toType(r.kind), ID: w.toID(pos)}
	if t := w.target(r); t >= 0 {
		to.Label = w.label(t)
	}
	return Ref{From: w.objectRef(from), Attr: w.ix.kinds.attr(r.kind), To: to}
}

// resolve points every reference at its written target, and drops or
// reports the rest: self references are dropped, and a reference to an
// object that was not written is kept as the raw id or, with OmitDangling,
// dropped. A depends_on entry without a target is always dropped, because
// a raw id means nothing there.
func (w *writer) resolve() {
	for _, t := range w.ix.types {
		for _, g := range t.written {
			for pos := w.ix.refStart[g]; pos < w.ix.refStart[g+1]; pos++ {
				w.resolveRef(g, pos)
			}
		}
	}
}

func (w *writer) resolveRef(from int32, pos uint32) {
	r := w.ix.refs.at(pos)
	target := r.found
	if target >= 0 && !w.written(target) {
		target = -1
	}
	if target == from {
		r.flags |= refDrop
		w.report.SelfRefsDropped = append(w.report.SelfRefsDropped, w.refReport(from, pos))
		return
	}
	if target >= 0 {
		return
	}
	reason := ReasonMissing
	if r.found >= 0 {
		reason = ReasonUnwritten
	}
	drop := r.flags&refDependsOn != 0 || (w.opts.OmitDangling && r.flags&refTopRequired == 0)
	if drop {
		r.flags |= refDrop
	}
	w.report.Dangling = append(w.report.Dangling, Dangling{Ref: w.refReport(from, pos), Reason: reason, Omitted: drop})
}

// addrNode is a resolved depends_on entry: a block address without an
// attribute.
type addrNode struct{ parts []string }

// parts returns the traversal of a reference to the object's id.
func (o *object) parts(dependsOn bool) []string {
	var p []string
	if o.data {
		p = append(p, "data")
	}
	p = append(p, resourcePrefix+o.typ, o.label)
	if !dependsOn {
		p = append(p, "id")
	}
	return p
}

// resolveNode returns the final form of a value, or false when nothing is
// left of it.
func resolveNode(n node) (node, bool) {
	switch t := n.(type) {
	case *refNode:
		if t.drop {
			return nil, false
		}
		if t.target == nil {
			return litNode{t.toID}, true
		}
		if t.dependsOn {
			return addrNode{t.target.parts(true)}, true
		}
		return traversalNode{t.target.parts(false)}, true
	case listNode:
		out := listNode{set: t.set}
		seen := map[string]bool{}
		for _, e := range t.elems {
			r, ok := resolveNode(e)
			if !ok {
				continue
			}
			if t.set {
				k := sortKey(r)
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			out.elems = append(out.elems, r)
		}
		if len(out.elems) == 0 {
			return nil, false
		}
		if t.set {
			sort.SliceStable(out.elems, func(i, j int) bool { return sortKey(out.elems[i]) < sortKey(out.elems[j]) })
		}
		return out, true
	case mapNode:
		out := mapNode{}
		for k, v := range t {
			if r, ok := resolveNode(v); ok {
				out[k] = r
			}
		}
		if len(out) == 0 {
			return nil, false
		}
		return out, true
	}
	return n, true
}

// sortKey orders the elements of a set: literals by their value, then
// references by their address.
func sortKey(n node) string {
	switch t := n.(type) {
	case litNode:
		switch v := t.v.(type) {
		case string:
			return "0" + v
		case bool:
			if v {
				return "0true"
			}
			return "0false"
		default:
			s, _ := encodeJSON(v)
			return "0" + s
		}
	case traversalNode:
		return "1" + joinParts(t.parts)
	case addrNode:
		return "1" + joinParts(t.parts)
	}
	return "2"
}

func joinParts(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += "."
		}
		s += p
	}
	return s
}

// resolveBody returns the final form of a body, or false when a required
// attribute or block is gone.
func resolveBody(b *body) (*body, bool) {
	out := newBody()
	for name, n := range b.attrs {
		if r, ok := resolveNode(n); ok {
			out.attrs[name] = r
		}
	}
	for name, blocks := range b.blocks {
		for _, blk := range blocks {
			// A nested block left with nothing in it would only tell the
			// provider to manage an empty setting, so it goes too.
			if r, ok := resolveBody(blk); ok && (len(r.attrs) > 0 || len(r.blocks) > 0) {
				out.blocks[name] = append(out.blocks[name], r)
			}
		}
	}
	out.required = b.required
	return out, missingRequired(out) == ""
}
