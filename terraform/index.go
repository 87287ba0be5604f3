package terraform

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/catalog"
)

// index is the compact form of a backup that Write keeps between its
// passes over the Source. Every object has a number, in the order of its
// type's name and then of its id, and the index stores per object only its
// id, label, parent, flags and references, as offsets into shared strings
// and small integers. The objects' JSON is read again when it is rendered.
type index struct {
	// types are the types the Source lists, sorted by name.
	types  []*typeIndex
	byName map[string]*typeIndex
	// flags contains objWritten and objData, by object number.
	flags []uint8
	// refStart locates the references of object g: refs[refStart[g]:refStart[g+1]].
	// An object's attribute references come first, in the order its
	// mapping builds them, and its depends_on entries last.
	refStart []uint32
	refs     refChunks
	// missingIDs contains, by position in refs, the id that a reference names
	// when no object of the backup has it.
	missingIDs map[uint32]string
	// attrs interns the attribute paths of references, and refTypes the
	// types they name, which the backup need not hold.
	attrs    interner
	refTypes interner
}

// Object flags.
const (
	// objWritten marks an object of a mapped type whose body has every
	// required attribute.
	objWritten uint8 = 1 << iota
	// objData marks a written object that is a data source.
	objData
)

// typeIndex is the part of the index for the objects of one type.
type typeIndex struct {
	name string
	// def is the catalogue's type, or nil when the catalogue lacks it.
	def     *catalog.Type
	mapping *Mapping
	// first is the number of the type's first object.
	first int32
	// ids are the backup ids, sorted.
	ids stringTable
	// parents contains, for a type listed under a parent, the number of each
	// object's parent, or -1 when the backup lacks it.
	parents []int32
	// byAPIID lists, for a type listed under a parent but not a
	// PagingObject type, the numbers of the objects that have a parent,
	// sorted by the id the API gives them (see apiID).
	byAPIID []int32
	// labels are the objects' labels, "" for an object not written.
	labels stringTable
	// written lists the numbers of the written objects, sorted by label.
	written []int32
}

func (t *typeIndex) count() int { return t.ids.len() }

// refEntry is one reference of an object.
type refEntry struct {
	// found is the number of the object the reference names, written or
	// not, or -1 when the backup has no such object.
	found int32
	// attr and toType are numbers of index.attrs and index.refTypes.
	attr   uint16
	toType uint16
	flags  uint8
}

// refChunks stores references in chunks of a fixed size, so it grows
// without copying and without the spare capacity of a doubled slice.
type refChunks struct {
	chunks [][]refEntry
	n      uint32
	// overflow is set once the list passes the positions uint32 holds.
	overflow bool
}

const refChunkSize = 1 << 14

func (l *refChunks) len() uint32 { return l.n }

func (l *refChunks) at(pos uint32) *refEntry { return &l.chunks[pos/refChunkSize][pos%refChunkSize] }

func (l *refChunks) add(e refEntry) {
	if l.n == math.MaxUint32 {
		l.overflow = true
		return
	}
	if l.n%refChunkSize == 0 {
		l.chunks = append(l.chunks, make([]refEntry, 0, refChunkSize))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, e)
	l.n++
}

// Reference flags.
const (
	// refTopRequired marks a required attribute of the resource itself,
	// which is never dropped because the resource would be invalid
	// without it.
	refTopRequired uint8 = 1 << iota
	// refDependsOn marks an entry of depends_on.
	refDependsOn
	// refByAPIID marks a reference that found its object by the id the API
	// gives a child object rather than by its backup id.
	refByAPIID
	// refDrop marks a reference left out of the output.
	refDrop
	// refRawID marks a reference to a written object that is written as
	// the raw id, because cycle breaking took its target.
	refRawID
)

// stringTable is a list of strings stored as one string and end offsets.
type stringTable struct {
	text string
	ends []uint32
}

func (s *stringTable) len() int { return len(s.ends) }

func (s *stringTable) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]]
}

// stringTableBuilder appends the strings of a stringTable.
type stringTableBuilder struct {
	b    strings.Builder
	ends []uint32
	// overflow is set once the text passes the 4 GiB that offsets reach.
	overflow bool
}

func (s *stringTableBuilder) add(v string) {
	s.b.WriteString(v)
	if s.b.Len() > math.MaxUint32 {
		s.overflow = true
	}
	s.ends = append(s.ends, uint32(s.b.Len()))
}

func (s *stringTableBuilder) table() stringTable {
	return stringTable{text: s.b.String(), ends: s.ends}
}

// interner numbers distinct strings.
type interner struct {
	names []string
	ids   map[string]uint32
}

func (n *interner) id(s string) uint32 {
	if id, ok := n.ids[s]; ok {
		return id
	}
	if n.ids == nil {
		n.ids = map[string]uint32{}
	}
	id := uint32(len(n.names))
	n.names = append(n.names, s)
	n.ids[s] = id
	return id
}

func (n *interner) name(id uint16) string { return n.names[id] }

// listObjects reads the types and ids of the source, numbers the objects
// and links children to parents.
func (w *writer) listObjects() error {
	ix := &w.ix
	ix.byName = map[string]*typeIndex{}
	ix.missingIDs = map[uint32]string{}
	names := append([]string(nil), w.src.Types()...)
	sort.Strings(names)
	next := int32(0)
	for _, name := range names {
		if ix.byName[name] != nil {
			continue
		}
		ids, err := w.src.IDs(name)
		if err != nil {
			return fmt.Errorf("terraform: list %s: %w", name, err)
		}
		ids = append([]string(nil), ids...)
		sort.Strings(ids)
		ids = compactStrings(ids)
		if int64(next)+int64(len(ids)) > math.MaxInt32 {
			return fmt.Errorf("terraform: the backup has more than %d objects, the maximum Write supports", math.MaxInt32)
		}
		t := &typeIndex{name: name, mapping: mappings[name], first: next}
		t.def, _ = w.cat.Type(name)
		t.ids = buildTable(ids)
		if t.ids.len() > 0 && int64(t.ids.ends[len(ids)-1]) != int64(totalLen(ids)) {
			return fmt.Errorf("terraform: the ids of type %s exceed 4 GiB", name)
		}
		next += int32(len(ids))
		ix.types = append(ix.types, t)
		ix.byName[name] = t
	}
	ix.flags = make([]uint8, next)
	ix.refStart = make([]uint32, 1, next+1)
	for _, t := range ix.types {
		if t.def != nil && t.def.Parent != "" {
			w.linkParents(t)
		}
	}
	return nil
}

func compactStrings(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func totalLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	return n
}

func buildTable(ss []string) stringTable {
	var b stringTableBuilder
	b.b.Grow(totalLen(ss))
	b.ends = make([]uint32, 0, len(ss))
	for _, s := range ss {
		b.add(s)
	}
	return b.table()
}

// linkParents finds the parent of every object of a child type and
// indexes the children by the ids the API gives them.
func (w *writer) linkParents(t *typeIndex) {
	t.parents = make([]int32, t.count())
	for i := range t.parents {
		id := t.ids.at(i)
		p := w.parentOf(t.def, id)
		t.parents[i] = p
		if p < 0 {
			w.problemAt(t.name, id, fmt.Sprintf("no %s in the backup is the parent of this object", t.def.Parent))
			continue
		}
		if t.def.Paging != catalog.PagingObject {
			t.byAPIID = append(t.byAPIID, t.first+int32(i))
		}
	}
	sort.SliceStable(t.byAPIID, func(i, j int) bool { return w.apiID(t.byAPIID[i]) < w.apiID(t.byAPIID[j]) })
}

// parentOf finds the parent of a child object from its id: the id of an
// authorization subject is its parent's id, and any other child's id is
// "<parentId>_<value>". Parent ids may hold "_" themselves, so every split
// point is tried, shortest parent id first. It returns -1 when the backup
// has no parent.
func (w *writer) parentOf(t *catalog.Type, id string) int32 {
	if t.Paging == catalog.PagingObject {
		return w.lookup(t.Parent, id)
	}
	for i := 0; i < len(id); i++ {
		if id[i] != '_' {
			continue
		}
		if p := w.lookup(t.Parent, id[:i]); p >= 0 {
			return p
		}
	}
	return -1
}

// typeOf returns the type of object g.
func (w *writer) typeOf(g int32) *typeIndex {
	types := w.ix.types
	i := sort.Search(len(types), func(i int) bool { return types[i].first > g })
	return types[i-1]
}

func (w *writer) id(g int32) string {
	t := w.typeOf(g)
	return t.ids.at(int(g - t.first))
}

func (w *writer) label(g int32) string {
	t := w.typeOf(g)
	if t.labels.len() == 0 {
		return ""
	}
	return t.labels.at(int(g - t.first))
}

// parent returns the number of object g's parent, or -1.
func (w *writer) parent(g int32) int32 {
	t := w.typeOf(g)
	if t.parents == nil {
		return -1
	}
	return t.parents[g-t.first]
}

// apiID returns the id the API gives a child object: its backup id without
// the "<parentId>_" prefix.
func (w *writer) apiID(g int32) string {
	id := w.id(g)
	if p := w.parent(g); p >= 0 {
		return strings.TrimPrefix(id, w.id(p)+"_")
	}
	return id
}

func (w *writer) written(g int32) bool { return w.ix.flags[g]&objWritten != 0 }

func (w *writer) isData(g int32) bool { return w.ix.flags[g]&objData != 0 }

// lookup returns the number of the object with a backup id, or -1.
func (w *writer) lookup(typ, id string) int32 {
	t := w.ix.byName[typ]
	if t == nil {
		return -1
	}
	n := t.count()
	i := sort.Search(n, func(i int) bool { return t.ids.at(i) >= id })
	if i < n && t.ids.at(i) == id {
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
	list := t.byAPIID
	i := sort.Search(len(list), func(i int) bool { return w.apiID(list[i]) >= id })
	if i == len(list) || w.apiID(list[i]) != id {
		return -1, false
	}
	if i+1 < len(list) && w.apiID(list[i+1]) == id {
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
	for i := sort.Search(n, func(i int) bool { return t.ids.at(i) >= prefix }); i < n; i++ {
		if !strings.HasPrefix(t.ids.at(i), prefix) {
			break
		}
		if t.parents[i] == g {
			out = append(out, t.first+int32(i))
		}
	}
	return out
}

// target returns the written object a reference points at after
// resolution and cycle breaking, or -1.
func (w *writer) target(r *refEntry) int32 {
	if r.found < 0 || r.flags&(refDrop|refRawID) != 0 || !w.written(r.found) {
		return -1
	}
	return r.found
}

// toID returns the id a reference names, as the object's JSON gives it.
func (w *writer) toID(pos uint32) string {
	r := w.ix.refs.at(pos)
	switch {
	case r.found < 0:
		return w.ix.missingIDs[pos]
	case r.flags&refByAPIID != 0:
		return w.apiID(r.found)
	}
	return w.id(r.found)
}

// objectRef names object g in the report.
func (w *writer) objectRef(g int32) ObjectRef {
	return ObjectRef{Type: w.typeOf(g).name, ID: w.id(g), Label: w.label(g)}
}

// address returns object g's Terraform address, such as
// "genesyscloud_user.jane" or "data.genesyscloud_auth_role.employee".
func (w *writer) address(g int32) string {
	a := resourcePrefix + w.typeOf(g).name + "." + w.label(g)
	if w.isData(g) {
		return "data." + a
	}
	return a
}
