package terraform

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/catalog"
)

// Source is the raw objects of a backup folder.
type Source interface {
	// Types returns the catalogue type names present.
	Types() []string
	// IDs returns the object ids of a type. An object of a type listed
	// under a parent has the id "<parentId>_<value>", and an authorization
	// subject the id of its user or group.
	IDs(typ string) ([]string, error)
	// Object returns an object's raw API JSON.
	Object(typ, id string) (map[string]any, error)
}

// DependencySource is implemented by a Source that has references which
// are not fields of an object's JSON, such as the queues and data actions
// that a flow's YAML names. Each becomes an entry of the object's
// depends_on, and takes part in cycle breaking like any reference.
type DependencySource interface {
	Dependencies(typ, id string) ([]catalog.Reference, error)
}

// UnmappedCounter is implemented by a DependencySource that leaves out the
// references it cannot name by a catalogue type, such as the system prompts
// a flow consumes. Write copies its counts, keyed by the source's own type
// names, into Report.UnmappedDependencies after it has asked for the
// dependencies of every object.
type UnmappedCounter interface {
	UnmappedDependencies() map[string]int
}

// OutputDir receives the written files.
type OutputDir interface {
	WriteFile(name string, data []byte) error
}

// Format is the syntax of the written configuration.
type Format string

const (
	// FormatJSON writes Terraform's JSON syntax, in .tf.json files.
	FormatJSON Format = "json"
	// FormatHCL writes Terraform's native syntax, in .tf files.
	FormatHCL Format = "hcl"
)

// DefaultProviderVersion is the provider version constraint written when
// Options.ProviderVersion is empty.
const DefaultProviderVersion = "~> 1.84"

// Options configure Write.
type Options struct {
	// Format is the output syntax; "" means FormatJSON.
	Format Format
	// OmitDangling drops attributes whose reference points outside the
	// backup; false keeps the raw id. A required attribute of a resource
	// keeps its raw id either way.
	OmitDangling bool
	// ProviderVersion is the version constraint of the genesyscloud
	// provider; "" means DefaultProviderVersion.
	ProviderVersion string
	// LegacyFlowHash writes each flow's file_content_hash, which provider
	// versions before 1.73.0 require. From 1.73.0 on the attribute is
	// computed, and the provider rejects a configured value.
	LegacyFlowHash bool
}

// Reasons a reference is dangling.
const (
	// ReasonMissing is a reference to an object the backup does not hold.
	ReasonMissing = "missing"
	// ReasonUnwritten is a reference to an object the backup holds but the
	// writer did not write: its type has no mapping, or it was skipped.
	ReasonUnwritten = "unwritten"
)

// ObjectRef names one object of the backup.
type ObjectRef struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	// Label is the object's label, or "" when it was not written.
	Label string `json:"label,omitempty"`
}

// Ref is one reference between two objects, by provider attribute path.
type Ref struct {
	From ObjectRef `json:"from"`
	Attr string    `json:"attr"`
	To   ObjectRef `json:"to"`
}

// Dangling is a reference that points outside what was written.
type Dangling struct {
	Ref
	Reason string `json:"reason"`
	// Omitted reports whether the value was left out; false means the raw
	// id was written.
	Omitted bool `json:"omitted"`
}

// Cycle is a reference cycle between objects, and the reference dropped to
// break it. A restore needs a second apply with that reference put back.
type Cycle struct {
	Objects []ObjectRef `json:"objects"`
	Broken  Ref         `json:"broken"`
}

// Problem is an object that could not be written as it is.
type Problem struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Message string `json:"message"`
}

// TypeSummary counts what was written for one type.
type TypeSummary struct {
	Type        string `json:"type"`
	File        string `json:"file"`
	Resources   int    `json:"resources"`
	DataSources int    `json:"dataSources"`
	// Merged lists the child types whose objects are written inside this
	// type's resources, such as a queue's members.
	Merged []string `json:"merged,omitempty"`
}

// Report describes what Write wrote and what it could not. Every list is
// sorted.
type Report struct {
	Format Format        `json:"format"`
	Files  []string      `json:"files"`
	Types  []TypeSummary `json:"types"`
	// NotWritten lists the types present in the backup that have no
	// mapping and are not merged into another type.
	NotWritten      []string   `json:"notWritten"`
	Dangling        []Dangling `json:"dangling"`
	Cycles          []Cycle    `json:"cycles"`
	SelfRefsDropped []Ref      `json:"selfRefsDropped"`
	// UnmappedDependencies counts, by the DependencySource's type name,
	// the dependencies left out of depends_on because no catalogue type
	// matches them (see UnmappedCounter).
	UnmappedDependencies map[string]int `json:"unmappedDependencies"`
	// DataSources lists the addresses of the data sources written for
	// built-in objects.
	DataSources []string `json:"dataSources"`
	// Variables lists the input variables declared for secrets.
	Variables []string  `json:"variables"`
	Problems  []Problem `json:"problems"`
}

type objectKey struct{ typ, id string }

// writer holds one run of Write.
type writer struct {
	cat  *catalog.Catalog
	src  Source
	opts Options

	types  []string
	byType map[string][]*object
	byKey  map[objectKey]*object
	// byChildID finds an object listed under a parent by the id the API
	// gives it, without the "<parentId>_" prefix of its backup id. A nil
	// entry marks an id that children of two parents share.
	byChildID map[objectKey]*object
	// written lists the written objects of each mapped type, sorted by
	// label.
	written   map[string][]*object
	variables []*variable
	report    *Report
}

// Write turns the backup's objects into Terraform configuration and writes
// it to out: one file per mapped type, a provider file, the variables of
// the secrets, a terraform.tfvars.example with placeholders, and
// restore-order.json. The output depends only on the objects, not on the
// order the Source lists them in.
func Write(cat *catalog.Catalog, src Source, opts Options, out OutputDir) (*Report, error) {
	if cat == nil || src == nil || out == nil {
		return nil, errors.New("terraform: Write needs a catalogue, a source and an output")
	}
	switch opts.Format {
	case "":
		opts.Format = FormatJSON
	case FormatJSON, FormatHCL:
	default:
		return nil, fmt.Errorf("terraform: unknown format %q: use %q or %q", opts.Format, FormatJSON, FormatHCL)
	}
	if opts.ProviderVersion == "" {
		opts.ProviderVersion = DefaultProviderVersion
	}
	w := &writer{
		cat: cat, src: src, opts: opts,
		byType:    map[string][]*object{},
		byKey:     map[objectKey]*object{},
		byChildID: map[objectKey]*object{},
		written:   map[string][]*object{},
		report:    &Report{Format: opts.Format},
	}
	if err := w.load(); err != nil {
		return nil, err
	}
	w.build()
	if err := w.addDependencies(); err != nil {
		return nil, err
	}
	w.label()
	w.resolve()
	w.breakCycles()
	files, err := w.render()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := out.WriteFile(name, files[name]); err != nil {
			return nil, fmt.Errorf("terraform: write %s: %w", name, err)
		}
	}
	w.report.Files = names
	w.report.sort()
	return w.report, nil
}

// load reads every object of the source and links children to parents.
func (w *writer) load() error {
	w.types = append([]string(nil), w.src.Types()...)
	sort.Strings(w.types)
	for _, typ := range w.types {
		ids, err := w.src.IDs(typ)
		if err != nil {
			return fmt.Errorf("terraform: list %s: %w", typ, err)
		}
		ids = append([]string(nil), ids...)
		sort.Strings(ids)
		for _, id := range ids {
			if _, dup := w.byKey[objectKey{typ, id}]; dup {
				continue
			}
			raw, err := w.src.Object(typ, id)
			if err != nil {
				return fmt.Errorf("terraform: read %s %s: %w", typ, id, err)
			}
			o := &object{typ: typ, id: id, raw: raw, children: map[string][]*object{}}
			w.byType[typ] = append(w.byType[typ], o)
			w.byKey[objectKey{typ, id}] = o
		}
	}
	for _, typ := range w.types {
		t, ok := w.cat.Type(typ)
		if !ok || t.Parent == "" {
			continue
		}
		for _, o := range w.byType[typ] {
			parent := w.parentOf(t, o.id)
			if parent == nil {
				w.problem(o, fmt.Sprintf("no %s in the backup is the parent of this object", t.Parent))
				continue
			}
			o.parent = parent.id
			parent.children[typ] = append(parent.children[typ], o)
			if t.Paging != catalog.PagingObject {
				w.indexChild(o)
			}
		}
	}
	return nil
}

// parentOf finds the parent of a child object from its id: the id of an
// authorization subject is its parent's id, and any other child's id is
// "<parentId>_<value>". Parent ids may hold "_" themselves, so every split
// point is tried, shortest parent id first.
func (w *writer) parentOf(t *catalog.Type, id string) *object {
	if t.Paging == catalog.PagingObject {
		return w.byKey[objectKey{t.Parent, id}]
	}
	for i := 0; i < len(id); i++ {
		if id[i] != '_' {
			continue
		}
		if p := w.byKey[objectKey{t.Parent, id[:i]}]; p != nil {
			return p
		}
	}
	return nil
}

// indexChild records a child object under the id the API gives it, so a
// reference such as an email route's reply route finds it.
func (w *writer) indexChild(o *object) {
	key := objectKey{o.typ, strings.TrimPrefix(o.id, o.parent+"_")}
	if _, seen := w.byChildID[key]; seen {
		w.byChildID[key] = nil
		return
	}
	w.byChildID[key] = o
}

// find returns the loaded object a reference names: by its backup id, or
// for a child type by the id the API gives it. It returns nil when neither
// matches or the API id is shared by children of two parents.
func (w *writer) find(typ, id string) *object {
	if o := w.byKey[objectKey{typ, id}]; o != nil {
		return o
	}
	return w.byChildID[objectKey{typ, id}]
}

func (w *writer) problem(o *object, msg string) {
	w.report.Problems = append(w.report.Problems, Problem{Type: o.typ, ID: o.id, Message: msg})
}

// build makes the body of every object of a mapped type and records which
// types are merged into others or not written.
func (w *writer) build() {
	merged := mergedTypes()
	for _, typ := range w.types {
		m := mappings[typ]
		if m == nil {
			if _, ok := merged[typ]; !ok {
				w.report.NotWritten = append(w.report.NotWritten, typ)
			}
			continue
		}
		for _, o := range w.byType[typ] {
			o.mapping = m
			attrs := m.Attrs
			if m.DataSource != nil && m.DataSource(o.raw) {
				o.data = true
				attrs = m.DataAttrs
			}
			b := &builder{w: w, obj: o}
			o.body = b.buildBody(attrs, o.raw, "")
			if missing := missingRequired(o.body); missing != "" {
				w.problem(o, fmt.Sprintf("not written: required attribute %s has no value", missing))
				o.body, o.refs = nil, nil
				continue
			}
			w.written[typ] = append(w.written[typ], o)
		}
	}
}

// missingRequired returns the first required attribute or block a body
// lacks, or "".
func missingRequired(b *body) string {
	var names []string
	for name := range b.required {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := b.attrs[name]; ok {
			continue
		}
		if len(b.blocks[name]) > 0 {
			continue
		}
		return name
	}
	return ""
}

// addDependencies records the depends_on entries a DependencySource gives.
func (w *writer) addDependencies() error {
	deps, ok := w.src.(DependencySource)
	if !ok {
		return nil
	}
	for _, typ := range sortedKeys(w.written) {
		for _, o := range w.written[typ] {
			if o.data {
				continue
			}
			refs, err := deps.Dependencies(o.typ, o.id)
			if err != nil {
				return fmt.Errorf("terraform: dependencies of %s %s: %w", o.typ, o.id, err)
			}
			var list listNode
			list.set = true
			for _, r := range refs {
				n := &refNode{from: o, attr: "depends_on", toType: r.To, toID: r.ID, dependsOn: true}
				o.refs = append(o.refs, n)
				list.elems = append(list.elems, n)
			}
			if len(list.elems) > 0 {
				o.body.attrs["depends_on"] = list
			}
		}
	}
	if counter, ok := w.src.(UnmappedCounter); ok {
		w.report.UnmappedDependencies = maps.Clone(counter.UnmappedDependencies())
	}
	return nil
}

// label assigns the labels of every written type.
func (w *writer) label() {
	ls := &labelSource{w: w}
	for typ, objs := range w.written {
		assignLabels(objs, ls.text)
		sort.Slice(objs, func(i, j int) bool { return objs[i].label < objs[j].label })
		w.written[typ] = objs
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mergedTypes returns each child type that a mapping writes inside its
// parent's resources, with that parent type.
func mergedTypes() map[string]string {
	out := map[string]string{}
	var visit func(parent string, attrs []Attr)
	visit = func(parent string, attrs []Attr) {
		for _, a := range attrs {
			if a.Child != "" {
				out[a.Child] = parent
			}
			visit(parent, a.Attrs)
		}
	}
	for typ, m := range mappings {
		visit(typ, m.Attrs)
	}
	return out
}

// sort orders every list and turns nil lists into empty ones, so the
// report encodes the same way whatever was found.
func (r *Report) sort() {
	for _, l := range []*[]string{&r.Files, &r.NotWritten, &r.DataSources, &r.Variables} {
		if *l == nil {
			*l = []string{}
		}
	}
	if r.Types == nil {
		r.Types = []TypeSummary{}
	}
	if r.Dangling == nil {
		r.Dangling = []Dangling{}
	}
	if r.Cycles == nil {
		r.Cycles = []Cycle{}
	}
	if r.SelfRefsDropped == nil {
		r.SelfRefsDropped = []Ref{}
	}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	if r.UnmappedDependencies == nil {
		r.UnmappedDependencies = map[string]int{}
	}
	refKey := func(x Ref) string {
		return strings.Join([]string{x.From.Type, x.From.Label, x.From.ID, x.Attr, x.To.Type, x.To.ID}, "\x00")
	}
	sort.Strings(r.NotWritten)
	sort.Strings(r.DataSources)
	sort.Strings(r.Variables)
	sort.Slice(r.Types, func(i, j int) bool { return r.Types[i].Type < r.Types[j].Type })
	sort.Slice(r.Dangling, func(i, j int) bool { return refKey(r.Dangling[i].Ref) < refKey(r.Dangling[j].Ref) })
	sort.Slice(r.SelfRefsDropped, func(i, j int) bool { return refKey(r.SelfRefsDropped[i]) < refKey(r.SelfRefsDropped[j]) })
	sort.Slice(r.Cycles, func(i, j int) bool { return refKey(r.Cycles[i].Broken) < refKey(r.Cycles[j].Broken) })
	sort.Slice(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Message < b.Message
	})
}
