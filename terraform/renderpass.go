package terraform

import (
	"bufio"
	"fmt"
	"io"
)

// render writes the file of every type with a written object. Each object
// is read again, its body rebuilt, and the resolution that the index holds
// applied to its references. Data sources come before resources, each in
// label order, as the file lists them.
func (w *writer) render() error {
	merged := mergedTypes()
	for _, t := range w.ix.types {
		if len(t.written) == 0 {
			continue
		}
		name := w.fileName(t.name)
		var file *outputFile
		data, resources := 0, 0
		for _, kind := range []string{"data", "resource"} {
			for _, g := range t.written {
				if w.isData(g) != (kind == "data") {
					continue
				}
				b, err := w.rebuild(g)
				if err != nil {
					file.abort()
					return err
				}
				resolved, ok := resolveBody(b)
				if !ok {
					w.problemAt(t.name, w.id(g), fmt.Sprintf("not written: required attribute %s lost its value", missingRequired(resolved)))
					continue
				}
				if kind == "data" {
					data++
					w.report.DataSources = append(w.report.DataSources, w.address(g))
				} else {
					resources++
				}
				if file == nil {
					if file, err = w.createOutputFile(name, resourcePrefix+t.name); err != nil {
						return err
					}
				}
				if err := file.add(kind, w.label(g), resolved); err != nil {
					file.abort()
					return fmt.Errorf("terraform: write %s: %w", name, err)
				}
			}
		}
		if file == nil {
			continue
		}
		if err := file.close(); err != nil {
			return fmt.Errorf("terraform: write %s: %w", name, err)
		}
		w.report.Files = append(w.report.Files, name)
		summary := TypeSummary{Type: t.name, File: name, Resources: resources, DataSources: data}
		for _, child := range sortedKeys(merged) {
			if c := w.ix.byName[child]; merged[child] == t.name && c != nil && c.count() > 0 {
				summary.Merged = append(summary.Merged, child)
			}
		}
		w.report.Types = append(w.report.Types, summary)
	}
	return nil
}

// rebuild reads written object g again and builds its body with the
// references resolved as the index decided.
func (w *writer) rebuild(g int32) (*body, error) {
	o, err := w.readObject(g)
	if err != nil {
		return nil, err
	}
	o.data = w.isData(g)
	o.label = w.label(g)
	attrs := o.mapping.Attrs
	if o.data {
		attrs = o.mapping.DataAttrs
	}
	b := &builder{w: w, obj: o, variables: &w.variables}
	body := b.buildBody(attrs, o.raw, "")
	if b.err != nil {
		return nil, b.err
	}
	changed := fmt.Errorf("terraform: %s %s changed between two reads of the backup", o.typ, o.id)
	if missingRequired(body) != "" {
		return nil, changed
	}

	pos := w.ix.refStart[g]
	end := w.ix.refStart[g+1]
	for _, r := range o.refs {
		if pos == end {
			return nil, changed
		}
		e := w.ix.refs.at(pos)
		if e.flags&refDependsOn != 0 || w.ix.kinds.attr(e.kind) != r.attr || w.ix.kinds.toType(e.kind) != r.toType {
			return nil, changed
		}
		w.applyResolution(r, e)
		pos++
	}

	// The depends_on entries come last in the index, after the
	// references the body holds.
	list := listNode{set: true}
	for ; pos < end; pos++ {
		e := w.ix.refs.at(pos)
		n := &refNode{from: o, attr: dependsOnAttr, toType: w.ix.kinds.toType(e.kind), toID: w.toID(pos), dependsOn: true}
		w.applyResolution(n, e)
		list.elems = append(list.elems, n)
	}
	if len(list.elems) > 0 {
		body.attrs[dependsOnAttr] = list
	}
	return body, nil
}

// applyResolution copies the index's decision about a reference to the
// reference of a rebuilt body.
func (w *writer) applyResolution(r *refNode, e *refEntry) {
	r.drop = e.flags&refDrop != 0
	if t := w.target(e); t >= 0 {
		r.target = &object{num: t, typ: w.typeOf(t).name, label: w.label(t), data: w.isData(t)}
	}
}

// outputFile is one type's file being written.
type outputFile struct {
	dst io.WriteCloser
	buf *bufio.Writer
	tf  *typeFileWriter
}

func (w *writer) createOutputFile(name, tfType string) (*outputFile, error) {
	dst, err := createFile(w.out, name)
	if err != nil {
		return nil, fmt.Errorf("terraform: create %s: %w", name, err)
	}
	buf := bufio.NewWriterSize(dst, 64<<10)
	return &outputFile{dst: dst, buf: buf, tf: newTypeFileWriter(buf, w.opts.Format, tfType)}, nil
}

func (f *outputFile) add(kind, label string, b *body) error { return f.tf.add(kind, label, b) }

func (f *outputFile) close() error {
	err := f.tf.finish()
	if err == nil {
		err = f.buf.Flush()
	}
	if cerr := f.dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// abort closes a file that will not be finished. A buffered file is
// dropped instead, as its OutputDir would otherwise receive it.
func (f *outputFile) abort() {
	if f == nil {
		return
	}
	if _, buffered := f.dst.(*bufferedFile); buffered {
		return
	}
	f.dst.Close()
}
