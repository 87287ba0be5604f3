package terraform

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// Suffix lengths tried, in hex digits, for labels that name twins share.
var tagLengths = []int{8, 12, 16, 64}

// labelSource gives label functions access to the other objects of the
// backup, such as a credential's integration. It reads them from the
// Source on each request, so only what a label function caches stays in
// memory.
type labelSource struct {
	w     *writer
	cache map[string]any
	// err is the first failure to read an object.
	err error
}

// object returns an object of the backup by its backup id, or nil.
func (l *labelSource) object(typ, id string) *object {
	g := l.w.lookup(typ, id)
	if g < 0 {
		return nil
	}
	o, err := l.w.readObject(g)
	if err != nil {
		l.fail(err)
		return nil
	}
	return o
}

// each calls f with every object of a type, in id order.
func (l *labelSource) each(typ string, f func(*object)) {
	t := l.w.ix.byName[typ]
	if t == nil {
		return
	}
	for i := range t.count() {
		o, err := l.w.readObject(t.first + int32(i))
		if err != nil {
			l.fail(err)
			return
		}
		f(o)
	}
}

// cached returns the value that build makes, calling build only on the
// first request for key within one Write.
func (l *labelSource) cached(key string, build func() any) any {
	if v, ok := l.cache[key]; ok {
		return v
	}
	if l.cache == nil {
		l.cache = map[string]any{}
	}
	v := build()
	l.cache[key] = v
	return v
}

func (l *labelSource) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// text returns the label text of an object by its mapping's rule.
func (l *labelSource) text(o *object) string {
	if o.mapping != nil && o.mapping.Label != nil {
		return o.mapping.Label(l, o)
	}
	return stringField(o.raw, "name")
}

// stringField returns the string at path in v, or "".
func stringField(v any, path string) string {
	if vals := walkPath(v, path); len(vals) > 0 {
		s, _ := vals[0].v.(string)
		return s
	}
	return ""
}

// baseLabel turns label text into a valid label: Latin accents folded to
// ASCII, other characters collapsed into "_", and a leading "_" when the
// result would not start with a letter or "_". Letters of other scripts
// cannot be kept, so text that had some ends in the object's id tag, and
// names that differ only in those letters still differ. Text with no ASCII
// letter or digit left becomes "_" and the tag alone, never "".
func baseLabel(text, id string) string {
	label, meaningful, lossy := transliterate(text)
	if !meaningful {
		return "_" + idTag(id, tagLengths[0])
	}
	if c := label[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
		label = "_" + label
	}
	if lossy {
		label = strings.TrimRight(label, "_") + "_" + idTag(id, tagLengths[0])
	}
	return label
}

// idTag returns n hex digits derived from an id: the id's own leading hex
// digits for a GUID, otherwise those of its SHA-256.
func idTag(id string, n int) string {
	digits := strings.ToLower(strings.ReplaceAll(id, "-", ""))
	if len(digits) >= n && isHex(digits) {
		return digits[:n]
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])[:min(n, 64)]
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// assignLabels gives every object of one type a label unique within the
// type (see labelSuffixes).
func assignLabels(objs []*object, text func(*object) string) {
	bases := make([]string, len(objs))
	for i, o := range objs {
		bases[i] = baseLabel(text(o), o.id)
	}
	suffixes := labelSuffixes(len(objs),
		func(i int) string { return bases[i] },
		func(i int) string { return objs[i].id })
	for i, o := range objs {
		o.label = withSuffix(bases[i], objs[i].id, suffixes[i])
	}
}

// noSuffix is the labelSuffixes entry of an object labelled by its base
// label alone.
const noSuffix int8 = -1

// withSuffix returns a label made from a base label and a labelSuffixes
// entry.
func withSuffix(base, id string, suffix int8) string {
	if suffix == noSuffix {
		return base
	}
	return base + "_" + idTag(id, tagLengths[suffix])
}

// labelSuffixes chooses the labels of n objects of one type from their
// base labels and ids. Objects whose base labels collide all get an id
// suffix, so a label depends only on the object and the objects that share
// its base label, never on the order objects are read in. A suffixed label
// that still collides gets a longer suffix. The result holds, per object,
// noSuffix or the index in tagLengths of its suffix's length.
func labelSuffixes(n int, base, id func(int) string) []int8 {
	suffixes := make([]int8, n)
	for i := range suffixes {
		suffixes[i] = noSuffix
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool { return base(int(order[i])) < base(int(order[j])) })
	twins := map[int32]string{}
	for i := 0; i < n; {
		j := i + 1
		for j < n && base(int(order[j])) == base(int(order[i])) {
			j++
		}
		if j-i > 1 {
			for _, o := range order[i:j] {
				suffixes[o] = 0
				twins[o] = ""
			}
		}
		i = j
	}
	if len(twins) == 0 {
		return suffixes
	}
	label := func(o int32) string {
		if l, twin := twins[o]; twin {
			return l
		}
		return base(int(o))
	}
	for {
		for o := range twins {
			twins[o] = withSuffix(base(int(o)), id(int(o)), suffixes[o])
		}
		sort.Slice(order, func(i, j int) bool { return label(order[i]) < label(order[j]) })
		grew := false
		for i := 0; i < n; {
			j := i + 1
			for j < n && label(order[j]) == label(order[i]) {
				j++
			}
			if j-i > 1 {
				for _, o := range order[i:j] {
					if s := suffixes[o]; s != noSuffix && int(s)+1 < len(tagLengths) {
						suffixes[o] = s + 1
						grew = true
					}
				}
			}
			i = j
		}
		if !grew {
			return suffixes
		}
	}
}
