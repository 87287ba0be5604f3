package terraform

import (
	"fmt"
	"maps"
	"math"
	"sort"
)

// readObject reads object g from the Source.
func (w *writer) readObject(g int32) (*object, error) {
	t := w.typeOf(g)
	id := t.ids.at(int(g - t.first))
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
		// Until assignAllLabels runs, labels contains the base labels.
		var bases stringTableBuilder
		bases.ends = make([]uint32, 0, t.count())
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
			bases.add(base)
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
	attrID, typeID := w.ix.attrs.id(attr), w.ix.refTypes.id(toType)
	if attrID > math.MaxUint16 || typeID > math.MaxUint16 {
		return fmt.Errorf("terraform: more than %d distinct reference attributes or types", math.MaxUint16+1)
	}
	w.ix.refs.add(refEntry{found: found, attr: uint16(attrID), toType: uint16(typeID), flags: flags})
	return nil
}

// assignAllLabels turns the base labels of every type into labels unique
// within the type, and sorts each type's written objects by label.
func (w *writer) assignAllLabels() error {
	for _, t := range w.ix.types {
		bases := t.labels
		var locals []int
		for i := range t.count() {
			if w.written(t.first + int32(i)) {
				locals = append(locals, i)
			}
		}
		suffixes := labelSuffixes(len(locals),
			func(i int) string { return bases.at(locals[i]) },
			func(i int) string { return t.ids.at(locals[i]) })
		var labels stringTableBuilder
		labels.ends = make([]uint32, 0, t.count())
		next := 0
		for i := range t.count() {
			if next < len(locals) && locals[next] == i {
				labels.add(withSuffix(bases.at(i), t.ids.at(i), suffixes[next]))
				next++
				continue
			}
			labels.add("")
		}
		if labels.overflow {
			return fmt.Errorf("terraform: the labels of type %s exceed 4 GiB", t.name)
		}
		t.labels = labels.table()
		t.written = make([]int32, len(locals))
		for i, local := range locals {
			t.written[i] = t.first + int32(local)
		}
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
