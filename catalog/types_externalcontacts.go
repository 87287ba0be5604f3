package catalog

// externalContactTypes are the external contacts and organizations. Both are
// listed through the scan endpoints, because the page-number contact list
// stops at pageNumber x pageSize = 1,000 results.
var externalContactTypes = []Type{
	{
		Name:     "externalcontacts_organization",
		ListPath: "/api/v2/externalcontacts/scan/organizations",
		GetPath:  "/api/v2/externalcontacts/organizations/{id}",
		// limit must be between 10 and 200.
		Paging: PagingScan, PageSize: 200,
		Refs: []Ref{
			divisionRef,
			{Path: "schema.id", To: "externalcontacts_organization_schema"},
		},
	},
	{
		Name:     "externalcontacts_contact",
		ListPath: "/api/v2/externalcontacts/scan/contacts",
		GetPath:  "/api/v2/externalcontacts/contacts/{id}",
		Paging:   PagingScan, PageSize: 200,
		Refs: []Ref{
			divisionRef,
			{Path: "externalOrganization.id", To: "externalcontacts_organization"},
			{Path: "schema.id", To: "externalcontacts_contact_schema"},
		},
	},
}
