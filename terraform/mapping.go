package terraform

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// resourcePrefix turns a catalogue type name into the provider's resource
// type name.
const resourcePrefix = "genesyscloud_"

// Kind is the conversion from an API value to a provider attribute value.
type Kind int

const (
	// KindString is a string attribute; API numbers and booleans are
	// written in their JSON form.
	KindString Kind = iota + 1
	// KindNumber is a number attribute.
	KindNumber
	// KindBool is a boolean attribute.
	KindBool
	// KindList is a list of strings, numbers or references, in API order.
	KindList
	// KindSet is a set of strings, numbers or references, written sorted.
	KindSet
	// KindMap is a map of strings or references, keyed by the API object's
	// keys.
	KindMap
	// KindBlock is a nested block, one per value at Path ("Block List" or
	// "Block Set" in the provider's documentation).
	KindBlock
	// KindObjects is a list or set of objects ("List of Object" or "Set of
	// Object"). It is written with nested block syntax, which Terraform
	// accepts for such attributes and which, unlike an object value, may
	// leave attributes out.
	KindObjects
	// KindJSON is a string attribute holding the JSON encoding of the API
	// value, such as a data action's contract.
	KindJSON
)

// RefSwitch picks a reference's target type from a field of the element
// that holds the reference, such as a member group's "type".
type RefSwitch struct {
	// Field is the element's field that names the kind of target.
	Field string
	// Types maps Field's values to catalogue types; other values leave the
	// id as it is.
	Types map[string]string
}

// Attr maps one provider attribute.
type Attr struct {
	// Name is the provider attribute or nested block type.
	Name string
	// Path is the API JSON path relative to the current element (see
	// walkPath). "@key" is the map key a "*" path reached the element
	// through, "@id" the object's id and "@parent" its parent's id.
	Path string
	Kind Kind
	// Ref is the catalogue type that the values reference; "" for plain
	// values.
	Ref string
	// RefSwitch, when set, picks the referenced type per element instead
	// of Ref.
	RefSwitch *RefSwitch
	// Keep lists reference values written literally, such as "*" for every
	// division. The value "*" is otherwise dropped, because it is no id.
	Keep []string
	// Elem is, for list, set and map kinds, the path inside each element
	// that holds the value; "" means the element itself.
	Elem string
	// Where is a "field=value" or "field!=value" condition that each
	// element of a list, set, map or block must pass.
	Where string
	// Required marks an attribute without which the enclosing resource or
	// block is invalid. A block missing a required attribute is left out.
	Required bool
	// Attrs are a block's or object's own attributes.
	Attrs []Attr
	// Child, when set, takes the values from the objects of this child
	// type listed under the current object (a queue's members), one
	// element per child, instead of from Path.
	Child string
	// OrderBy names a numeric field of each block element that orders the
	// blocks; elements without it come last, by key.
	OrderBy string
	// Build, when set, computes the value from the current element instead
	// of Path: nil for no value, a blockList for nested blocks.
	Build func(b *builder, obj map[string]any) node
}

// Mapping maps one catalogue type to the provider resource of the same
// name.
type Mapping struct {
	// Type is the catalogue type, which is the provider type without
	// "genesyscloud_".
	Type string
	// Attrs are the resource's attributes.
	Attrs []Attr
	// Label returns the text a label is made from; nil means the object's
	// name.
	Label func(l *labelSource, o *object) string
	// DataSource reports whether an object is built in, so it is written
	// as a data source with DataAttrs instead of a resource; nil means
	// never.
	DataSource func(obj map[string]any) bool
	// DataAttrs are the data source's arguments.
	DataAttrs []Attr
}

// builder turns one object's API JSON into a body.
type builder struct {
	w    *writer
	obj  *object
	path []string
	// variables, when not nil, collects the variables that the body
	// declares. The index pass builds bodies without keeping them.
	variables *[]*variable
	// err is the first failure to read a child object.
	err error
}

func (b *builder) buildBody(attrs []Attr, v any, key string) *body {
	out := newBody()
	for i := range attrs {
		a := &attrs[i]
		if a.Required {
			out.required[a.Name] = true
		}
		b.path = append(b.path, a.Name)
		b.buildAttr(out, a, v, key)
		b.path = b.path[:len(b.path)-1]
	}
	return out
}

func (b *builder) buildAttr(out *body, a *Attr, v any, key string) {
	if a.Build != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		switch n := a.Build(b, m).(type) {
		case nil:
		case blockList:
			if len(n) > 0 {
				out.blocks[a.Name] = n
			}
		default:
			out.attrs[a.Name] = n
		}
		return
	}
	elems := b.elements(a, v, key)
	switch a.Kind {
	case KindBlock, KindObjects:
		elems = filter(elems, a.Where)
		if a.OrderBy != "" {
			orderElems(elems, a.OrderBy)
		}
		for _, e := range elems {
			if _, ok := e.v.(map[string]any); !ok {
				continue
			}
			out.blocks[a.Name] = append(out.blocks[a.Name], b.buildBody(a.Attrs, e.v, e.key))
		}
	case KindList, KindSet:
		list := listNode{set: a.Kind == KindSet}
		for _, e := range filter(elems, a.Where) {
			if n := b.scalar(a, e.v, a.Elem); n != nil {
				list.elems = append(list.elems, n)
			}
		}
		if len(list.elems) > 0 {
			out.attrs[a.Name] = list
		}
	case KindMap:
		if len(elems) == 0 {
			return
		}
		m := mapNode{}
		for _, e := range filter(walkPath(elems[0].v, "*"), a.Where) {
			if n := b.scalar(a, e.v, a.Elem); n != nil {
				m[e.key] = n
			}
		}
		if len(m) > 0 {
			out.attrs[a.Name] = m
		}
	case KindJSON:
		if len(elems) > 0 {
			if s, ok := encodeJSON(elems[0].v); ok {
				out.attrs[a.Name] = litNode{s}
			}
		}
	default:
		if len(elems) > 0 {
			if n := b.scalar(a, elems[0].v, ""); n != nil {
				out.attrs[a.Name] = n
			}
		}
	}
}

// elements returns the values an attribute is made from.
func (b *builder) elements(a *Attr, v any, key string) []elem {
	if a.Child != "" {
		var out []elem
		for _, c := range b.children(a.Child) {
			if a.Kind == KindBlock || a.Kind == KindObjects || a.Path == "" {
				out = append(out, elem{v: c.raw})
				continue
			}
			out = append(out, walkPath(c.raw, a.Path)...)
		}
		return out
	}
	switch a.Path {
	case "@key":
		return []elem{{v: key}}
	case "@id":
		return []elem{{v: b.obj.id}}
	case "@parent":
		if b.obj.parent == "" {
			return nil
		}
		return []elem{{v: b.obj.parent}}
	}
	return walkPath(v, a.Path)
}

// scalar converts one API value, or the value at sub inside it, to a
// literal or a reference.
func (b *builder) scalar(a *Attr, v any, sub string) node {
	holder := v
	if sub != "" {
		vals := walkPath(v, sub)
		if len(vals) == 0 {
			return nil
		}
		v = vals[0].v
	}
	target := a.Ref
	if a.RefSwitch != nil {
		target = ""
		if kinds := walkPath(holder, a.RefSwitch.Field); len(kinds) > 0 {
			kind, _ := kinds[0].v.(string)
			target = a.RefSwitch.Types[kind]
		}
	}
	if target != "" || a.RefSwitch != nil {
		id, ok := v.(string)
		if !ok || id == "" {
			return nil
		}
		for _, k := range a.Keep {
			if id == k {
				return litNode{id}
			}
		}
		if id == "*" {
			return nil
		}
		if target == "" {
			return litNode{id}
		}
		return b.ref(target, id, a.Required && len(b.path) == 1)
	}
	return convert(a.Kind, v)
}

// children returns the objects of a child type listed under the object
// being built, reading them from the Source on first use.
func (b *builder) children(typ string) []*object {
	if cached, ok := b.obj.children[typ]; ok {
		return cached
	}
	var out []*object
	for _, c := range b.w.children(b.obj.num, typ) {
		o, err := b.w.readObject(c)
		if err != nil {
			if b.err == nil {
				b.err = err
			}
			continue
		}
		out = append(out, o)
	}
	if b.obj.children == nil {
		b.obj.children = map[string][]*object{}
	}
	b.obj.children[typ] = out
	return out
}

// addVariable declares a variable and returns a reference to it.
func (b *builder) addVariable(v *variable) varNode {
	v.owner = ownerOf(b.obj)
	if b.variables != nil {
		*b.variables = append(*b.variables, v)
	}
	return varNode{v: v}
}

// blockList is a Build result written as nested blocks.
type blockList []*body

// nested runs f with name appended to the attribute path, for Build
// functions that make nested blocks.
func (b *builder) nested(name string, f func()) {
	b.path = append(b.path, name)
	f()
	b.path = b.path[:len(b.path)-1]
}

// ref records a reference from the object being built at the current
// attribute path.
func (b *builder) ref(toType, id string, topRequired bool) *refNode {
	r := &refNode{
		from:        b.obj,
		attr:        strings.Join(b.path, "."),
		toType:      toType,
		toID:        id,
		topRequired: topRequired,
	}
	b.obj.refs = append(b.obj.refs, r)
	return r
}

// convert turns an API scalar into a literal of the attribute's kind. The
// elements of a list, set or map keep the scalar type the API gave them.
func convert(kind Kind, v any) node {
	switch kind {
	case KindNumber:
		if n, ok := numberOf(v); ok {
			return litNode{n}
		}
		if s, ok := v.(string); ok && jsonNumber.MatchString(s) {
			return litNode{json.Number(s)}
		}
		return nil
	case KindBool:
		switch t := v.(type) {
		case bool:
			return litNode{t}
		case string:
			if t == "true" || t == "false" {
				return litNode{t == "true"}
			}
		}
		return nil
	case KindString:
		switch t := v.(type) {
		case string:
			return litNode{t}
		case bool:
			if t {
				return litNode{"true"}
			}
			return litNode{"false"}
		}
		if n, ok := numberOf(v); ok {
			return litNode{string(n)}
		}
		return nil
	}
	// Elements of lists, sets and maps keep their own scalar type.
	switch t := v.(type) {
	case string, bool:
		return litNode{t}
	}
	if n, ok := numberOf(v); ok {
		return litNode{n}
	}
	return nil
}

// jsonNumber matches the JSON number grammar, which HCL numbers share.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// encodeJSON returns the compact JSON encoding of v, with object keys
// sorted and without HTML escaping, in a form that Terraform reads back
// unchanged (see normalizationSafeJSON).
func encodeJSON(v any) (string, bool) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return normalizationSafeJSON(strings.TrimSuffix(buf.String(), "\n")), true
}

func filter(elems []elem, where string) []elem {
	if where == "" {
		return elems
	}
	var out []elem
	for _, e := range elems {
		if matches(e.v, where) {
			out = append(out, e)
		}
	}
	return out
}

// orderElems sorts elements by a numeric field, then by key.
func orderElems(elems []elem, field string) {
	rank := func(e elem) (float64, bool) {
		vals := walkPath(e.v, field)
		if len(vals) == 0 {
			return 0, false
		}
		n, ok := numberOf(vals[0].v)
		if !ok {
			return 0, false
		}
		f, err := n.Float64()
		return f, err == nil
	}
	sort.SliceStable(elems, func(i, j int) bool {
		ri, oki := rank(elems[i])
		rj, okj := rank(elems[j])
		if oki != okj {
			return oki
		}
		if oki && ri != rj {
			return ri < rj
		}
		return elems[i].key < elems[j].key
	})
}
