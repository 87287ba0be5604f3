package simulator

import (
	"maps"
	"slices"
)

// Subject types of a role's subject grants, as SubjectDivisionGrants.type
// gives them (the Java SDK's build/docs/SubjectDivisionGrants.md).
const (
	subjectTypeUser  = "PC_USER"
	subjectTypeGroup = "PC_GROUP"
)

// roleSubjectGrants builds the entries of GET
// /api/v2/authorization/roles/{roleId}/subjectgrants from the users' and
// groups' authorization subjects: one entry per role and subject that holds
// it, with the divisions the subject holds it in. The entry's shape is the
// SDK model SubjectDivisionGrants: id and name of the subject, divisions,
// type and selfUri. Grants a subject holds through a group name the group
// as their subjectId and are listed under the group only.
// NOTE: the selfUri of an entry is the subject's own selfUri, because no
// public example shows the form the API gives it.
func (s *Server) roleSubjectGrants() []map[string]any {
	var out []map[string]any
	for _, src := range []struct{ subjects, owners, kind string }{
		{typeUserRoles, typeUser, subjectTypeUser},
		{typeGroupRoles, typeGroup, subjectTypeGroup},
	} {
		for _, subject := range s.objects[src.subjects] {
			id := stringAt(subject, "id")
			owner := s.index[src.owners][id]
			for _, role := range sortedRoleDivisions(subject, id) {
				entry := map[string]any{
					"id":        id,
					"name":      stringAt(owner, "name"),
					"divisions": role.divisions,
					"type":      src.kind,
					"selfUri":   stringAt(owner, "selfUri"),
				}
				entry[parentKeyField] = role.id
				out = append(out, entry)
			}
		}
	}
	return out
}

// roleDivisions is one role of a subject with the divisions it holds the
// role in, sorted by id.
type roleDivisions struct {
	id        string
	divisions []any
}

// sortedRoleDivisions groups a subject's own grants by role, sorted by role
// id.
func sortedRoleDivisions(subject map[string]any, subjectID string) []roleDivisions {
	byRole := map[string]map[string]any{}
	grants, _ := subject["grants"].([]any)
	for _, g := range grants {
		grant, ok := g.(map[string]any)
		if !ok {
			continue
		}
		if holder := stringAt(grant, "subjectId"); holder != "" && holder != subjectID {
			continue
		}
		role := stringAt(grant, "role", "id")
		division, _ := grant["division"].(map[string]any)
		divisionID := stringAt(division, "id")
		if role == "" || divisionID == "" {
			continue
		}
		if byRole[role] == nil {
			byRole[role] = map[string]any{}
		}
		entry := map[string]any{"id": divisionID, "name": stringAt(division, "name")}
		if divisionID != "*" {
			entry["selfUri"] = "/api/v2/authorization/divisions/" + divisionID
		}
		byRole[role][divisionID] = entry
	}
	out := make([]roleDivisions, 0, len(byRole))
	for _, role := range slices.Sorted(maps.Keys(byRole)) {
		divisions := byRole[role]
		ids := slices.Sorted(maps.Keys(divisions))
		list := make([]any, len(ids))
		for i, id := range ids {
			list[i] = divisions[id]
		}
		out = append(out, roleDivisions{id: role, divisions: list})
	}
	return out
}

// DerivedResources returns the objects of the types that the server builds
// from a fixture's other types, in fixture form: keyed by type, each object
// listed under a parent naming it in _parentId. It validates f as New does.
func DerivedResources(f *Fixture) (map[string][]map[string]any, error) {
	s, err := New(f, Options{})
	if err != nil {
		return nil, err
	}
	out := map[string][]map[string]any{}
	for _, ep := range endpoints {
		if !ep.derived {
			continue
		}
		for _, parent := range slices.Sorted(maps.Keys(s.children[ep.typ])) {
			objects, err := copyObjects(ep.typ, s.children[ep.typ][parent])
			if err != nil {
				return nil, err
			}
			for _, obj := range objects {
				obj[parentKeyField] = parent
			}
			out[ep.typ] = append(out[ep.typ], objects...)
		}
	}
	return out, nil
}
