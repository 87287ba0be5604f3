package terraform

import (
	"fmt"
	"math"
	"slices"
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
	// kinds numbers the (attribute path, target type) pairs of references.
	// The target type need not be a type the backup holds.
	kinds refKinds
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
	// ids are the objects' keys, in the order of their backup ids: the id
	// the API gives an object whose parent the backup has (see linkParents),
	// and the backup id of any other object.
	ids idTable
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
	// kind is a number of index.kinds.
	kind  uint16
	flags uint8
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

// table returns the strings added. Their text is copied when the builder
// grew past what it holds, so the table keeps no spare capacity.
func (s *stringTableBuilder) table() stringTable {
	text := s.b.String()
	if s.b.Cap() > len(text)+len(text)/16 {
		text = strings.Clone(text)
	}
	return stringTable{text: text, ends: s.ends}
}

// refKind is the attribute path of a reference and the type it names.
type refKind struct{ attr, toType string }

// refKinds numbers distinct refKinds.
type refKinds struct {
	kinds []refKind
	ids   map[refKind]uint32
}

func (k *refKinds) id(kind refKind) uint32 {
	if id, ok := k.ids[kind]; ok {
		return id
	}
	if k.ids == nil {
		k.ids = map[refKind]uint32{}
	}
	id := uint32(len(k.kinds))
	k.kinds = append(k.kinds, kind)
	k.ids[kind] = id
	return id
}

func (k *refKinds) attr(id uint16) string { return k.kinds[id].attr }

func (k *refKinds) toType(id uint16) string { return k.kinds[id].toType }

// listObjects reads the types and ids of the source, numbers the objects
// and links children to parents. It links a child type as soon as its
// parent type is listed, so the ids of the children are stored as keys
// while the types after them are listed.
func (w *writer) listObjects() error {
	ix := &w.ix
	ix.byName = map[string]*typeIndex{}
	ix.missingIDs = map[uint32]string{}
	names := append([]string(nil), w.src.Types()...)
	sort.Strings(names)
	next := int32(0)
	var unlinked []*typeIndex
	for _, name := range names {
		if ix.byName[name] != nil {
			continue
		}
		ids, err := w.src.IDs(name)
		if err != nil {
			return fmt.Errorf("terraform: list %s: %w", name, err)
		}
		// A Source may return a slice it keeps, so only a copy is sorted.
		if !sortedUnique(ids) {
			ids = slices.Clone(ids)
			sort.Strings(ids)
			ids = slices.Compact(ids)
		}
		if int64(next)+int64(len(ids)) > math.MaxInt32 {
			return fmt.Errorf("terraform: the backup has more than %d objects, the maximum Write supports", math.MaxInt32)
		}
		t := &typeIndex{name: name, mapping: mappings[name], first: next}
		t.def, _ = w.cat.Type(name)
		var ok bool
		if t.ids, ok = newIDTable(ids); !ok {
			return fmt.Errorf("terraform: the ids of type %s exceed 4 GiB", name)
		}
		next += int32(len(ids))
		ix.types = append(ix.types, t)
		ix.byName[name] = t
		if t.def != nil && t.def.Parent != "" {
			unlinked = append(unlinked, t)
		}
		unlinked = slices.DeleteFunc(unlinked, func(t *typeIndex) bool {
			if ix.byName[t.def.Parent] == nil {
				return false
			}
			w.linkParents(t)
			return true
		})
	}
	// The parent types left are not in the backup.
	for _, t := range unlinked {
		w.linkParents(t)
	}
	ix.flags = make([]uint8, next)
	ix.refStart = make([]uint32, 1, next+1)
	return nil
}

func sortedUnique(ss []string) bool {
	for i := 1; i < len(ss); i++ {
		if ss[i-1] >= ss[i] {
			return false
		}
	}
	return true
}

func totalLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	return n
}

// typeOf returns the type of object g.
func (w *writer) typeOf(g int32) *typeIndex {
	types := w.ix.types
	i := sort.Search(len(types), func(i int) bool { return types[i].first > g })
	return types[i-1]
}

func (w *writer) label(g int32) string {
	t := w.typeOf(g)
	if t.labels.len() == 0 {
		return ""
	}
	return t.labels.at(int(g - t.first))
}

func (w *writer) written(g int32) bool { return w.ix.flags[g]&objWritten != 0 }

func (w *writer) isData(g int32) bool { return w.ix.flags[g]&objData != 0 }

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
