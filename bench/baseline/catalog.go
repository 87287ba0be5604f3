package baseline

import (
	"fmt"

	"github.com/gcexport/gcexport/catalog"
)

// subjectGrantRefs are the references of an authorization subject
// (GET /api/v2/authorization/subjects/{subjectId}): each grant pairs a role
// with a division.
var subjectGrantRefs = []catalog.Ref{
	{Path: "grants[].role.id", To: "auth_role"},
	{Path: "grants[].division.id", To: "auth_division"},
}

// subjectTypes are the role grants as Genesys' own exporter reads them: one
// request per user and per group, for the subject's own grants.
var subjectTypes = []catalog.Type{
	{
		Name:     "group_roles",
		Parent:   "group",
		ListPath: "/api/v2/authorization/subjects/{parentId}",
		GetPath:  "/api/v2/authorization/subjects/{parentId}",
		Paging:   catalog.PagingObject,
		Refs:     subjectGrantRefs,
		Note:     "One read per group.",
	},
	{
		Name:     "user_roles",
		Parent:   "user",
		ListPath: "/api/v2/authorization/subjects/{parentId}",
		GetPath:  "/api/v2/authorization/subjects/{parentId}",
		Paging:   catalog.PagingObject,
		Refs:     subjectGrantRefs,
		Note:     "One read per user.",
	},
}

// Catalog returns the types the per-object exporter reads: gcexport's
// catalogue, with role grants read per subject instead of listed per role.
func Catalog() (*catalog.Catalog, error) {
	def := catalog.Default()
	var types []catalog.Type
	for _, name := range def.Names() {
		if name == "role_subject_grants" {
			continue
		}
		t, _ := def.Type(name)
		types = append(types, *t)
	}
	types = append(types, subjectTypes...)
	cat, err := catalog.New(types)
	if err != nil {
		return nil, fmt.Errorf("baseline: catalogue: %w", err)
	}
	return cat, nil
}
