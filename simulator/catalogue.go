package simulator

import (
	"net/url"
	"slices"
)

// Catalogue type names, as fixture resources keys: the Terraform resource
// type without its "genesyscloud_" prefix, or a name in the same style for
// types that have no Terraform resource.
const (
	typeDivision      = "auth_division"
	typeRole          = "auth_role"
	typeUser          = "user"
	typeGroup         = "group"
	typeSkill         = "routing_skill"
	typeLanguage      = "routing_language"
	typeWrapupCode    = "routing_wrapupcode"
	typeQueue         = "routing_queue"
	typeSchedule      = "architect_schedules"
	typeScheduleGroup = "architect_schedulegroups"
	typeDataTable     = "architect_datatable"
	typeFlow          = "flow"
	typeCredential    = "integration_credential"
	typeIntegration   = "integration"
	typeAction        = "integration_action"
	typeOAuthClient   = "oauth_client"

	typeEmergencyGroup = "architect_emergencygroup"
	typeIVR            = "architect_ivr"
	typePrompt         = "architect_user_prompt"
	typeDataTableRow   = "architect_datatable_row"
	typeFlowVersion    = "flow_version"

	typeEmailDomain      = "routing_email_domain"
	typeEmailRoute       = "routing_email_route"
	typeSkillGroup       = "routing_skill_group"
	typeUtilizationLabel = "routing_utilization_label"
	typeQueueMember      = "routing_queue_member"
	typeQueueWrapupCode  = "routing_queue_wrapupcode"

	typeGroupMember       = "group_member"
	typeGroupRoles        = "group_roles"
	typeUserRoles         = "user_roles"
	typeRoleSubjectGrants = "role_subject_grants"
	typeTeam              = "team"
	typeTeamMember        = "team_member"

	typeExternalOrganization = "externalcontacts_organization"
	typeExternalContact      = "externalcontacts_contact"

	typeContactList = "outbound_contact_list"
	typeCampaign    = "outbound_campaign"
	typeScript      = "script"

	typeLocation         = "location"
	typeSite             = "telephony_providers_edges_site"
	typePhone            = "telephony_providers_edges_phone"
	typePhoneBase        = "telephony_providers_edges_phonebasesettings"
	typeTrunkBase        = "telephony_providers_edges_trunkbasesettings"
	typeTrunk            = "telephony_providers_edges_trunk"
	typeEdgeGroup        = "telephony_providers_edges_edge_group"
	typeExtensionPool    = "telephony_providers_edges_extension_pool"
	typeDIDPool          = "telephony_providers_edges_did_pool"
	typeContactSchema    = "externalcontacts_contact_schema"
	typeOrgSchema        = "externalcontacts_organization_schema"
	typeUserSchema       = "user_customattributes_schema"
	typeWorkitemSchema   = "task_management_workitem_schema"
	typeAttributesSchema = "conversations_customattributes_schema"
	typeRulesSchema      = "business_rules_schema"
	typeCoreType         = "dataextensions_coretype"
)

// Paths served besides the catalogue's list and get-by-id pairs.
const (
	homeDivisionPath   = "/api/v2/authorization/divisions/home"
	organizationMePath = "/api/v2/organizations/me"
)

type pagingStyle int

const (
	// pageNumbered lists take pageNumber and pageSize and respond with the
	// standard entity listing envelope.
	pageNumbered pagingStyle = iota
	// pageNumberedOpen lists take pageNumber and pageSize like pageNumbered
	// lists, but their envelope has no total, pageCount or lastUri, as
	// QueueMemberEntityListing has none.
	pageNumberedOpen
	// pageCursor lists take after, before and pageSize.
	pageCursor
	// pageScan lists take limit and cursor and return the next cursor in
	// cursors.after.
	pageScan
	// pageNone lists take no paging parameters but respond with the
	// standard envelope.
	pageNone
	// pageTotal lists take no paging parameters and respond with
	// {total, entities, selfUri}, as the schema listings do.
	pageTotal
	// pageEntities lists take no paging parameters and respond with
	// {entities, selfUri}, as BusinessRulesDataSchemaListing does.
	pageEntities
)

// view shapes a stored object into a response entity. It returns a new
// top-level map and never modifies obj.
type view func(obj map[string]any, query url.Values) map[string]any

// filter reports whether a list request's query selects obj.
type filter func(obj map[string]any, query url.Values) bool

// endpoint is the list and get-by-id pair of one catalogue type.
type endpoint struct {
	typ string
	// path is the list path, with {parentId} for a type listed under a
	// parent; "" for a type that has no list, such as an authorization
	// subject.
	path string
	// getPath is the get-by-id path with {id}, and {parentId} under a
	// parent; "" means path + "/{id}".
	getPath string
	// noGet marks a list whose entries have no get-by-id endpoint, such as
	// a queue's members.
	noGet       bool
	paging      pagingStyle
	maxPageSize int
	listParams  []param
	getParams   []param
	listView    view   // nil: the stored object as is
	getView     view   // nil: the stored object as is
	filter      filter // nil: every object
	// parent is the type whose objects this type is listed under. In a
	// fixture each such object names its parent in the field _parentId.
	parent string
	// perParent marks a type with one object per parent object, whose id is
	// the parent's id: an authorization subject is its user or group.
	perParent bool
	// idField is the field that identifies an object; "" means "id". Under
	// a parent it is unique only within the parent.
	idField string
	// derived marks a type that a fixture cannot hold, because the server
	// builds its objects from other types, as it does a role's subject
	// grants from the users' and groups' authorization subjects.
	derived bool
}

// Max page sizes: 500 for users, groups, skills, queues and flows, which
// large exports page with 500, and 200 for the credentials listing, whose
// pageSize the API reference describes as "Maximum of 200". The rest get
// 100, the reference's common "The max that will be returned is 100". The
// scan endpoints take a limit of 10 to 200.
// NOTE: most lists document no maximum, so 500 and 100 are a model, and
// the real API may cap silently instead of returning 400.
const (
	maxPageSizeLarge  = 500
	maxPageSizeCursor = 200
	maxPageSizeSmall  = 100
	minScanLimit      = 10
	maxScanLimit      = 200
)

// pagingParams are the pageSize and pageNumber parameters of page-numbered
// lists.
var pagingParams = []param{intParam("pageSize"), intParam("pageNumber")}

// userGetParams are the query parameters of GET /api/v2/users/{userId}.
var userGetParams = []param{
	arrayParam("expand"), stringParam("integrationPresenceSource"),
	arrayParam("userCustomAttributeSchemaIds"),
	enumParam("state", "active", "deleted"),
}

// endpoints lists every type the simulator serves.
var endpoints = slices.Concat(coreEndpoints, architectEndpoints, routingEndpoints, peopleEndpoints,
	externalContactEndpoints, outboundEndpoints, telephonyEndpoints, schemaEndpoints)

// coreEndpoints are the first types of the catalogue. Query parameters are
// those of the API reference, the Swagger of 2026-05, and for roles those
// of the JavaScript SDK's AuthorizationApi documentation.
var coreEndpoints = []*endpoint{
	{
		typ: typeDivision, path: "/api/v2/authorization/divisions", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), arrayParam("expand"), stringParam("nextPage"),
			stringParam("previousPage"), boolParam("objectCount"), arrayParam("id"), stringParam("name")),
		getParams: []param{boolParam("objectCount")},
		listView:  divisionView, getView: divisionView, filter: idFilter("id"),
	},
	{
		typ: typeRole, path: "/api/v2/authorization/roles", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), arrayParam("expand"), stringParam("nextPage"),
			stringParam("previousPage"), stringParam("name"), arrayParam("permission"),
			arrayParam("defaultRoleId"), boolParam("userCount"), arrayParam("id")),
		getParams: []param{boolParam("userCount"), arrayParam("expand")},
		listView:  roleView, getView: roleView, filter: idFilter("id"),
	},
	{
		typ: typeUser, path: "/api/v2/users", maxPageSize: maxPageSizeLarge,
		listParams: withPaging(arrayParam("id"), arrayParam("jabberId"), stringParam("sortOrder"),
			arrayParam("expand"), stringParam("integrationPresenceSource"),
			arrayParam("userCustomAttributeSchemaIds"),
			enumParam("state", "active", "inactive", "deleted", "any")),
		getParams: userGetParams,
		listView:  userView, getView: userView, filter: userFilter,
	},
	{
		typ: typeGroup, path: "/api/v2/groups", maxPageSize: maxPageSizeLarge,
		listParams: withPaging(arrayParam("id"), arrayParam("jabberId"), stringParam("sortOrder")),
		filter:     idFilter("id"),
	},
	{
		typ: typeSkill, path: "/api/v2/routing/skills", maxPageSize: maxPageSizeLarge,
		listParams: withPaging(stringParam("name"), arrayParam("id")),
		filter:     idFilter("id"),
	},
	{
		typ: typeLanguage, path: "/api/v2/routing/languages", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortOrder"), stringParam("name"), arrayParam("id")),
		filter:     idFilter("id"),
	},
	{
		typ: typeWrapupCode, path: "/api/v2/routing/wrapupcodes", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name"),
			arrayParam("id"), arrayParam("divisionId")),
		filter: allFilters(idFilter("id"), divisionFilter),
	},
	{
		typ: typeQueue, path: "/api/v2/routing/queues", maxPageSize: maxPageSizeLarge,
		listParams: withPaging(stringParam("sortOrder"), stringParam("name"), arrayParam("id"),
			arrayParam("divisionId"), arrayParam("peerId"), stringParam("cannedResponseLibraryId"),
			boolParam("hasPeer"), arrayParam("expand")),
		getParams: []param{arrayParam("expand")},
		filter:    allFilters(idFilter("id"), divisionFilter),
	},
	{
		typ: typeSchedule, path: "/api/v2/architect/schedules", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name"),
			arrayParam("divisionId")),
		filter: divisionFilter,
	},
	{
		typ: typeScheduleGroup, path: "/api/v2/architect/schedulegroups", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name"),
			stringParam("scheduleIds"), arrayParam("divisionId")),
		filter: divisionFilter,
	},
	{
		typ: typeDataTable, path: "/api/v2/flows/datatables", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("expand"), stringParam("sortBy"), stringParam("sortOrder"),
			arrayParam("divisionId"), stringParam("name")),
		getParams: []param{stringParam("expand")},
		listView:  dataTableView, getView: dataTableView, filter: divisionFilter,
	},
	{
		typ: typeFlow, path: "/api/v2/flows", maxPageSize: maxPageSizeLarge,
		listParams: withPaging(arrayParam("type"), stringParam("sortBy"), stringParam("sortOrder"),
			arrayParam("id"), stringParam("name"), stringParam("description"),
			stringParam("nameOrDescription"), stringParam("publishVersionId"),
			stringParam("editableBy"), stringParam("lockedBy"), stringParam("lockedByClientId"),
			stringParam("secure"), boolParam("deleted"), boolParam("includeSchemas"),
			boolParam("virtualAgentEnabled"), stringParam("publishedAfter"),
			stringParam("publishedBefore"), arrayParam("divisionId")),
		getParams: []param{boolParam("deleted")},
		filter:    allFilters(idFilter("id"), divisionFilter, flowFilter),
	},
	{
		typ: typeCredential, path: "/api/v2/integrations/credentials/listing",
		getPath: "/api/v2/integrations/credentials/{id}",
		paging:  pageCursor, maxPageSize: maxPageSizeCursor,
		listParams: []param{stringParam("before"), stringParam("after"), intParam("pageSize")},
		listView:   credentialInfoView, getView: credentialView,
	},
	{
		typ: typeIntegration, path: "/api/v2/integrations", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), arrayParam("expand"), stringParam("nextPage"),
			stringParam("previousPage"), arrayParam("ids"), stringParam("integrationType"),
			stringParam("reportedState")),
		getParams: withPaging(stringParam("sortBy"), arrayParam("expand"), stringParam("nextPage"),
			stringParam("previousPage")),
		listView: integrationListView, getView: integrationGetView,
		filter: allFilters(idFilter("ids"), integrationTypeFilter),
	},
	{
		typ: typeAction, path: "/api/v2/integrations/actions", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("nextPage"), stringParam("previousPage"),
			stringParam("sortBy"), stringParam("sortOrder"), stringParam("category"),
			stringParam("name"), stringParam("ids"), stringParam("secure"),
			stringParam("includeAuthActions"), boolParam("includeConfig")),
		getParams: []param{stringParam("expand"), boolParam("flatten"), boolParam("includeConfig")},
		listView:  actionListView, getView: actionGetView, filter: idFilter("ids"),
	},
	{
		typ: typeOAuthClient, path: "/api/v2/oauth/clients", paging: pageNone,
		listView: oauthClientView, getView: oauthClientView,
	},
}

var endpointsByType = func() map[string]*endpoint {
	m := make(map[string]*endpoint, len(endpoints))
	for _, e := range endpoints {
		m[e.typ] = e
	}
	return m
}()

func endpointFor(typ string) *endpoint { return endpointsByType[typ] }

func typeNames() []string {
	names := make([]string, 0, len(endpoints))
	for _, e := range endpoints {
		names = append(names, e.typ)
	}
	slices.Sort(names)
	return names
}

func withPaging(params ...param) []param {
	return append(slices.Clone(pagingParams), params...)
}
