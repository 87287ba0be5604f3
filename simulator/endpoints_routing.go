package simulator

import "net/url"

// routingEndpoints are inbound email domains and their routes, skill
// groups, utilization labels, and the members and wrap-up codes listed
// under a queue. Query parameters are those of the API reference, the
// Swagger of 2026-05, and for the others those of the JavaScript SDK's
// RoutingApi.
var routingEndpoints = []*endpoint{
	{
		typ: typeEmailDomain, path: "/api/v2/routing/email/domains", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(boolParam("excludeStatus"), stringParam("filter"), stringParam("expand")),
	},
	{
		typ: typeEmailRoute, parent: typeEmailDomain,
		path:        "/api/v2/routing/email/domains/{parentId}/routes",
		maxPageSize: maxPageSizeSmall,
		listParams:  withPaging(stringParam("pattern"), arrayParam("expand")),
	},
	{
		typ: typeSkillGroup, path: "/api/v2/routing/skillgroups",
		paging: pageCursor, maxPageSize: maxPageSizeSmall,
		listParams: []param{intParam("pageSize"), stringParam("name"), stringParam("after"), stringParam("before")},
		// List entries are SkillGroupDefinition, without the conditions and
		// status that the get-by-id SkillGroup has (Java SDK 212.0.0 and .NET
		// SDK 215.1.0 model docs).
		listView: func(obj map[string]any, _ url.Values) map[string]any {
			return without(obj, "skillConditions", "status")
		},
	},
	{
		typ: typeUtilizationLabel, path: "/api/v2/routing/utilization/labels", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortOrder"), stringParam("name")),
	},
	{
		// The API reference describes pageSize as "Max value is 100".
		typ: typeQueueMember, parent: typeQueue, noGet: true,
		path:   "/api/v2/routing/queues/{parentId}/members",
		paging: pageNumberedOpen, maxPageSize: maxPageSizeSmall,
		listParams: withPaging(enumParam("sortOrder", "asc", "desc"), arrayParam("expand"),
			stringParam("name"), arrayParam("profileSkills"), arrayParam("skills"),
			arrayParam("languages"), arrayParam("routingStatus"), arrayParam("presence"),
			enumParam("memberBy", "user", "group"), boolParam("joined")),
		filter: memberByFilter,
	},
	{
		typ: typeQueueWrapupCode, parent: typeQueue, noGet: true,
		path:        "/api/v2/routing/queues/{parentId}/wrapupcodes",
		maxPageSize: maxPageSizeSmall,
		listParams:  withPaging(stringParam("name")),
	},
}
