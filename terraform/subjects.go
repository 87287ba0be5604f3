package terraform

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/catalog"
)

// Type names of the role grants: the backup lists them per role, and the
// provider configures them per subject.
const (
	roleGrantsType = "role_subject_grants"
	userRolesType  = "user_roles"
	groupRolesType = "group_roles"
)

// subjectTypes maps a grant entry's subject type to the type of the
// resource that configures the subject's roles. Entries of other subjects,
// such as OAuth clients, whose roles are part of the client, are not
// written.
var subjectTypes = map[string]string{
	"PC_USER":  userRolesType,
	"PC_GROUP": groupRolesType,
}

// subjectSource serves the role grants of a backup as the provider wants
// them: one user_roles or group_roles object per subject, in the shape of
// GET /api/v2/authorization/subjects/{id} ({id, grants[{subjectId, role,
// division}]}), built from the per-role entries of role_subject_grants.
// It keeps a compact index of the grants, with role and division ids
// interned, and passes every other type through.
type subjectSource struct {
	Source
	// tables contains the subjects of each per-subject type.
	tables map[string]*subjectTable
	// names holds the interned role and division ids.
	names []string
}

// subjectTable contains the subjects of one per-subject type in id order.
// Subject i has the role and division pairs
// grants[grantEnds[i-1]:grantEnds[i]], in the order of the backup's
// entries: tens of bytes a subject, where a map of records took hundreds.
type subjectTable struct {
	ids       idTable
	names     stringTable
	grantEnds []uint32
	grants    []subjectGrant
}

// subjectGrant is one role that a subject holds in one division, as
// indexes into subjectSource.names.
type subjectGrant struct {
	role, division int32
}

// pendingSubject collects one subject's grants while the entries are read.
type pendingSubject struct {
	name   string
	grants []subjectGrant
}

// withSubjectRoles returns src with its role_subject_grants replaced by
// user_roles and group_roles objects, or src itself when it has no role
// grants or already holds per-subject objects.
func withSubjectRoles(src Source) (Source, error) {
	types := src.Types()
	if !slices.Contains(types, roleGrantsType) ||
		slices.Contains(types, userRolesType) || slices.Contains(types, groupRolesType) {
		return src, nil
	}
	s := &subjectSource{Source: src, tables: map[string]*subjectTable{}}
	interned := map[string]int32{}
	intern := func(v string) int32 {
		if i, ok := interned[v]; ok {
			return i
		}
		i := int32(len(s.names))
		interned[v] = i
		s.names = append(s.names, v)
		return i
	}
	ids, err := src.IDs(roleGrantsType)
	if err != nil {
		return nil, fmt.Errorf("terraform: list %s: %w", roleGrantsType, err)
	}
	pending := map[string]map[string]*pendingSubject{}
	for _, id := range ids {
		entry, err := src.Object(roleGrantsType, id)
		if err != nil {
			return nil, fmt.Errorf("terraform: read %s %s: %w", roleGrantsType, id, err)
		}
		typ := subjectTypes[stringField(entry, "type")]
		subject := stringField(entry, "id")
		// The backup id is "<roleId>_<subjectId>".
		role, ok := strings.CutSuffix(id, "_"+subject)
		if typ == "" || subject == "" || !ok || role == "" {
			continue
		}
		if pending[typ] == nil {
			pending[typ] = map[string]*pendingSubject{}
		}
		p := pending[typ][subject]
		if p == nil {
			p = &pendingSubject{name: stringField(entry, "name")}
			pending[typ][subject] = p
		}
		r := intern(role)
		for _, d := range catalog.ExtractScalars(entry, "divisions[].id") {
			p.grants = append(p.grants, subjectGrant{role: r, division: intern(d)})
		}
	}
	for typ, subjects := range pending {
		t, err := newSubjectTable(subjects)
		if err != nil {
			return nil, fmt.Errorf("terraform: index %s: %w", typ, err)
		}
		s.tables[typ] = t
	}
	return s, nil
}

// newSubjectTable stores the subjects of one type.
func newSubjectTable(subjects map[string]*pendingSubject) (*subjectTable, error) {
	ids := slices.Sorted(maps.Keys(subjects))
	t := &subjectTable{grantEnds: make([]uint32, 0, len(ids))}
	var ok bool
	if t.ids, ok = newIDTable(ids); !ok {
		return nil, errors.New("the subject ids exceed 4 GiB")
	}
	var names stringTableBuilder
	names.ends = make([]uint32, 0, len(ids))
	total := 0
	for _, id := range ids {
		total += len(subjects[id].grants)
	}
	if int64(total) > math.MaxUint32 {
		return nil, fmt.Errorf("%d grants exceed the maximum of %d that the index supports", total, uint32(math.MaxUint32))
	}
	t.grants = make([]subjectGrant, 0, total)
	for _, id := range ids {
		p := subjects[id]
		names.add(p.name)
		t.grants = append(t.grants, p.grants...)
		t.grantEnds = append(t.grantEnds, uint32(len(t.grants)))
	}
	if names.overflow {
		return nil, errors.New("the subject names exceed 4 GiB")
	}
	t.names = names.table()
	return t, nil
}

// find returns the index of subject id, or -1.
func (t *subjectTable) find(id string) int {
	if t.ids.packed {
		return t.ids.search(id)
	}
	i := sort.Search(t.ids.len(), func(i int) bool { return t.ids.at(i) >= id })
	if i < t.ids.len() && t.ids.at(i) == id {
		return i
	}
	return -1
}

// Types returns the source's types with role_subject_grants replaced by the
// per-subject types that have objects.
func (s *subjectSource) Types() []string {
	var out []string
	for _, typ := range s.Source.Types() {
		if typ != roleGrantsType {
			out = append(out, typ)
		}
	}
	for _, typ := range []string{groupRolesType, userRolesType} {
		if t := s.tables[typ]; t != nil && t.ids.len() > 0 {
			out = append(out, typ)
		}
	}
	return out
}

func (s *subjectSource) IDs(typ string) ([]string, error) {
	if t, ok := s.tables[typ]; ok {
		ids := make([]string, t.ids.len())
		for i := range ids {
			ids[i] = t.ids.at(i)
		}
		return ids, nil
	}
	return s.Source.IDs(typ)
}

// Object returns a per-subject object built from the index, or the
// source's object of any other type. A subject's grants are ordered by role
// and then division.
func (s *subjectSource) Object(typ, id string) (map[string]any, error) {
	t, ok := s.tables[typ]
	if !ok {
		return s.Source.Object(typ, id)
	}
	i := t.find(id)
	if i < 0 {
		return nil, fmt.Errorf("terraform: no %s %s", typ, id)
	}
	start := uint32(0)
	if i > 0 {
		start = t.grantEnds[i-1]
	}
	grants := []any{}
	for _, g := range t.grants[start:t.grantEnds[i]] {
		grants = append(grants, map[string]any{
			"subjectId": id,
			"role":      map[string]any{"id": s.names[g.role]},
			"division":  map[string]any{"id": s.names[g.division]},
		})
	}
	slices.SortFunc(grants, func(a, b any) int {
		ga, gb := a.(map[string]any), b.(map[string]any)
		if c := strings.Compare(stringField(ga, "role.id"), stringField(gb, "role.id")); c != 0 {
			return c
		}
		return strings.Compare(stringField(ga, "division.id"), stringField(gb, "division.id"))
	})
	return map[string]any{"id": id, "name": t.names.at(i), "grants": grants}, nil
}

// Dependencies passes the source's dependencies through.
func (s *subjectSource) Dependencies(typ, id string) ([]catalog.Reference, error) {
	if deps, ok := s.Source.(DependencySource); ok {
		return deps.Dependencies(typ, id)
	}
	return nil, nil
}

// UnmappedDependencies passes the source's counts through.
func (s *subjectSource) UnmappedDependencies() map[string]int {
	if counter, ok := s.Source.(UnmappedCounter); ok {
		return counter.UnmappedDependencies()
	}
	return nil
}

// isSubjectType reports whether typ is a per-subject type that the writer
// builds from role_subject_grants.
func isSubjectType(typ string) bool {
	return slices.Contains(slices.Collect(maps.Values(subjectTypes)), typ)
}

// restoreLayers returns the restore layers of the written types. The
// per-subject types have no catalogue type of their own, so they take the
// layer of role_subject_grants, which they are built from.
func restoreLayers(cat *catalog.Catalog, written []string) [][]string {
	var names, subjects []string
	for _, typ := range written {
		if isSubjectType(typ) {
			subjects = append(subjects, typ)
			continue
		}
		names = append(names, typ)
	}
	if len(subjects) > 0 && !slices.Contains(names, roleGrantsType) {
		names = append(names, roleGrantsType)
	}
	layers := cat.Layers(names)
	for i, layer := range layers {
		j := slices.Index(layer, roleGrantsType)
		if j < 0 || len(subjects) == 0 {
			continue
		}
		layer = slices.Delete(layer, j, j+1)
		if slices.Contains(written, roleGrantsType) {
			layer = append(layer, roleGrantsType)
		}
		layer = append(layer, subjects...)
		slices.Sort(layer)
		layers[i] = layer
	}
	return layers
}
