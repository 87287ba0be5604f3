package terraform

import (
	"fmt"
	"maps"
	"slices"
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
	// subjects holds, per resource type and subject id, the subject's
	// name and grants.
	subjects map[string]map[string]*subjectRecord
	// names holds the interned role and division ids.
	names []string
}

// subjectRecord is one subject of the index.
type subjectRecord struct {
	name   string
	grants []subjectGrant
}

// subjectGrant is one role that a subject holds, with its divisions, as
// indexes into subjectSource.names.
type subjectGrant struct {
	role      int32
	divisions []int32
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
	s := &subjectSource{Source: src, subjects: map[string]map[string]*subjectRecord{}}
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
		grant := subjectGrant{role: intern(role)}
		for _, d := range catalog.ExtractScalars(entry, "divisions[].id") {
			grant.divisions = append(grant.divisions, intern(d))
		}
		if s.subjects[typ] == nil {
			s.subjects[typ] = map[string]*subjectRecord{}
		}
		rec := s.subjects[typ][subject]
		if rec == nil {
			rec = &subjectRecord{name: stringField(entry, "name")}
			s.subjects[typ][subject] = rec
		}
		rec.grants = append(rec.grants, grant)
	}
	return s, nil
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
		if len(s.subjects[typ]) > 0 {
			out = append(out, typ)
		}
	}
	return out
}

func (s *subjectSource) IDs(typ string) ([]string, error) {
	if bySubject, ok := s.subjects[typ]; ok {
		ids := make([]string, 0, len(bySubject))
		for id := range bySubject {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return ids, nil
	}
	return s.Source.IDs(typ)
}

// Object returns a per-subject object built from the index, or the
// source's object of any other type. A subject's grants are ordered by role
// and then division.
func (s *subjectSource) Object(typ, id string) (map[string]any, error) {
	bySubject, ok := s.subjects[typ]
	if !ok {
		return s.Source.Object(typ, id)
	}
	rec, ok := bySubject[id]
	if !ok {
		return nil, fmt.Errorf("terraform: no %s %s", typ, id)
	}
	grants := []any{}
	for _, g := range rec.grants {
		for _, d := range g.divisions {
			grants = append(grants, map[string]any{
				"subjectId": id,
				"role":      map[string]any{"id": s.names[g.role]},
				"division":  map[string]any{"id": s.names[d]},
			})
		}
	}
	slices.SortFunc(grants, func(a, b any) int {
		ga, gb := a.(map[string]any), b.(map[string]any)
		if c := strings.Compare(stringField(ga, "role.id"), stringField(gb, "role.id")); c != 0 {
			return c
		}
		return strings.Compare(stringField(ga, "division.id"), stringField(gb, "division.id"))
	})
	return map[string]any{"id": id, "name": rec.name, "grants": grants}, nil
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
