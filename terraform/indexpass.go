package terraform

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
)

// readObject reads object g from the Source.
func (w *writer) readObject(g int32) (*object, error) {
	t := w.typeOf(g)
	id := w.id(g)
	raw, err := w.src.Object(t.name, id)
	if err != nil {
		return nil, fmt.Errorf("terraform: read %s %s: %w", t.name, id, err)
	}
	o := &object{num: g, typ: t.name, id: id, raw: raw, mapping: t.mapping}
	if p := w.parent(g); p >= 0 {
		o.parent = w.id(p)
	}
	return o, nil
}

// indexObjects reads every object once, in type and id order, and keeps of
// it what the later phases need: whether it is written and a data source,
// its base label, and its references. It also records the types that are
// merged into others or not written.
func (w *writer) indexObjects() error {
	merged := mergedTypes()
	ls := &labelSource{w: w}
	for _, t := range w.ix.types {
		if t.mapping == nil {
			if _, ok := merged[t.name]; !ok {
				w.report.NotWritten = append(w.report.NotWritten, t.name)
			}
		}
		// Until assignAllLabels runs, labels contains the base labels,
		// which only the objects of a mapped type have.
		var bases stringTableBuilder
		if t.mapping != nil {
			bases.ends = make([]uint32, 0, t.count())
		}
		for i := range t.count() {
			g := t.first + int32(i)
			o, err := w.readObject(g)
			if err != nil {
				return err
			}
			base := ""
			if t.mapping != nil {
				if err := w.indexBody(o); err != nil {
					return err
				}
				if w.written(g) {
					base = baseLabel(ls.text(o), o.id)
				}
			}
			if ls.err != nil {
				return ls.err
			}
			if t.mapping != nil {
				bases.add(base)
			}
			if w.ix.refs.overflow {
				return fmt.Errorf("terraform: the backup has more than %d references, the maximum Write supports", uint32(math.MaxUint32))
			}
			w.ix.refStart = append(w.ix.refStart, w.ix.refs.len())
		}
		if bases.overflow {
			return fmt.Errorf("terraform: the labels of type %s exceed 4 GiB", t.name)
		}
		t.labels = bases.table()
	}
	if counter, ok := w.src.(UnmappedCounter); ok {
		w.report.UnmappedDependencies = maps.Clone(counter.UnmappedDependencies())
	}
	return nil
}

// indexBody builds the body of an object of a mapped type, and records
// whether it is written and its references, depends_on entries included.
func (w *writer) indexBody(o *object) error {
	m := o.mapping
	attrs := m.Attrs
	if m.DataSource != nil && m.DataSource(o.raw) {
		o.data = true
		attrs = m.DataAttrs
	}
	b := &builder{w: w, obj: o}
	body := b.buildBody(attrs, o.raw, "")
	if b.err != nil {
		return b.err
	}
	if missing := missingRequired(body); missing != "" {
		w.problemAt(o.typ, o.id, fmt.Sprintf("not written: required attribute %s has no value", missing))
		return nil
	}

	w.ix.flags[o.num] = objWritten
	if o.data {
		w.ix.flags[o.num] |= objData
	}
	for _, r := range o.refs {
		var flags uint8
		if r.topRequired {
			flags = refTopRequired
		}
		if err := w.addRef(r.attr, r.toType, r.toID, flags); err != nil {
			return err
		}
	}

	deps, ok := w.src.(DependencySource)
	if !ok || o.data {
		return nil
	}
	refs, err := deps.Dependencies(o.typ, o.id)
	if err != nil {
		return fmt.Errorf("terraform: dependencies of %s %s: %w", o.typ, o.id, err)
	}
	for _, r := range refs {
		if err := w.addRef(dependsOnAttr, r.To, r.ID, refDependsOn); err != nil {
			return err
		}
	}
	return nil
}

// dependsOnAttr is the attribute of the references a DependencySource
// gives.
const dependsOnAttr = "depends_on"

// addRef appends a reference of the object being indexed.
func (w *writer) addRef(attr, toType, toID string, flags uint8) error {
	found, byAPIID := w.find(toType, toID)
	if byAPIID {
		flags |= refByAPIID
	}
	if found < 0 {
		w.ix.missingIDs[w.ix.refs.len()] = toID
	}
	kind := w.ix.kinds.id(refKind{attr: attr, toType: toType})
	if kind > math.MaxUint16 {
		return fmt.Errorf("terraform: more than %d distinct pairs of reference attribute and type", math.MaxUint16+1)
	}
	w.ix.refs.add(refEntry{found: found, kind: uint16(kind), flags: flags})
	return nil
}

// assignAllLabels turns the base labels of every type into labels unique
// within the type, and sorts each type's written objects by label. A type
// with no written object keeps no labels.
func (w *writer) assignAllLabels() error {
	for _, t := range w.ix.types {
		bases := t.labels
		t.labels = stringTable{}
		var written []int32
		for i := range t.count() {
			if g := t.first + int32(i); w.written(g) {
				written = append(written, g)
			}
		}
		if len(written) == 0 {
			continue
		}
		written = slices.Clip(written)
		suffixes := labelSuffixes(len(written),
			func(i int) string { return bases.at(int(written[i] - t.first)) },
			func(i int) string { return w.id(written[i]) })
		var labels stringTableBuilder
		labels.ends = make([]uint32, 0, t.count())
		next := 0
		for i := range t.count() {
			if next == len(written) || written[next] != t.first+int32(i) {
				labels.add("")
				continue
			}
			label := bases.at(i)
			if suffix := suffixes[next]; suffix != noSuffix {
				label = withSuffix(label, w.id(written[next]), suffix)
			}
			labels.add(label)
			next++
		}
		if labels.overflow {
			return fmt.Errorf("terraform: the labels of type %s exceed 4 GiB", t.name)
		}
		t.labels = labels.table()
		t.written = written
		sort.Slice(t.written, func(i, j int) bool { return w.label(t.written[i]) < w.label(t.written[j]) })
	}
	return nil
}

// writtenTypes returns the types with a written object, sorted.
func (w *writer) writtenTypes() []string {
	var out []string
	for _, t := range w.ix.types {
		if len(t.written) > 0 {
			out = append(out, t.name)
		}
	}
	return out
}

func (w *writer) problemAt(typ, id, msg string) {
	w.report.Problems = append(w.report.Problems, Problem{Type: typ, ID: id, Message: msg})
}
