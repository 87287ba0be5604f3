package simulator

// schemaEndpoints are the custom field schemas and the data extension core
// types. None of their lists or gets takes a query parameter.
var schemaEndpoints = []*endpoint{
	{typ: typeContactSchema, path: "/api/v2/externalcontacts/contacts/schemas", paging: pageTotal},
	{typ: typeOrgSchema, path: "/api/v2/externalcontacts/organizations/schemas", paging: pageTotal},
	{typ: typeUserSchema, path: "/api/v2/users/customattributes/schemas", paging: pageTotal},
	{typ: typeWorkitemSchema, path: "/api/v2/taskmanagement/workitems/schemas", paging: pageTotal},
	{typ: typeAttributesSchema, path: "/api/v2/conversations/customattributes/schemas", paging: pageTotal},
	{typ: typeRulesSchema, path: "/api/v2/businessrules/schemas", paging: pageEntities},
	// A core type is read by its name: GET .../coretypes/{coretypeName}.
	{typ: typeCoreType, path: "/api/v2/dataextensions/coretypes", paging: pageTotal, idField: "name"},
}
