package catalog

// architectTypes are the Architect objects besides schedules, schedule
// groups, data tables and flows: IVRs, emergency groups, user prompts, and
// the rows and versions listed under a data table or a flow.
//
// NOTE: these lists document no maximum page size. Genesys' own exporter
// (CX as Code) pages IVRs, emergency groups and data table rows with 100,
// and prompts and flow versions are assumed to allow the same.
var architectTypes = []Type{
	{
		Name:     "architect_emergencygroup",
		ListPath: "/api/v2/architect/emergencygroups",
		GetPath:  "/api/v2/architect/emergencygroups/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			divisionRef,
			{Path: "emergencyCallFlows[].emergencyFlow.id", To: "flow"},
			{Path: "emergencyCallFlows[].ivrs[].id", To: "architect_ivr"},
		},
	},
	{
		Name:     "architect_ivr",
		ListPath: "/api/v2/architect/ivrs",
		GetPath:  "/api/v2/architect/ivrs/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			divisionRef,
			{Path: "openHoursFlow.id", To: "flow"},
			{Path: "closedHoursFlow.id", To: "flow"},
			{Path: "holidayHoursFlow.id", To: "flow"},
			{Path: "scheduleGroup.id", To: "architect_schedulegroups"},
		},
	},
	{
		Name:     "architect_user_prompt",
		ListPath: "/api/v2/architect/prompts",
		GetPath:  "/api/v2/architect/prompts/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Note: "The list returns each prompt's resources (one per language) with their mediaUri; " +
			"the audio files behind those URIs are separate downloads.",
	},
	{
		Name:     "architect_datatable_row",
		Parent:   "architect_datatable",
		ListPath: "/api/v2/flows/datatables/{parentId}/rows",
		GetPath:  "/api/v2/flows/datatables/{parentId}/rows/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// showbrief defaults to true, which returns only each row's key.
		ListQuery: map[string][]string{"showbrief": {"false"}},
		GetQuery:  map[string][]string{"showbrief": {"false"}},
		// A row has no id: its key column identifies it within its table.
		IDField: "key",
		Note:    "Listed once per data table: one request per page of each table's rows.",
	},
	{
		Name:     "flow_version",
		Parent:   "flow",
		ListPath: "/api/v2/flows/{parentId}/versions",
		GetPath:  "/api/v2/flows/{parentId}/versions/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Note: "Listed once per flow: one request per page of each flow's versions. " +
			"A version's flow definition is a separate document at its configurationUri.",
	},
}
