package terraform

// Attribute names follow the provider's docs/resources/<type>.md pages.
//
// NOTE: attempt limits, call analysis response sets, callable time sets,
// DNC lists, rule sets and contact list filters are not in the catalogue.
// Their ids are written as the API returns them, so they are neither
// resolved nor listed as dangling, and they only fit a restore into the
// org they came from.
var outboundMappings = []*Mapping{
	{
		Type: "outbound_contact_list",
		Attrs: []Attr{
			nameAttr,
			divisionAttr,
			required(list("column_names", "columnNames[]")),
			str("attempt_limit_id", "attemptLimits.id"),
			boolean("automatic_time_zone_mapping", "automaticTimeZoneMapping"),
			str("zip_code_column_name", "zipCodeColumnName"),
			str("preview_mode_column_name", "previewModeColumnName"),
			list("preview_mode_accepted_values", "previewModeAcceptedValues[]"),
			boolean("trim_whitespace", "trimWhitespace"),
			block("phone_columns", "phoneColumns[]",
				required(str("column_name", "columnName")),
				required(str("type", "type")),
				str("callable_time_column", "callableTimeColumn"),
			),
			block("email_columns", "emailColumns[]",
				required(str("column_name", "columnName")),
				required(str("type", "type")),
				str("contactable_time_column", "contactableTimeColumn"),
			),
			block("column_data_type_specifications", "columnDataTypeSpecifications[]",
				required(str("column_name", "columnName")),
				str("column_data_type", "columnDataType"),
				num("min", "min"),
				num("max", "max"),
				num("max_length", "maxLength"),
			),
		},
	},
	{
		Type: "outbound_campaign",
		Attrs: []Attr{
			nameAttr,
			divisionAttr,
			required(str("dialing_mode", "dialingMode")),
			required(ref("contact_list_id", "contactList.id", "outbound_contact_list")),
			required(block("phone_columns", "phoneColumns[]", required(str("column_name", "columnName")))),
			// campaign_status is left out, so the provider creates the
			// campaign off: a restore must not start dialing.
			ref("queue_id", "queue.id", "routing_queue"),
			ref("script_id", "script.id", "script"),
			ref("edge_group_id", "edgeGroup.id", "telephony_providers_edges_edge_group"),
			ref("site_id", "site.id", "telephony_providers_edges_site"),
			str("call_analysis_response_set_id", "callAnalysisResponseSet.id"),
			str("callable_time_set_id", "callableTimeSet.id"),
			set("dnc_list_ids", "dncLists[].id"),
			list("rule_set_ids", "ruleSets[].id"),
			list("contact_list_filter_ids", "contactListFilters[].id"),
			num("abandon_rate", "abandonRate"),
			boolean("always_running", "alwaysRunning"),
			boolean("auto_answer", "autoAnswer"),
			str("call_analysis_language", "callAnalysisLanguage"),
			str("caller_address", "callerAddress"),
			str("caller_name", "callerName"),
			num("max_calls_per_agent", "maxCallsPerAgent"),
			num("no_answer_timeout", "noAnswerTimeout"),
			num("outbound_line_count", "outboundLineCount"),
			num("preview_time_out_seconds", "previewTimeOutSeconds"),
			num("priority", "priority"),
			list("skill_columns", "skillColumns[]"),
			boolean("skip_preview_disabled", "skipPreviewDisabled"),
			block("contact_sorts", "contactSorts[]",
				required(str("field_name", "fieldName")),
				str("direction", "direction"),
				boolean("numeric", "numeric"),
			),
			block("dynamic_contact_queueing_settings", "dynamicContactQueueingSettings",
				boolean("sort", "sort"),
				boolean("filter", "filter"),
			),
			block("dynamic_line_balancing_settings", "dynamicLineBalancingSettings",
				boolean("enabled", "enabled"),
				num("relative_weight", "relativeWeight"),
			),
		},
	},
	{
		// The provider creates a script from an exported script file, which
		// the backup does not hold, so every script is written as a data
		// source that finds the script by name. A restore into another org
		// needs the scripts imported first.
		// NOTE: the data source cannot tell apart scripts that share a
		// name, so their data sources may all find the same script.
		Type:       "script",
		DataSource: func(map[string]any) bool { return true },
		DataAttrs:  []Attr{nameAttr},
	},
}
