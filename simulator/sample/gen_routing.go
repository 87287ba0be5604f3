package sample

var skillNames = []string{
	"Billing", "Technical Support", "VIP Handling", "日本語対応", "Поддержка VIP", "الفواتير",
	"Résolution de litiges", "Sales — Upsell", "Tier 2 / Escalation", "C++ & Embedded",
	"O'Reilly Accounts", "Returns", "Fraud Review", "Mortgages", "Insurance Claims",
	"Password Reset", "Hardware RMA", "Onboarding", "Retention", "Accessibility (TTY)",
	"Chat Etiquette", "Email Triage", "Social Media", "Outbound Dialing", "Spanish Sales",
	"German Sales", "Enterprise Accounts", "SMB Accounts", "Product: Router X1", "Product: Cloud Suite",
}

var languageNames = []string{
	"English", "Spanish", "French", "German", "Japanese", "Arabic", "Russian",
	"Portuguese (Brazil)", "Español (México)", "日本語", "Русский", "العربية",
}

// Wrap-up codes before this index are in every division (division id "*").
const wrapupCodesEverywhere = 5

var wrapupCodeNames = []string{
	"Resolved", "Callback scheduled", "No answer / Voicemail", "Wrong number", "Spam & abuse",
	"Sale | Upsell", "Résolu", "解決済み", "Эскалация", "تم الحل", "Complaint — billing",
	"100% satisfied", "Transferred", "Follow-up required", "Order placed", "Order cancelled",
	"Refund issued", "Technical issue", "Password reset", "Account closed", "Survey declined",
	"Escalated to Tier 2", "Duplicate contact", "Customer hung up", "Information provided",
}

func (g *generator) skills() []map[string]any {
	return g.simpleRoutingObjects(typeSkill)
}

func (g *generator) languages() []map[string]any {
	return g.simpleRoutingObjects(typeLanguage)
}

// simpleRoutingObjects builds skills and languages, which share a shape.
func (g *generator) simpleRoutingObjects(typ string) []map[string]any {
	n := len(g.names[typ])
	out := make([]map[string]any, n)
	for i := range n {
		out[i] = map[string]any{
			"id":           g.id(typ, i),
			"name":         g.name(typ, i),
			"dateModified": g.timestamp(),
			"state":        "active",
			"version":      "1",
			"selfUri":      g.selfURI(typ, i),
		}
	}
	return out
}

func (g *generator) wrapupCodes() []map[string]any {
	n := len(g.names[typeWrapupCode])
	users := len(g.names[typeUser])
	out := make([]map[string]any, n)
	for i := range n {
		division := map[string]any{"id": "*"}
		if i >= wrapupCodesEverywhere {
			division = g.ref(typeDivision, i%len(divisionNames))
		}
		out[i] = map[string]any{
			"id":           g.id(typeWrapupCode, i),
			"name":         g.name(typeWrapupCode, i),
			"division":     division,
			"description":  "Wrap-up code " + g.name(typeWrapupCode, i),
			"dateCreated":  g.timestamp(),
			"createdBy":    g.id(typeUser, g.rng.IntN(users)),
			"dateModified": g.timestamp(),
			"modifiedBy":   g.id(typeUser, g.rng.IntN(users)),
			"selfUri":      g.selfURI(typeWrapupCode, i),
		}
	}
	return out
}

var queueNames = []string{
	"Support — Tier 1", "Support — Tier 2", "Sales EMEA", "Ventas LATAM", "東京サポート",
	"Поддержка — Москва", "Продажи — Москва", "الدعم الفني", "VIP & Platinum", "Billing/Payments",
	"After-hours (overflow)", "Callbacks", "Email — General", "Chat — Web", "SMS",
	"Returns", "Fraud", "Mortgages", "Insurance Claims", "Onboarding",
	"Retention", "Accessibility (TTY)", "Enterprise", "SMB", "Outbound Campaigns",
}

// In each round of queueNames, the queue at queueEmail takes email and the
// queue at queueSMS takes messages.
const (
	queueEmail = 12
	queueSMS   = 14
)

func (g *generator) queues() []map[string]any {
	n := len(g.names[typeQueue])
	users := len(g.names[typeUser])
	out := make([]map[string]any, n)
	for i := range n {
		q := map[string]any{
			"id":                           g.id(typeQueue, i),
			"name":                         g.name(typeQueue, i),
			"division":                     g.ref(typeDivision, i%len(divisionNames)),
			"description":                  "Queue " + g.name(typeQueue, i),
			"dateCreated":                  g.timestamp(),
			"dateModified":                 g.timestamp(),
			"createdBy":                    g.id(typeUser, g.rng.IntN(users)),
			"modifiedBy":                   g.id(typeUser, g.rng.IntN(users)),
			"memberCount":                  g.rng.IntN(40),
			"userMemberCount":              g.rng.IntN(30),
			"joinedMemberCount":            g.rng.IntN(20),
			"mediaSettings":                queueMediaSettings(),
			"routingRules":                 []any{map[string]any{"operator": "MEETS_THRESHOLD", "threshold": 9, "waitSeconds": 300.0}},
			"scoringMethod":                "TimestampAndPriority",
			"lastAgentRoutingMode":         "Disabled",
			"acwSettings":                  map[string]any{"wrapupPrompt": []string{"MANDATORY_TIMEOUT", "OPTIONAL", "MANDATORY"}[i%3], "timeoutMs": 300000},
			"skillEvaluationMethod":        []string{"ALL", "BEST", "NONE"}[i%3],
			"memberGroups":                 g.queueMemberGroups(),
			"queueFlow":                    g.ref(typeFlow, g.inQueueCallFlow(i)),
			"autoAnswerOnly":               false,
			"enableTranscription":          i%4 == 0,
			"enableAudioMonitoring":        false,
			"enableManualAssignment":       false,
			"callingPartyName":             "Northwind",
			"callingPartyNumber":           "+13175550100",
			"defaultScripts":               map[string]any{},
			"suppressInQueueCallRecording": true,
			"selfUri":                      g.selfURI(typeQueue, i),
		}
		switch i % len(queueNames) {
		case queueEmail:
			q["emailInQueueFlow"] = g.ref(typeFlow, flowInQueueEmail)
		case queueSMS:
			q["messageInQueueFlow"] = g.ref(typeFlow, flowInQueueSMS)
		}
		if i%5 == 1 {
			s := g.rng.IntN(len(g.names[typeSkill]))
			q["bullseye"] = map[string]any{"rings": []any{
				map[string]any{
					"expansionCriteria": []any{map[string]any{"type": "TIMEOUT_SECONDS", "threshold": 15.0}},
					"actions": map[string]any{"skillsToRemove": []any{
						map[string]any{"id": g.id(typeSkill, s), "name": g.name(typeSkill, s), "selfUri": g.selfURI(typeSkill, s)},
					}},
				},
				map[string]any{"expansionCriteria": []any{map[string]any{"type": "TIMEOUT_SECONDS", "threshold": 30.0}}},
			}}
		}
		out[i] = q
	}
	return out
}

// inQueueCallFlow spreads the queues over the in-queue call flows, with a
// third of them on the built-in Default In-Queue Flow.
func (g *generator) inQueueCallFlow(queue int) int {
	choices := []int{flowDefaultInQueue, flowSupportInQueue, flowSalesInQueue}
	return choices[queue%len(choices)]
}

func (g *generator) queueMemberGroups() []any {
	out := []any{}
	for _, gr := range g.pick(g.rng.IntN(3), len(g.names[typeGroup])) {
		out = append(out, map[string]any{
			"id": g.id(typeGroup, gr), "name": g.name(typeGroup, gr), "type": "GROUP", "selfUri": g.selfURI(typeGroup, gr),
		})
	}
	return out
}

func queueMediaSettings() map[string]any {
	serviceLevel := func(durationMs int) map[string]any {
		return map[string]any{"percentage": 0.8, "durationMs": durationMs}
	}
	media := func(alertingSeconds, durationMs int) map[string]any {
		return map[string]any{
			"enableAutoAnswer":       false,
			"alertingTimeoutSeconds": alertingSeconds,
			"serviceLevel":           serviceLevel(durationMs),
		}
	}
	callback := media(30, 20000)
	callback["mode"] = "AgentFirst"
	return map[string]any{
		"call":     media(8, 20000),
		"callback": callback,
		"chat":     media(30, 20000),
		"email":    media(300, 86400000),
		"message":  media(30, 20000),
	}
}
