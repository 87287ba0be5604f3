package terraform

import (
	"sort"
	"strings"
)

// elem is a value reached by a path, with the object key it was reached
// through when the path ended in a "*" segment.
type elem struct {
	v   any
	key string
}

// walkPath returns the values at path under v, in document order. Path is
// dot-separated: a plain segment steps into a field, "name[]" into every
// element of an array field, and "*" into every value of an object, sorted
// by key. An empty path returns v itself. Missing fields and null values
// give no element.
func walkPath(v any, path string) []elem {
	cur := []elem{{v: v}}
	if path == "" {
		return dropNulls(cur)
	}
	for _, seg := range strings.Split(path, ".") {
		var next []elem
		for _, e := range cur {
			next = append(next, stepInto(e, seg)...)
		}
		cur = next
	}
	return dropNulls(cur)
}

func stepInto(e elem, seg string) []elem {
	m, ok := e.v.(map[string]any)
	if !ok {
		return nil
	}
	if seg == "*" {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]elem, 0, len(keys))
		for _, k := range keys {
			out = append(out, elem{v: m[k], key: k})
		}
		return out
	}

	field, isArray := strings.CutSuffix(seg, "[]")
	child, ok := m[field]
	if !ok {
		return nil
	}
	if !isArray {
		return []elem{{v: child, key: e.key}}
	}
	items, ok := child.([]any)
	if !ok {
		return nil
	}
	out := make([]elem, 0, len(items))
	for _, item := range items {
		out = append(out, elem{v: item, key: e.key})
	}
	return out
}

func dropNulls(in []elem) []elem {
	out := in[:0]
	for _, e := range in {
		if e.v != nil {
			out = append(out, e)
		}
	}
	return out
}

// matches reports whether an object element passes a "field=value" or
// "field!=value" condition. An empty condition passes everything.
func matches(v any, where string) bool {
	if where == "" {
		return true
	}
	field, want, negate := where, "", false
	if f, w, ok := strings.Cut(where, "!="); ok {
		field, want, negate = f, w, true
	} else if f, w, ok := strings.Cut(where, "="); ok {
		field, want = f, w
	}
	got := ""
	if vals := walkPath(v, field); len(vals) > 0 {
		got, _ = vals[0].v.(string)
	}
	return (got == want) != negate
}
