package simulator

// peopleEndpoints are the memberships and role grants of users and groups,
// and teams with their members. Query parameters are those of the API
// reference, the Swagger of 2026-05, and for the others those of the
// JavaScript SDK's TeamsApi and AuthorizationApi.
var peopleEndpoints = []*endpoint{
	{
		typ: typeGroupMember, parent: typeGroup, noGet: true,
		path:        "/api/v2/groups/{parentId}/members",
		maxPageSize: maxPageSizeSmall,
		listParams: withPaging(enumParam("sortOrder", "ascending", "descending"),
			arrayParam("expand")),
	},
	{
		typ: typeGroupRoles, parent: typeGroup, perParent: true,
		getPath:   subjectPath,
		getParams: subjectParams,
	},
	{
		typ: typeUserRoles, parent: typeUser, perParent: true,
		getPath:   subjectPath,
		getParams: subjectParams,
	},
	{
		typ: typeRoleSubjectGrants, parent: typeRole, noGet: true, derived: true,
		path:        "/api/v2/authorization/roles/{parentId}/subjectgrants",
		maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), arrayParam("expand"),
			stringParam("nextPage"), stringParam("previousPage")),
	},
	{
		typ: typeTeam, path: "/api/v2/teams",
		paging: pageCursor, maxPageSize: maxPageSizeSmall,
		listParams: []param{intParam("pageSize"), stringParam("name"), stringParam("after"),
			stringParam("before"), stringParam("expand")},
	},
	{
		typ: typeTeamMember, parent: typeTeam, noGet: true,
		path:   "/api/v2/teams/{parentId}/members",
		paging: pageCursor, maxPageSize: maxPageSizeSmall,
		listParams: []param{intParam("pageSize"), stringParam("before"), stringParam("after"),
			enumParam("expand", "entities")},
	},
}

// subjectPath returns the role grants of a user or a group, so the users'
// and the groups' subjects share it.
const subjectPath = "/api/v2/authorization/subjects/{id}"

// subjectParams are the query parameters of GET
// /api/v2/authorization/subjects/{subjectId}.
var subjectParams = []param{boolParam("includeDuplicates")}
