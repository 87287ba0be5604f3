package terraform

// Attribute names follow the provider's docs/resources/<type>.md pages.
var telephonyMappings = []*Mapping{
	{
		Type: "location",
		Attrs: []Attr{
			nameAttr,
			str("notes", "notes"),
			// path lists the location's ancestors, outermost first.
			refList("path", "path[]", "", "location"),
			block("address", "address",
				required(str("street1", "street1")),
				str("street2", "street2"),
				required(str("city", "city")),
				str("state", "state"),
				required(str("country", "country")),
				required(str("zip_code", "zipcode")),
			),
			// The provider wants the E.164 form, which the API returns
			// beside the formatted number.
			block("emergency_number", "emergencyNumber",
				required(str("number", "e164")),
				str("type", "type"),
			),
		},
	},
	{
		Type: "telephony_providers_edges_site",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			required(ref("location_id", "location.id", "location")),
			required(str("media_model", "mediaModel")),
			list("media_regions", "mediaRegions[]"),
			boolean("media_regions_use_latency_based", "mediaRegionsUseLatencyBased"),
			str("caller_id", "callerId"),
			str("caller_name", "callerName"),
			refList("primary_sites", "primarySites[]", "id", "telephony_providers_edges_site"),
			refList("secondary_sites", "secondarySites[]", "id", "telephony_providers_edges_site"),
			block("edge_auto_update_config", "edgeAutoUpdateConfig",
				required(str("time_zone", "timeZone")),
				required(str("rrule", "rrule")),
				required(str("start", "start")),
				required(str("end", "end")),
			),
		},
		// Managed sites (Genesys Cloud Voice) are run by Genesys and cannot
		// be created or changed.
		DataSource: func(obj map[string]any) bool { return isTrue(obj, "managed") },
		DataAttrs:  []Attr{nameAttr},
	},
}
