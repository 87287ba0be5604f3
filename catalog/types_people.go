package catalog

// subjectGrantRefs are the references of an authorization subject
// (GET /api/v2/authorization/subjects/{subjectId}): each grant pairs a role
// with a division, and the division id "*" (every division) is not an id.
var subjectGrantRefs = []Ref{
	{Path: "grants[].role.id", To: "auth_role"},
	{Path: "grants[].division.id", To: "auth_division"},
}

// peopleTypes are the memberships and role grants of users and groups, and
// teams with their members.
var peopleTypes = []Type{
	{
		Name:     "group_member",
		Parent:   "group",
		ListPath: "/api/v2/groups/{parentId}/members",
		// NOTE: a group membership has no get-by-id endpoint. A member's
		// entry is its user, so GetPath reads the user.
		GetPath: "/api/v2/users/{id}",
		// NOTE: the members list documents no maximum page size; 100 is the
		// API's common maximum.
		Paging: PagingPageNumber, PageSize: 100,
		Refs: []Ref{{Path: "id", To: "user"}},
		// /members rather than /individuals: /individuals leaves out the
		// owners and the people a group's rules include.
		Note: "Listed once per group: one request per page of each group's members, " +
			"which include owners and rule-based members besides the individuals.",
	},
	{
		Name:     "group_roles",
		Parent:   "group",
		ListPath: "/api/v2/authorization/subjects/{parentId}",
		GetPath:  "/api/v2/authorization/subjects/{parentId}",
		Paging:   PagingObject,
		Refs:     subjectGrantRefs,
		Note: "One object per group, read with one call per group and stored under the group's id: " +
			"GET /api/v2/authorization/subjects/{groupId} returns the group's role grants.",
	},
	{
		Name:     "user_roles",
		Parent:   "user",
		ListPath: "/api/v2/authorization/subjects/{parentId}",
		GetPath:  "/api/v2/authorization/subjects/{parentId}",
		Paging:   PagingObject,
		Refs:     subjectGrantRefs,
		// Each grant names its subject: a user's list can also hold grants
		// through a group ("entries with the same role and division but
		// different subjects", as the includeDuplicates parameter puts it).
		Note: "One object per user, read with one call per user and stored under the user's id: " +
			"GET /api/v2/authorization/subjects/{userId} returns the user's role grants.",
	},
	{
		Name:     "team",
		ListPath: "/api/v2/teams",
		GetPath:  "/api/v2/teams/{id}",
		// Genesys' own exporter pages teams with 100 and takes the next
		// after cursor from nextUri.
		Paging: PagingAfter, PageSize: 100,
		Refs: []Ref{divisionRef},
	},
	{
		Name:     "team_member",
		Parent:   "team",
		ListPath: "/api/v2/teams/{parentId}/members",
		// NOTE: a team membership has no get-by-id endpoint. A member's id
		// is its user's id, so GetPath reads the user.
		GetPath: "/api/v2/users/{id}",
		Paging:  PagingAfter, PageSize: 100,
		Refs: []Ref{{Path: "id", To: "user"}},
		Note: "Listed once per team: one request per page of each team's members.",
	},
}
