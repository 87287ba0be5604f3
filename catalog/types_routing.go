package catalog

// routingTypes are the routing objects besides skills, languages, wrap-up
// codes and queues: inbound email domains and their routes, skill groups,
// utilization labels, and the members and wrap-up codes listed under a
// queue.
//
// NOTE: email domains, routes, skill groups and utilization labels document
// no maximum page size, so they are paged with the API's common 100.
var routingTypes = []Type{
	{
		// An inbound domain's id is its domain name, such as
		// "support.example.mypurecloud.com".
		Name:     "routing_email_domain",
		ListPath: "/api/v2/routing/email/domains",
		GetPath:  "/api/v2/routing/email/domains/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
	},
	{
		Name:     "routing_email_route",
		Parent:   "routing_email_domain",
		ListPath: "/api/v2/routing/email/domains/{parentId}/routes",
		GetPath:  "/api/v2/routing/email/domains/{parentId}/routes/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			{Path: "queue.id", To: "routing_queue"},
			{Path: "skills[].id", To: "routing_skill"},
			{Path: "language.id", To: "routing_language"},
			{Path: "flow.id", To: "flow"},
			{Path: "spamFlow.id", To: "flow"},
			{Path: "replyEmailAddress.domain.id", To: "routing_email_domain"},
			{Path: "replyEmailAddress.route.id", To: "routing_email_route"},
		},
		Note: "Listed once per email domain: one request per page of each domain's routes.",
	},
	{
		Name:     "routing_skill_group",
		ListPath: "/api/v2/routing/skillgroups",
		GetPath:  "/api/v2/routing/skillgroups/{id}",
		Paging:   PagingAfter, PageSize: 100,
		// The list returns SkillGroupDefinition, without the skill
		// conditions that define the group, so each group is read by id.
		GetEach: true,
		Refs:    []Ref{divisionRef},
		Note: "Each skill group is read by id, because the list leaves out its skill conditions. " +
			"Its member divisions are not part of the object: they are read " +
			"from /api/v2/routing/skillgroups/{id}/members/divisions, one call per group.",
	},
	{
		Name:     "routing_utilization_label",
		ListPath: "/api/v2/routing/utilization/labels",
		GetPath:  "/api/v2/routing/utilization/labels/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
	},
	{
		Name:     "routing_queue_member",
		Parent:   "routing_queue",
		ListPath: "/api/v2/routing/queues/{parentId}/members",
		// NOTE: a queue membership has no get-by-id endpoint. A member's
		// id is its user's id, so GetPath reads the user.
		GetPath: "/api/v2/users/{id}",
		Paging:  PagingPageNumber, PageSize: 100,
		// Members that a queue gets through its member groups are restored
		// with the queue's memberGroups, so only direct members are listed.
		ListQuery: map[string][]string{"memberBy": {"user"}},
		Refs:      []Ref{{Path: "id", To: "user"}},
		Note: "Listed once per queue: one request per page of each queue's members. " +
			"The listing has no total or pageCount, so pages follow nextUri one after another.",
	},
	{
		Name:     "routing_queue_wrapupcode",
		Parent:   "routing_queue",
		ListPath: "/api/v2/routing/queues/{parentId}/wrapupcodes",
		// NOTE: a queue's wrap-up code assignment has no get-by-id
		// endpoint, so GetPath reads the wrap-up code itself.
		GetPath: "/api/v2/routing/wrapupcodes/{id}",
		Paging:  PagingPageNumber, PageSize: 100,
		Refs: []Ref{{Path: "id", To: "routing_wrapupcode"}},
		Note: "Listed once per queue: one request per page of each queue's wrap-up codes.",
	},
}
