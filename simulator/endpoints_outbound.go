package simulator

// outboundEndpoints are outbound campaigns and contact lists, and agent
// scripts. Query parameters are those of the JavaScript SDK's OutboundApi
// and ScriptsApi, whose outbound pageSize reads "The max that will be
// returned is 100".
var outboundEndpoints = []*endpoint{
	{
		typ: typeContactList, path: "/api/v2/outbound/contactlists", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(boolParam("includeImportStatus"), boolParam("includeSize"),
			boolParam("allowEmptyResult"), stringParam("filterType"),
			stringParam("name"), arrayParam("id"), arrayParam("divisionId"), stringParam("sortBy"),
			stringParam("sortOrder")),
		getParams: []param{boolParam("includeImportStatus"), boolParam("includeSize")},
		filter:    allFilters(idFilter("id"), divisionFilter),
	},
	{
		typ: typeCampaign, path: "/api/v2/outbound/campaigns", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("filterType"),
			stringParam("name"), arrayParam("id"), stringParam("contactListId"),
			stringParam("dncListIds"), stringParam("distributionQueueId"), stringParam("edgeGroupId"),
			stringParam("callAnalysisResponseSetId"), arrayParam("divisionId"), stringParam("sortBy"),
			stringParam("sortOrder")),
		filter: allFilters(idFilter("id"), divisionFilter),
	},
	{
		typ: typeScript, path: "/api/v2/scripts", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("expand"), stringParam("name"), stringParam("feature"),
			stringParam("flowId"), stringParam("sortBy"), stringParam("sortOrder"),
			stringParam("scriptDataVersion"), stringParam("divisionIds")),
		getParams: []param{stringParam("scriptDataVersion")},
	},
}
