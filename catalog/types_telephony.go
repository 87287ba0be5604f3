package catalog

// telephonyTypes are the locations and the Edge telephony configuration:
// sites, phones, their base settings, trunks, edge groups and number pools.
// Genesys' own exporter pages sites and phones with 100; the other lists
// document no maximum and are paged with the API's common 100 too.
var telephonyTypes = []Type{
	{
		Name:     "location",
		ListPath: "/api/v2/locations",
		GetPath:  "/api/v2/locations/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// path lists the ids of the location's ancestors, outermost first.
		Refs: []Ref{{Path: "path[]", To: "location"}},
	},
	{
		Name:     "telephony_providers_edges_site",
		ListPath: "/api/v2/telephony/providers/edges/sites",
		GetPath:  "/api/v2/telephony/providers/edges/sites/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// Managed sites (Genesys Cloud Voice) and the org's own sites are
		// listed apart, as Genesys' own exporter lists them.
		Partitions: []Partition{
			{Name: "managed", Query: map[string][]string{"managed": {"true"}}},
			{Name: "unmanaged", Query: map[string][]string{"managed": {"false"}}},
		},
		Refs: []Ref{
			{Path: "location.id", To: "location"},
			{Path: "primarySites[].id", To: "telephony_providers_edges_site"},
			{Path: "secondarySites[].id", To: "telephony_providers_edges_site"},
		},
	},
	{
		Name:     "telephony_providers_edges_phone",
		ListPath: "/api/v2/telephony/providers/edges/phones",
		GetPath:  "/api/v2/telephony/providers/edges/phones/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// The list returns at most 10,000 phones when it is filtered or
		// sorted by a field other than the id, so it is sorted by id only.
		// Genesys' own exporter lists phones with these two expands.
		ListQuery: map[string][]string{
			"sortBy": {"id"},
			"expand": {"lines", "properties"},
		},
		Refs: []Ref{
			{Path: "site.id", To: "telephony_providers_edges_site"},
			{Path: "phoneBaseSettings.id", To: "telephony_providers_edges_phonebasesettings"},
			{Path: "webRtcUser.id", To: "user"},
		},
	},
	{
		Name:     "telephony_providers_edges_phonebasesettings",
		ListPath: "/api/v2/telephony/providers/edges/phonebasesettings",
		GetPath:  "/api/v2/telephony/providers/edges/phonebasesettings/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		// The list's expand values; without them a restore would miss the
		// settings' properties and line appearances.
		ListQuery: map[string][]string{"expand": {"properties", "lines"}},
	},
	{
		Name:     "telephony_providers_edges_trunkbasesettings",
		ListPath: "/api/v2/telephony/providers/edges/trunkbasesettings",
		GetPath:  "/api/v2/telephony/providers/edges/trunkbasesettings/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		ListQuery: map[string][]string{"expand": {"properties"}},
		Refs: []Ref{
			{Path: "site.id", To: "telephony_providers_edges_site"},
			{Path: "inboundSite.id", To: "telephony_providers_edges_site"},
		},
	},
	{
		Name:     "telephony_providers_edges_trunk",
		ListPath: "/api/v2/telephony/providers/edges/trunks",
		GetPath:  "/api/v2/telephony/providers/edges/trunks/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			{Path: "trunkBase.id", To: "telephony_providers_edges_trunkbasesettings"},
			{Path: "edgeGroup.id", To: "telephony_providers_edges_edge_group"},
		},
	},
	{
		Name:     "telephony_providers_edges_edge_group",
		ListPath: "/api/v2/telephony/providers/edges/edgegroups",
		GetPath:  "/api/v2/telephony/providers/edges/edgegroups/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			{Path: "phoneTrunkBases[].id", To: "telephony_providers_edges_trunkbasesettings"},
			{Path: "edgeTrunkBaseAssignment.trunkBase.id", To: "telephony_providers_edges_trunkbasesettings"},
		},
	},
	{
		Name:     "telephony_providers_edges_extension_pool",
		ListPath: "/api/v2/telephony/providers/edges/extensionpools",
		GetPath:  "/api/v2/telephony/providers/edges/extensionpools/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{divisionRef},
	},
	{
		Name:     "telephony_providers_edges_did_pool",
		ListPath: "/api/v2/telephony/providers/edges/didpools",
		GetPath:  "/api/v2/telephony/providers/edges/didpools/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
	},
}
