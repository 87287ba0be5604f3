package simulator

// telephonyEndpoints are locations and the Edge telephony configuration.
// Query parameters are those of the JavaScript SDK's LocationsApi and
// TelephonyProvidersEdgeApi, with the names it sends on the wire: the
// Swagger names a phone's site filter siteId, but the request carries
// site.id.
var telephonyEndpoints = []*endpoint{
	{
		typ: typeLocation, path: "/api/v2/locations", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(arrayParam("id"), stringParam("sortOrder")),
		getParams:  []param{arrayParam("expand")},
		filter:     idFilter("id"),
	},
	{
		typ: typeSite, path: "/api/v2/telephony/providers/edges/sites", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("name"),
			stringParam("location.id"), boolParam("managed"), arrayParam("expand")),
		filter: managedFilter,
	},
	{
		typ: typePhone, path: "/api/v2/telephony/providers/edges/phones", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(
			enumParam("sortBy", "id", "name", "status.operationalStatus", "secondaryStatus.operationalStatus"),
			stringParam("sortOrder"), stringParam("site.id"), stringParam("webRtcUser.id"),
			stringParam("phoneBaseSettings.id"), stringParam("lines.loggedInUser.id"),
			stringParam("lines.defaultForUser.id"), stringParam("phone_hardwareId"),
			stringParam("lines.id"), stringParam("lines.name"), stringParam("name"),
			stringParam("status.operationalStatus"), stringParam("secondaryStatus.operationalStatus"),
			arrayParam("expand"), arrayParam("fields")),
		listView: phoneListView,
	},
	{
		typ: typePhoneBase, path: "/api/v2/telephony/providers/edges/phonebasesettings",
		maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), arrayParam("expand"),
			stringParam("name")),
		// NOTE: that the list leaves out properties and full lines without
		// expand, as it does for phones, is inferred from its expand values.
		listView: phoneListView,
	},
	{
		typ: typeTrunkBase, path: "/api/v2/telephony/providers/edges/trunkbasesettings",
		maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), boolParam("recordingEnabled"),
			boolParam("ignoreHidden"), boolParam("managed"), arrayParam("expand"), stringParam("name")),
		getParams: []param{boolParam("ignoreHidden")},
		filter:    managedFilter,
		// NOTE: inferred from the expand values, as for phone base settings.
		listView: phoneListView,
	},
	{
		typ: typeTrunk, path: "/api/v2/telephony/providers/edges/trunks", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), stringParam("sortOrder"), stringParam("edge.id"),
			stringParam("trunkBase.id"), stringParam("trunkType")),
	},
	{
		typ: typeEdgeGroup, path: "/api/v2/telephony/providers/edges/edgegroups", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("name"), stringParam("sortBy"), boolParam("managed")),
		getParams:  []param{arrayParam("expand")},
		filter:     managedFilter,
	},
	{
		typ: typeExtensionPool, path: "/api/v2/telephony/providers/edges/extensionpools",
		maxPageSize: maxPageSizeSmall,
		listParams:  withPaging(stringParam("sortBy"), stringParam("number")),
	},
	{
		typ: typeDIDPool, path: "/api/v2/telephony/providers/edges/didpools", maxPageSize: maxPageSizeSmall,
		listParams: withPaging(stringParam("sortBy"), arrayParam("id")),
		filter:     idFilter("id"),
	},
}
