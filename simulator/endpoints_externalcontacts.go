package simulator

// externalContactEndpoints are the scan listings of external contacts and
// organizations and their get-by-id. Query parameters are those of the API
// reference, the Swagger of 2026-05, and for organizations those of the
// JavaScript SDK's ExternalContactsApi.
var externalContactEndpoints = []*endpoint{
	{
		typ: typeExternalOrganization, path: "/api/v2/externalcontacts/scan/organizations",
		getPath: "/api/v2/externalcontacts/organizations/{id}",
		paging:  pageScan, maxPageSize: maxScanLimit,
		listParams: scanParams,
		getParams:  []param{arrayParam("expand"), boolParam("includeTrustors")},
		filter:     scanDivisionFilter,
	},
	{
		typ: typeExternalContact, path: "/api/v2/externalcontacts/scan/contacts",
		getPath: "/api/v2/externalcontacts/contacts/{id}",
		paging:  pageScan, maxPageSize: maxScanLimit,
		listParams: scanParams,
		getParams:  []param{arrayParam("expand")},
		filter:     scanDivisionFilter,
	},
}

// scanParams are the query parameters of the scan endpoints.
var scanParams = []param{intParam("limit"), stringParam("cursor"), stringParam("divisionId")}
