package simulator

// architectEndpoints are IVRs, emergency groups, user prompts, and the rows
// and versions listed under a data table or a flow. Query parameters are
// those of the API reference, the Swagger of 2026-05, and for prompts and
// flow versions those of the JavaScript SDK's ArchitectApi.
var architectEndpoints = []*endpoint{
	{
		typ: typeEmergencyGroup, path: "/api/v2/architect/emergencygroups", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name")),
	},
	{
		typ: typeIVR, path: "/api/v2/architect/ivrs", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name"),
			stringParam("dnis"), stringParam("scheduleGroup"), arrayParam("expand")),
	},
	{
		typ: typePrompt, path: "/api/v2/architect/prompts", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(arrayParam("name"), stringParam("description"),
			stringParam("nameOrDescription"), stringParam("sortBy"), stringParam("sortOrder"),
			boolParam("includeMediaUris"), boolParam("includeResources"), arrayParam("language")),
		getParams: []param{boolParam("includeMediaUris"), boolParam("includeResources"), arrayParam("language")},
		listView:  promptView, getView: promptView,
	},
	{
		typ: typeDataTableRow, parent: typeDataTable, idField: "key",
		path:        "/api/v2/flows/datatables/{parentId}/rows",
		getPath:     "/api/v2/flows/datatables/{parentId}/rows/{id}",
		maxPageSize: maxPageSizeSmall,
		listParams: withPaging(boolParam("showbrief"),
			enumParam("sortOrder", "ascending", "descending")),
		getParams: []param{boolParam("showbrief")},
		listView:  dataTableRowView, getView: dataTableRowView,
	},
	{
		typ: typeFlowVersion, parent: typeFlow,
		path:        "/api/v2/flows/{parentId}/versions",
		getPath:     "/api/v2/flows/{parentId}/versions/{id}",
		maxPageSize: maxPageSizeSmall,
		listParams:  withPaging(boolParam("deleted")),
		getParams:   []param{boolParam("deleted")},
	},
}
