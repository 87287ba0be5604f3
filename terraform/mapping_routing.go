package terraform

// memberGroupTypes maps a queue member group's type to its catalogue type.
var memberGroupTypes = &RefSwitch{Field: "type", Types: map[string]string{
	"GROUP": "group", "TEAM": "team", "SKILLGROUP": "routing_skill_group",
}}

// memberGroupBlock is the member_groups or groups block of bullseye rings
// and conditional group routing rules.
func memberGroupBlock(name, path string) Attr {
	return block(name, path,
		required(Attr{Name: "member_group_id", Path: "id", Kind: KindString, RefSwitch: memberGroupTypes}),
		required(str("member_group_type", "type")),
	)
}

// mediaSettings is a queue's media_settings_<media> block. The callback
// block has extra attributes.
func mediaSettings(media string, extra ...Attr) Attr {
	attrs := []Attr{
		num("alerting_timeout_sec", "alertingTimeoutSeconds"),
		boolean("enable_auto_answer", "enableAutoAnswer"),
		num("service_level_percentage", "serviceLevel.percentage"),
		num("service_level_duration_ms", "serviceLevel.durationMs"),
	}
	return block("media_settings_"+media, "mediaSettings."+media, append(attrs, extra...)...)
}

// Attribute names follow the provider's docs/resources/<type>.md pages.
var routingMappings = []*Mapping{
	{Type: "routing_skill", Attrs: []Attr{nameAttr}},
	{Type: "routing_language", Attrs: []Attr{nameAttr}},
	{
		Type: "routing_wrapupcode",
		// A code in every division carries the division id "*", which is no
		// id: division_id is then left out, which the provider reads as "*".
		Attrs: []Attr{nameAttr, str("description", "description"), divisionAttr},
	},
	{Type: "routing_utilization_label", Attrs: []Attr{nameAttr}},
	{
		Type: "routing_skill_group",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			jsonAttr("skill_conditions", "skillConditions"),
		},
	},
	{
		Type: "routing_queue",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			str("acw_wrapup_prompt", "acwSettings.wrapupPrompt"),
			num("acw_timeout_ms", "acwSettings.timeoutMs"),
			str("skill_evaluation_method", "skillEvaluationMethod"),
			str("scoring_method", "scoringMethod"),
			boolean("auto_answer_only", "autoAnswerOnly"),
			boolean("enable_transcription", "enableTranscription"),
			boolean("enable_audio_monitoring", "enableAudioMonitoring"),
			boolean("enable_manual_assignment", "enableManualAssignment"),
			boolean("suppress_in_queue_call_recording", "suppressInQueueCallRecording"),
			str("calling_party_name", "callingPartyName"),
			str("calling_party_number", "callingPartyNumber"),
			str("peer_id", "peerId"),
			ref("queue_flow_id", "queueFlow.id", "flow"),
			ref("email_in_queue_flow_id", "emailInQueueFlow.id", "flow"),
			ref("message_in_queue_flow_id", "messageInQueueFlow.id", "flow"),
			ref("whisper_prompt_id", "whisperPrompt.id", "architect_user_prompt"),
			ref("on_hold_prompt_id", "onHoldPrompt.id", "architect_user_prompt"),
			{Name: "default_script_ids", Path: "defaultScripts", Elem: "id", Kind: KindMap, Ref: "script"},
			{Name: "groups", Path: "memberGroups[]", Where: "type=GROUP", Elem: "id", Kind: KindSet, Ref: "group"},
			{Name: "teams", Path: "memberGroups[]", Where: "type=TEAM", Elem: "id", Kind: KindSet, Ref: "team"},
			{Name: "skill_groups", Path: "memberGroups[]", Where: "type=SKILLGROUP", Elem: "id", Kind: KindSet,
				Ref: "routing_skill_group"},
			{Name: "members", Child: "routing_queue_member", Kind: KindObjects, Attrs: []Attr{
				required(ref("user_id", "id", "user")), num("ring_num", "ringNumber"),
			}},
			{Name: "wrapup_codes", Child: "routing_queue_wrapupcode", Path: "id", Kind: KindSet,
				Ref: "routing_wrapupcode"},
			mediaSettings("call"),
			mediaSettings("callback",
				str("mode", "mode"),
				boolean("enable_auto_dial_and_end", "enableAutoDialAndEnd"),
				num("auto_dial_delay_seconds", "autoDialDelaySeconds"),
				num("auto_end_delay_seconds", "autoEndDelaySeconds"),
			),
			mediaSettings("chat"),
			mediaSettings("email"),
			mediaSettings("message"),
			block("routing_rules", "routingRules[]",
				str("operator", "operator"), num("threshold", "threshold"), num("wait_seconds", "waitSeconds")),
			// A ring's timeout is its TIMEOUT_SECONDS expansion criterion; the
			// API's last ring has none and is not a provider ring.
			block("bullseye_rings", "bullseye.rings[]",
				required(Attr{Name: "expansion_timeout_seconds", Build: firstThreshold}),
				refSet("skills_to_remove", "actions.skillsToRemove[]", "id", "routing_skill"),
				memberGroupBlock("member_groups", "memberGroups[]"),
			),
			// The first rule always evaluates the queue itself, a self
			// reference the provider rejects, so it is dropped and reported.
			block("conditional_group_routing_rules", "conditionalGroupRouting.rules[]",
				ref("queue_id", "queue.id", "routing_queue"),
				str("metric", "metric"),
				str("operator", "operator"),
				num("condition_value", "conditionValue"),
				num("wait_seconds", "waitSeconds"),
				required(memberGroupBlock("groups", "groups[]")),
			),
			block("direct_routing", "directRouting",
				ref("backup_queue_id", "backupQueueId", "routing_queue"),
				boolean("wait_for_agent", "waitForAgent"),
				num("agent_wait_seconds", "agentWaitSeconds"),
				boolean("call_use_agent_address_outbound", "callMediaSettings.useAgentAddressOutbound"),
				boolean("email_use_agent_address_outbound", "emailMediaSettings.useAgentAddressOutbound"),
				boolean("message_use_agent_address_outbound", "messageMediaSettings.useAgentAddressOutbound"),
			),
			block("agent_owned_routing", "agentOwnedRouting",
				boolean("enable_agent_owned_callbacks", "enableAgentOwnedCallbacks"),
				num("max_owned_callback_hours", "maxOwnedCallbackHours"),
				num("max_owned_callback_delay_hours", "maxOwnedCallbackDelayHours"),
			),
			block("outbound_email_address", "outboundEmailAddress",
				required(ref("domain_id", "domain.id", "routing_email_domain")),
				required(ref("route_id", "route.id", "routing_email_route")),
			),
		},
	},
}

// firstThreshold returns a bullseye ring's TIMEOUT_SECONDS threshold.
func firstThreshold(_ *builder, ring map[string]any) node {
	for _, c := range walkPath(ring, "expansionCriteria[]") {
		if matches(c.v, "type=TIMEOUT_SECONDS") {
			if vals := walkPath(c.v, "threshold"); len(vals) > 0 {
				return convert(KindNumber, vals[0].v)
			}
		}
	}
	return nil
}
