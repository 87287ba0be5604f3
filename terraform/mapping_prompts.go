package terraform

// Attribute names follow the provider's docs/resources/<type>.md pages.
var promptMappings = []*Mapping{
	{
		Type: "architect_user_prompt",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			// NOTE: filename and file_content_hash are left out, because the
			// backup holds each resource's mediaUri but not the audio file.
			// A restore recreates text-to-speech resources only.
			objects("resources", "resources[]",
				str("language", "language"),
				str("text", "text"),
				str("tts_string", "ttsString"),
			),
		},
	},
	{
		Type: "architect_emergencygroup",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			boolean("enabled", "enabled"),
			block("emergency_call_flows", "emergencyCallFlows[]",
				required(ref("emergency_flow_id", "emergencyFlow.id", "flow")),
				required(refSet("ivr_ids", "ivrs[]", "id", "architect_ivr")),
			),
		},
	},
}
