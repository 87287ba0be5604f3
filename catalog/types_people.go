package catalog

// peopleTypes are the memberships of groups, the role grants of users and
// groups, and teams with their members.
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
		Name:     "role_subject_grants",
		Parent:   "auth_role",
		ListPath: "/api/v2/authorization/roles/{parentId}/subjectgrants",
		// NOTE: an entry has no get-by-id endpoint. A subject's own grants,
		// in another shape, are at /api/v2/authorization/subjects/{id}.
		GetPath: "/api/v2/authorization/subjects/{id}",
		// NOTE: the API reference gives a default page size of 25 and no
		// maximum; 100 is the API's common maximum.
		Paging: PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			{Path: "id", To: "user", Where: "type=PC_USER"},
			{Path: "id", To: "group", Where: "type=PC_GROUP"},
			{Path: "divisions[].id", To: "auth_division"},
		},
		OwnedBy: []string{"user", "group"},
		// One listing per role rather than one read per subject: the
		// subjects' own grant lists (GET /api/v2/authorization/subjects/{id},
		// which Genesys' own exporter reads per user and per group) would
		// cost a request for every user and group of the org.
		Note: "Listed once per role: one request per page of the users and groups holding the role, " +
			"each entry with the divisions it is granted in. The Terraform writer groups the entries " +
			"by subject into user_roles and group_roles resources.",
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
