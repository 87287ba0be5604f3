package catalog

// outboundTypes are the outbound dialing campaigns and contact lists, and
// the agent scripts that campaigns and queues show to agents. Their lists
// document "The max that will be returned is 100" for outbound, and scripts
// are paged with the same 100.
//
// A campaign also names DNC lists, call analysis response sets, rule sets,
// callable time sets and contact list filters. The catalogue does not
// export those types yet, so those references are not declared.
var outboundTypes = []Type{
	{
		Name:     "outbound_contact_list",
		ListPath: "/api/v2/outbound/contactlists",
		GetPath:  "/api/v2/outbound/contactlists/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{divisionRef},
		Note: "The list holds the contact list's columns, not its contacts: the contacts " +
			"are a CSV export (/api/v2/outbound/contactlists/{id}/export) that this catalogue does not request.",
	},
	{
		Name:     "outbound_campaign",
		ListPath: "/api/v2/outbound/campaigns",
		GetPath:  "/api/v2/outbound/campaigns/{id}",
		Paging:   PagingPageNumber, PageSize: 100,
		Refs: []Ref{
			divisionRef,
			{Path: "contactList.id", To: "outbound_contact_list"},
			{Path: "queue.id", To: "routing_queue"},
			{Path: "edgeGroup.id", To: "telephony_providers_edges_edge_group"},
			{Path: "site.id", To: "telephony_providers_edges_site"},
			{Path: "script.id", To: "script"},
		},
	},
	{
		Name:     "script",
		ListPath: "/api/v2/scripts",
		GetPath:  "/api/v2/scripts/{id}",
		// NOTE: the scripts list documents no maximum page size; 100 is the
		// API's common maximum.
		Paging: PagingPageNumber, PageSize: 100,
		Refs: []Ref{divisionRef},
		Note: "The list holds each script's metadata; the script's pages are an export " +
			"(POST /api/v2/scripts/{id}/export) that this catalogue does not request.",
	},
}
