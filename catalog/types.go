package catalog

import "slices"

// userExpand lists the user fields that GET /api/v2/users returns only when
// asked; they hold the user's skills, languages, roles and groups.
var userExpand = []string{
	"authorization", "biography", "certifications", "employerInfo",
	"groups", "languages", "locations", "profileSkills", "skills",
}

// divisionRef is the division every divisioned object names.
var divisionRef = Ref{Path: "division.id", To: "auth_division"}

// Page sizes are the largest each endpoint is known to accept: 500 where
// Genesys' own exporter (CX as Code) pages with 500, 200 for the credentials
// listing ("Maximum of 200" in its description), 100 elsewhere ("The max
// that will be returned is 100" in many list descriptions).
var coreTypes = []Type{
	{
		Name:     "auth_division",
		ListPath: "/api/v2/authorization/divisions",
		GetPath:  "/api/v2/authorization/divisions/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
	},
	{
		Name:     "auth_role",
		ListPath: "/api/v2/authorization/roles",
		GetPath:  "/api/v2/authorization/roles/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			{Path: "permissionPolicies[].resourceConditionNode.operands[].queue.id", To: "routing_queue"},
			{Path: "permissionPolicies[].resourceConditionNode.operands[].user.id", To: "user"},
			{Path: "permissionPolicies[].resourceConditionNode.terms[].operands[].queue.id", To: "routing_queue"},
			{Path: "permissionPolicies[].resourceConditionNode.terms[].operands[].user.id", To: "user"},
		},
	},
	{
		Name: "user",
		// The cursor listing, because GET /api/v2/users returns 400 past
		// the 10,000th inactive user. The page size of 500 is the one
		// Genesys' own exporter uses for users.
		// NOTE: no documented maximum page size or result cap for
		// /api/v2/users/query was found.
		ListPath: "/api/v2/users/query",
		GetPath:  "/api/v2/users/{id}",
		Paging:   PagingCursor, PageSize: 500,
		ListQuery: map[string][]string{"expand": userExpand},
		GetQuery:  map[string][]string{"expand": userExpand},
		// The listing returns only active users unless asked, so active and
		// inactive users are listed apart.
		Partitions: []Partition{
			{Name: "active", Query: map[string][]string{"state": {"active"}}},
			{Name: "inactive", Query: map[string][]string{"state": {"inactive"}}},
		},
		Refs: []Ref{
			divisionRef,
			{Path: "manager.id", To: "user"},
			{Path: "skills[].id", To: "routing_skill"},
			{Path: "languages[].id", To: "routing_language"},
			{Path: "authorization.roles[].id", To: "auth_role"},
			{Path: "groups[].id", To: "group"},
			{Path: "locations[].locationDefinition.id", To: "location"},
		},
	},
	{
		Name:     "group",
		ListPath: "/api/v2/groups",
		GetPath:  "/api/v2/groups/{id}",
		Paging:   PagingPageNumber, PageSize: 500,
		Refs: []Ref{{Path: "owners[].id", To: "user"}},
	},
	{
		Name:     "routing_skill",
		ListPath: "/api/v2/routing/skills",
		GetPath:  "/api/v2/routing/skills/{id}",
		Paging:   PagingPageNumber, PageSize: 500,
	},
	{
		Name:     "routing_language",
		ListPath: "/api/v2/routing/languages",
		GetPath:  "/api/v2/routing/languages/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
	},
	{
		Name:     "routing_wrapupcode",
		ListPath: "/api/v2/routing/wrapupcodes",
		GetPath:  "/api/v2/routing/wrapupcodes/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{divisionRef},
	},
	{
		Name:     "routing_queue",
		ListPath: "/api/v2/routing/queues",
		GetPath:  "/api/v2/routing/queues/{id}",
		Paging:   PagingPageNumber, PageSize: 500,
		Refs: []Ref{
			divisionRef,
			{Path: "queueFlow.id", To: "flow"},
			{Path: "emailInQueueFlow.id", To: "flow"},
			{Path: "messageInQueueFlow.id", To: "flow"},
			{Path: "bullseye.rings[].actions.skillsToRemove[].id", To: "routing_skill"},
			{Path: "conditionalGroupRouting.rules[].queue.id", To: "routing_queue"},
			{Path: "directRouting.backupQueueId", To: "routing_queue"},
			{Path: "whisperPrompt.id", To: "architect_user_prompt"},
			{Path: "onHoldPrompt.id", To: "architect_user_prompt"},
			{Path: "defaultScripts.*.id", To: "script"},
			{Path: "outboundEmailAddress.domain.id", To: "routing_email_domain"},
		},
	},
	{
		Name:     "architect_schedules",
		ListPath: "/api/v2/architect/schedules",
		GetPath:  "/api/v2/architect/schedules/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{divisionRef},
	},
	{
		Name:     "architect_schedulegroups",
		ListPath: "/api/v2/architect/schedulegroups",
		GetPath:  "/api/v2/architect/schedulegroups/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			divisionRef,
			{Path: "openSchedules[].id", To: "architect_schedules"},
			{Path: "closedSchedules[].id", To: "architect_schedules"},
			{Path: "holidaySchedules[].id", To: "architect_schedules"},
		},
	},
	{
		Name:     "architect_datatable",
		ListPath: "/api/v2/flows/datatables",
		GetPath:  "/api/v2/flows/datatables/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		ListQuery: map[string][]string{"expand": {"schema"}},
		GetQuery:  map[string][]string{"expand": {"schema"}},
		Refs:      []Ref{divisionRef},
	},
	{
		Name:     "flow",
		ListPath: "/api/v2/flows",
		GetPath:  "/api/v2/flows/{id}",
		Paging:   PagingPageNumber, PageSize: 500,
		Refs: []Ref{divisionRef},
	},
	{
		Name:     "integration_credential",
		ListPath: "/api/v2/integrations/credentials/listing",
		GetPath:  "/api/v2/integrations/credentials/{id}",
		Paging:   PagingAfter, PageSize: 200,
		// The listing returns CredentialInfo, without credentialFields.
		GetEach: true,
		Refs:    []Ref{{Path: "credentialFields.clientId", To: "oauth_client"}},
	},
	{
		Name:     "integration",
		ListPath: "/api/v2/integrations",
		GetPath:  "/api/v2/integrations/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// The list leaves out config.current, which names the credentials.
		GetEach:  true,
		GetQuery: map[string][]string{"expand": {"config.current"}},
		Refs:     []Ref{{Path: "config.current.credentials.*.id", To: "integration_credential"}},
	},
	{
		Name:     "integration_action",
		ListPath: "/api/v2/integrations/actions",
		GetPath:  "/api/v2/integrations/actions/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		ListQuery: map[string][]string{"includeConfig": {"true"}},
		// The list takes no expand and leaves out the contract, the
		// action's input and output schemas, which only a read by id with
		// expand=contract returns: one extra call per action.
		GetEach:  true,
		GetQuery: map[string][]string{"expand": {"contract"}, "includeConfig": {"true"}, "flatten": {"false"}},
		Refs:     append([]Ref{{Path: "integrationId", To: "integration"}}, contractSchemaRefs()...),
	},
	{
		Name:     "oauth_client",
		ListPath: "/api/v2/oauth/clients",
		GetPath:  "/api/v2/oauth/clients/{id}",
		Paging:   PagingNone,
		Refs: []Ref{
			{Path: "roleIds[]", To: "auth_role"},
			{Path: "roleDivisions[].roleId", To: "auth_role"},
			{Path: "roleDivisions[].divisionId", To: "auth_division"},
		},
	},
}

// contractSchemaRefs are the references from a data action's contract to
// the custom schemas its input and output schemas point at with "$ref".
func contractSchemaRefs() []Ref {
	var refs []Ref
	for _, t := range schemaTypes {
		if t.IDField != "" {
			// Core types are named by fragments ("#/definitions/text").
			continue
		}
		refs = append(refs, Ref{Path: "contract", To: t.Name, SchemaURI: t.ListPath + "/"})
	}
	return refs
}

// declarations returns every declared type; each group lives in its own
// file.
func declarations() []Type {
	return slices.Concat(coreTypes, architectTypes, routingTypes, peopleTypes, externalContactTypes,
		outboundTypes, telephonyTypes, schemaTypes)
}

// Default returns the catalogue of every type gcexport exports.
func Default() *Catalog {
	c, err := New(declarations())
	if err != nil {
		// The declarations are constants of this package; a test builds them.
		panic(err)
	}
	return c
}
