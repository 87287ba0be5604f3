package terraform

import (
	"sort"
	"strings"
)

// idTable is the keys of one type's objects (see typeIndex.ids). When
// every key is a GUID in lowercase canonical form, as most ids are, it
// stores each one as its 16 bytes instead of 36 characters and an end
// offset, and builds a key's text only when at is called. The bytes sort
// as the text does, so comparisons need no text.
type idTable struct {
	text stringTable
	// guids contains 16 bytes per key when packed is set.
	guids  string
	packed bool
	n      int
}

const guidLen = 36

// newIDTable stores keys. It returns false when their text passes the
// 4 GiB that a stringTable's offsets reach.
func newIDTable(keys []string) (idTable, bool) {
	if allGUIDs(keys) {
		var b strings.Builder
		b.Grow(16 * len(keys))
		var raw [16]byte
		for _, k := range keys {
			packGUID(&raw, k)
			b.Write(raw[:])
		}
		return idTable{guids: b.String(), packed: true, n: len(keys)}, true
	}
	var b stringTableBuilder
	b.b.Grow(totalLen(keys))
	b.ends = make([]uint32, 0, len(keys))
	for _, k := range keys {
		b.add(k)
	}
	return idTable{text: b.table(), n: len(keys)}, !b.overflow
}

func (t *idTable) len() int { return t.n }

// at returns key i.
func (t *idTable) at(i int) string {
	if !t.packed {
		return t.text.at(i)
	}
	var text [guidLen]byte
	t.unpack(i, &text)
	return string(text[:])
}

// match is matchID for key i alone.
func (t *idTable) match(i int, s string) (string, int) {
	if !t.packed {
		return matchPiece(t.text.at(i), s)
	}
	var text [guidLen]byte
	t.unpack(i, &text)
	n := min(len(s), guidLen)
	for k := range n {
		if text[k] != s[k] {
			if text[k] < s[k] {
				return s, -1
			}
			return s, 1
		}
	}
	if n < guidLen {
		return s, idLonger
	}
	return s[guidLen:], 0
}

// compare compares key i with s, as strings.Compare does.
func (t *idTable) compare(i int, s string) int { return comparison(t.match(i, s)) }

// search returns the number of the key that is s in a packed table, or -1.
func (t *idTable) search(s string) int {
	if !isGUID(s) {
		return -1
	}
	var raw [16]byte
	packGUID(&raw, s)
	key := string(raw[:])
	i := sort.Search(t.n, func(i int) bool { return t.guids[16*i:16*i+16] >= key })
	if i < t.n && t.guids[16*i:16*i+16] == key {
		return i
	}
	return -1
}

// less reports whether key i sorts before key j.
func (t *idTable) less(i, j int) bool {
	if t.packed {
		return t.guids[16*i:16*i+16] < t.guids[16*j:16*j+16]
	}
	return t.text.at(i) < t.text.at(j)
}

const hexDigits = "0123456789abcdef"

// isDashPos reports whether a GUID's text has a dash at position pos.
func isDashPos(pos int) bool { return pos == 8 || pos == 13 || pos == 18 || pos == 23 }

func (t *idTable) unpack(i int, text *[guidLen]byte) {
	raw := t.guids[16*i : 16*i+16]
	k := 0
	for pos := range guidLen {
		if isDashPos(pos) {
			text[pos] = '-'
			continue
		}
		b := raw[k/2]
		if k%2 == 0 {
			b >>= 4
		}
		text[pos] = hexDigits[b&0xf]
		k++
	}
}

func packGUID(raw *[16]byte, s string) {
	k := 0
	for pos := range guidLen {
		if isDashPos(pos) {
			continue
		}
		raw[k/2] = raw[k/2]<<4 | hexValue(s[pos])
		k++
	}
}

func hexValue(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

func allGUIDs(keys []string) bool {
	for _, k := range keys {
		if !isGUID(k) {
			return false
		}
	}
	return len(keys) > 0
}

// isGUID reports whether s is a GUID in lowercase canonical form, such as
// "0f8fad5b-d9cb-469f-a165-70867728950e".
func isGUID(s string) bool {
	if len(s) != guidLen {
		return false
	}
	for pos := range guidLen {
		c := s[pos]
		if isDashPos(pos) {
			if c != '-' {
				return false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
