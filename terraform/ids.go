package terraform

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/catalog"
)

// The index stores the id of an object whose parent the backup has as a
// key, which leaves out the parent's id that the object's id starts with.
// For a child id "<parentId>_<value>" the key is the id the API gives the
// object, and for an authorization subject, whose id is its parent's, it
// is "". The objects keep the order of their backup ids, which the
// functions here compare against without building them.

// linkParents finds the parent of every object of a child type, replaces
// the ids of the objects with a parent by their keys, and indexes the
// children by the ids the API gives them.
func (w *writer) linkParents(t *typeIndex) {
	parents := make([]int32, t.count())
	keys := make([]string, t.count())
	for i := range parents {
		id := t.ids.at(i)
		p, key := w.parentOf(t.def, id)
		parents[i] = p
		if p < 0 {
			w.problemAt(t.name, id, fmt.Sprintf("no %s in the backup is the parent of this object", t.def.Parent))
			keys[i] = id
			continue
		}
		keys[i] = key
		if t.def.Paging != catalog.PagingObject {
			t.byAPIID = append(t.byAPIID, t.first+int32(i))
		}
	}
	// The keys are shorter than the ids, which fit in a table.
	t.ids, _ = newIDTable(keys)
	t.parents = parents
	// The API id of an object in byAPIID is its key.
	t.byAPIID = slices.Clip(t.byAPIID)
	sort.SliceStable(t.byAPIID, func(i, j int) bool {
		return t.ids.less(int(t.byAPIID[i]-t.first), int(t.byAPIID[j]-t.first))
	})
}

// parentOf finds the parent of a child object from its id: the id of an
// authorization subject is its parent's id, and any other child's id is
// "<parentId>_<value>". Parent ids may hold "_" themselves, so every split
// point is tried, shortest parent id first. It returns the parent and the
// object's key, or -1 when the backup has no parent.
func (w *writer) parentOf(t *catalog.Type, id string) (int32, string) {
	if t.Paging == catalog.PagingObject {
		return w.lookup(t.Parent, id), ""
	}
	for i := 0; i < len(id); i++ {
		if id[i] != '_' {
			continue
		}
		if p := w.lookup(t.Parent, id[:i]); p >= 0 {
			return p, id[i+1:]
		}
	}
	return -1, ""
}

// parentAt returns the number of the parent of the type's object i, or -1.
func (t *typeIndex) parentAt(i int) int32 {
	if t.parents == nil {
		return -1
	}
	return t.parents[i]
}

// parent returns the number of object g's parent, or -1.
func (w *writer) parent(g int32) int32 {
	t := w.typeOf(g)
	return t.parentAt(int(g - t.first))
}

// id returns object g's backup id.
func (w *writer) id(g int32) string {
	t := w.typeOf(g)
	i := int(g - t.first)
	key := t.ids.at(i)
	p := t.parentAt(i)
	switch {
	case p < 0:
		return key
	case t.def.Paging == catalog.PagingObject:
		return w.id(p)
	}
	return w.id(p) + "_" + key
}

// apiID returns the id the API gives a child object: its backup id without
// the "<parentId>_" prefix.
func (w *writer) apiID(g int32) string {
	t := w.typeOf(g)
	i := int(g - t.first)
	if t.parentAt(i) >= 0 && t.def.Paging != catalog.PagingObject {
		return t.ids.at(i)
	}
	return w.id(g)
}

// idLonger is the result of matchID when s is a proper prefix of the id.
const idLonger = 2

// matchID compares the backup id of the type's object i with the start of
// s. It returns 0 and the rest of s when s starts with the id, idLonger
// when s is a proper prefix of the id, and otherwise -1 or +1 as the id
// sorts before or after s.
func (w *writer) matchID(t *typeIndex, i int, s string) (string, int) {
	if p := t.parentAt(i); p >= 0 {
		pt := w.typeOf(p)
		rest, c := w.matchID(pt, int(p-pt.first), s)
		if c != 0 || t.def.Paging == catalog.PagingObject {
			return rest, c
		}
		if s, c = matchPiece("_", rest); c != 0 {
			return s, c
		}
	}
	return t.ids.match(i, s)
}

// matchPiece is matchID for an id that is the string piece.
func matchPiece(piece, s string) (string, int) {
	if len(s) < len(piece) {
		if c := strings.Compare(piece[:len(s)], s); c != 0 {
			return s, c
		}
		return s, idLonger
	}
	if c := strings.Compare(piece, s[:len(piece)]); c != 0 {
		return s, c
	}
	return s[len(piece):], 0
}

// compareID compares the backup id of the type's object i with id, as
// strings.Compare does.
func (w *writer) compareID(t *typeIndex, i int, id string) int {
	return comparison(w.matchID(t, i, id))
}

// comparison turns a result of matchID into one of strings.Compare.
func comparison(rest string, c int) int {
	switch {
	case c == idLonger:
		return 1
	case c == 0 && rest != "":
		return -1
	}
	return c
}

// hasIDPrefix reports whether the backup id of the type's object i starts
// with prefix.
func (w *writer) hasIDPrefix(t *typeIndex, i int, prefix string) bool {
	rest, c := w.matchID(t, i, prefix)
	return c == idLonger || c == 0 && rest == ""
}

// lookup returns the number of the object with a backup id, or -1.
func (w *writer) lookup(typ, id string) int32 {
	t := w.ix.byName[typ]
	if t == nil {
		return -1
	}
	if t.parents == nil && t.ids.packed {
		if i := t.ids.search(id); i >= 0 {
			return t.first + int32(i)
		}
		return -1
	}
	n := t.count()
	i := sort.Search(n, func(i int) bool { return w.compareID(t, i, id) >= 0 })
	if i < n && w.compareID(t, i, id) == 0 {
		return t.first + int32(i)
	}
	return -1
}

// find returns the object a reference names: by its backup id, or for a
// child type by the id the API gives it, in which case byAPIID is true. It
// returns -1 when neither matches or the API id is shared by children of
// two parents.
func (w *writer) find(typ, id string) (g int32, byAPIID bool) {
	if g := w.lookup(typ, id); g >= 0 {
		return g, false
	}
	t := w.ix.byName[typ]
	if t == nil || len(t.byAPIID) == 0 {
		return -1, false
	}
	// The API id of an object in byAPIID is its key.
	list := t.byAPIID
	compare := func(i int) int { return t.ids.compare(int(list[i]-t.first), id) }
	i := sort.Search(len(list), func(i int) bool { return compare(i) >= 0 })
	if i == len(list) || compare(i) != 0 {
		return -1, false
	}
	if i+1 < len(list) && compare(i+1) == 0 {
		return -1, false
	}
	return list[i], true
}

// children returns the numbers of the objects of type typ listed under
// object g, in id order.
func (w *writer) children(g int32, typ string) []int32 {
	t := w.ix.byName[typ]
	if t == nil || t.parents == nil {
		return nil
	}
	prefix := w.id(g)
	n := t.count()
	var out []int32
	for i := sort.Search(n, func(i int) bool { return w.compareID(t, i, prefix) >= 0 }); i < n; i++ {
		if !w.hasIDPrefix(t, i, prefix) {
			break
		}
		if t.parents[i] == g {
			out = append(out, t.first+int32(i))
		}
	}
	return out
}
