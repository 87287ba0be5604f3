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
// backup, such as a credential's integration.
type labelSource struct{ w *writer }

// objects returns the loaded objects of a type, sorted by id.
func (l *labelSource) objects(typ string) []*object { return l.w.byType[typ] }

// object returns a loaded object, or nil.
func (l *labelSource) object(typ, id string) *object { return l.w.byKey[objectKey{typ, id}] }

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
// type. Objects whose base labels collide all get an id suffix, so a label
// depends only on the object and the objects that share its base label,
// never on the order objects are read in. A suffixed label that still
// collides gets a longer suffix.
func assignLabels(objs []*object, text func(*object) string) {
	base := make(map[*object]string, len(objs))
	count := map[string]int{}
	for _, o := range objs {
		base[o] = baseLabel(text(o), o.id)
		count[base[o]]++
	}
	suffixLen := map[*object]int{}
	for _, o := range objs {
		if count[base[o]] > 1 {
			suffixLen[o] = 0
		}
	}
	for {
		for _, o := range objs {
			if i, twin := suffixLen[o]; twin {
				o.label = base[o] + "_" + idTag(o.id, tagLengths[i])
			} else {
				o.label = base[o]
			}
		}
		byLabel := map[string][]*object{}
		for _, o := range objs {
			byLabel[o.label] = append(byLabel[o.label], o)
		}
		grew := false
		labels := make([]string, 0, len(byLabel))
		for l := range byLabel {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			group := byLabel[l]
			if len(group) < 2 {
				continue
			}
			for _, o := range group {
				if i, twin := suffixLen[o]; twin && i+1 < len(tagLengths) {
					suffixLen[o] = i + 1
					grew = true
				}
			}
		}
		if !grew {
			return
		}
	}
}
