package catalog

// schemaTypes are the custom object definitions: the JSON schemas that add
// custom fields to external contacts, external organizations, users, work
// items, conversations and business rules, and the data extension core
// types that every such schema is built from. Each list returns all its
// entities in one {total, entities, selfUri} envelope and takes no paging
// parameters.
//
// Objects that carry custom fields name their schema (an external contact's
// schema.id), and a data action's contract can point its input or output
// schema at one with a JSON Schema "$ref" to the schema's URI
// (contractSchemaRefs), so schemas land in an earlier layer than those
// objects. NOTE: the API reference shows contracts with inline schemas
// only; a "$ref" to a custom schema's URI is JSON Schema's own way of
// pointing at another document, and the exporter follows it wherever it
// appears in the contract.
var schemaTypes = []Type{
	{
		Name:     "externalcontacts_contact_schema",
		ListPath: "/api/v2/externalcontacts/contacts/schemas",
		GetPath:  "/api/v2/externalcontacts/contacts/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		Name:     "externalcontacts_organization_schema",
		ListPath: "/api/v2/externalcontacts/organizations/schemas",
		GetPath:  "/api/v2/externalcontacts/organizations/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		Name:     "user_customattributes_schema",
		ListPath: "/api/v2/users/customattributes/schemas",
		GetPath:  "/api/v2/users/customattributes/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		Name:     "task_management_workitem_schema",
		ListPath: "/api/v2/taskmanagement/workitems/schemas",
		GetPath:  "/api/v2/taskmanagement/workitems/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		Name:     "conversations_customattributes_schema",
		ListPath: "/api/v2/conversations/customattributes/schemas",
		GetPath:  "/api/v2/conversations/customattributes/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		// The list has no total: BusinessRulesDataSchemaListing is
		// {entities, selfUri, nextUri, previousUri}.
		Name:     "business_rules_schema",
		ListPath: "/api/v2/businessrules/schemas",
		GetPath:  "/api/v2/businessrules/schemas/{id}",
		Paging:   PagingNone,
	},
	{
		// A core type is read by its name, such as "text" or "enum".
		Name:     "dataextensions_coretype",
		ListPath: "/api/v2/dataextensions/coretypes",
		GetPath:  "/api/v2/dataextensions/coretypes/{id}",
		Paging:   PagingNone,
		IDField:  "name",
	},
}
