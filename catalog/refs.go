package catalog

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

type segment struct {
	field string // "" for a "*" segment
	each  bool   // the field holds an array whose elements are visited
	any   bool   // "*": every value of an object
}

func parsePath(path string) ([]segment, error) {
	if path == "" {
		return nil, fmt.Errorf("empty reference path")
	}
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		switch {
		case part == "*":
			segs = append(segs, segment{any: true})
		case strings.HasSuffix(part, "[]") && len(part) > 2:
			segs = append(segs, segment{field: strings.TrimSuffix(part, "[]"), each: true})
		case part != "" && !strings.ContainsAny(part, "[]*"):
			segs = append(segs, segment{field: part})
		default:
			return nil, fmt.Errorf("reference path %q has an invalid segment %q", path, part)
		}
	}
	return segs, nil
}

// Extract returns the ids found at path in a decoded JSON object, in
// document order, skipping values that are not non-empty strings. The
// wildcard division id "*" that wrap-up codes carry is not an id and is
// skipped too.
func Extract(obj any, path string) []string {
	segs, err := parsePath(path)
	if err != nil {
		return nil
	}
	var out []string
	walk(obj, segs, &out)
	return out
}

// ExtractScalars returns the values at path like Extract, but with
// booleans and numbers as their JSON text too ("true", "15", "2.5"), for
// filters that compare a field with a value. Strings are returned as they
// are, the wildcard "*" and the empty string included.
func ExtractScalars(obj any, path string) []string {
	segs, err := parsePath(path)
	if err != nil {
		return nil
	}
	var out []string
	walkWith(obj, segs, &out, scalarText)
	return out
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case json.Number:
		return x.String(), true
	default:
		return "", false
	}
}

func idText(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok && s != "" && s != "*"
}

func walk(v any, segs []segment, out *[]string) {
	walkWith(v, segs, out, idText)
}

func walkWith(v any, segs []segment, out *[]string, leaf func(any) (string, bool)) {
	if len(segs) == 0 {
		if s, ok := leaf(v); ok {
			*out = append(*out, s)
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	seg, rest := segs[0], segs[1:]
	if seg.any {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkWith(m[k], rest, out, leaf)
		}
		return
	}
	child, ok := m[seg.field]
	if !ok {
		return
	}
	if !seg.each {
		walkWith(child, rest, out, leaf)
		return
	}
	items, ok := child.([]any)
	if !ok {
		return
	}
	for _, item := range items {
		walkWith(item, rest, out, leaf)
	}
}

// IDs returns the ids that the reference finds in a decoded JSON object, in
// document order.
func (r Ref) IDs(obj any) []string {
	if !r.applies(obj) {
		return nil
	}
	if r.SchemaURI == "" {
		return Extract(obj, r.Path)
	}
	segs, err := parsePath(r.Path)
	if err != nil {
		return nil
	}
	var docs []any
	collect(obj, segs, &docs)
	var ids []string
	seen := map[string]bool{}
	for _, doc := range docs {
		schemaRefs(doc, func(uri string) {
			if id := schemaRefID(uri, r.SchemaURI); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		})
	}
	return ids
}

// applies reports whether obj meets the reference's Where condition.
func (r Ref) applies(obj any) bool {
	if r.Where == "" {
		return true
	}
	field, value, _ := strings.Cut(r.Where, "=")
	m, ok := obj.(map[string]any)
	if !ok {
		return false
	}
	got, ok := m[field].(string)
	return ok && got == value
}

// collect appends the values at segs, whatever their JSON type.
func collect(v any, segs []segment, out *[]any) {
	if len(segs) == 0 {
		if v != nil {
			*out = append(*out, v)
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	seg, rest := segs[0], segs[1:]
	switch {
	case seg.any:
		for _, k := range sortedFields(m) {
			collect(m[k], rest, out)
		}
	case seg.each:
		items, _ := m[seg.field].([]any)
		for _, item := range items {
			collect(item, rest, out)
		}
	default:
		if child, ok := m[seg.field]; ok {
			collect(child, rest, out)
		}
	}
}

// maxSchemaDepth bounds the walk through a schema document, so that a
// document nested thousands deep cannot exhaust the stack.
const maxSchemaDepth = 64

// schemaRefs calls visit with every string "$ref" value in a JSON Schema
// document, visiting object fields in sorted order.
func schemaRefs(doc any, visit func(string)) {
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxSchemaDepth {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedFields(x) {
				if s, ok := x[k].(string); ok && k == "$ref" {
					visit(s)
					continue
				}
				walk(x[k], depth+1)
			}
		case []any:
			for _, item := range x {
				walk(item, depth+1)
			}
		}
	}
	walk(doc, 0)
}

// schemaRefID returns the id that a "$ref" URI names under prefix, or "".
// Fragments ("#/definitions/text") and other paths name no object.
func schemaRefID(uri, prefix string) string {
	u, err := url.Parse(uri)
	if err != nil || !strings.HasPrefix(u.Path, prefix) {
		return ""
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(u.Path, prefix), "/")
	if id == "*" {
		return ""
	}
	return id
}

func sortedFields(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Reference is one reference found in an object.
type Reference struct {
	Path string `json:"path"`
	To   string `json:"to"`
	ID   string `json:"id"`
}

// References returns every reference the type declares that obj holds,
// ordered by declaration and then by position in the object.
func (t *Type) References(obj any) []Reference {
	var refs []Reference
	for _, r := range t.Refs {
		for _, id := range r.IDs(obj) {
			refs = append(refs, Reference{Path: r.Path, To: r.To, ID: id})
		}
	}
	return refs
}
