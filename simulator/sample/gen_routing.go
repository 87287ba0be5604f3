package sample

import "fmt"

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
// queue at queueSMS takes messages. Outbound campaigns use queueOutbound.
const (
	queueEmail    = 12
	queueSMS      = 14
	queueOutbound = 24
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
		if i%4 == 2 {
			q["whisperPrompt"] = g.ref(typePrompt, promptWhisperVIP)
			q["onHoldPrompt"] = g.ref(typePrompt, promptPleaseHold)
		}
		if i%3 == 0 {
			q["defaultScripts"] = map[string]any{"CALL": g.ref(typeScript, i/3%len(scriptNames))}
		}
		switch i % len(queueNames) {
		case queueEmail:
			q["emailInQueueFlow"] = g.ref(typeFlow, flowInQueueEmail)
			q["outboundEmailAddress"] = map[string]any{
				"domain": map[string]any{"id": emailDomains[0].name},
				"route":  map[string]any{"id": g.emailRouteID(0), "name": "support@" + emailDomains[0].name},
			}
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

// addRouting adds inbound email domains and routes, skill groups,
// utilization labels, and each queue's members and wrap-up codes.
func (g *generator) addRouting(resources map[string][]map[string]any) {
	resources[typeEmailDomain] = g.emailDomains()
	resources[typeEmailRoute] = g.emailRoutes()
	resources[typeSkillGroup] = g.skillGroups()
	resources[typeUtilizationLabel] = g.utilizationLabels()
	resources[typeQueueMember] = g.queueMembers()
	resources[typeQueueWrapupCode] = g.queueWrapupCodes()
}

// emailDomains are the org's inbound domains. A domain's id is its name.
var emailDomains = []struct {
	name      string
	subDomain bool
}{
	{"northwind.mypurecloud.com", true},
	{"support.example.com", false},
}

func (g *generator) emailDomains() []map[string]any {
	out := make([]map[string]any, len(emailDomains))
	for i, d := range emailDomains {
		out[i] = map[string]any{
			"id":             d.name,
			"name":           d.name,
			"mxRecordStatus": []string{"NOT_AVAILABLE", "VALID"}[i%2],
			"subDomain":      d.subDomain,
			"selfUri":        "/api/v2/routing/email/domains/" + d.name,
		}
	}
	return out
}

type emailRouteSpec struct {
	domain             int
	pattern, fromName  string
	queue, skill, flow int // -1: none
	language           int
	replyTo            int // route index the replies go out through; -1: none
	spam               bool
}

// Route 1 replies through route 0, and route 4 through a route of the
// other domain.
var emailRouteSpecs = []emailRouteSpec{
	{0, "support", "Northwind Support", queueEmail, 1, flowInboundEmail, 0, -1, true},
	{0, "billing", "Northwind Billing & Payments", 9, 0, -1, 0, 0, false},
	{0, "ventas", "Ventas — Northwind", 3, -1, -1, 1, -1, false},
	{1, "help", "Example Help Desk", queueEmail, -1, flowInboundEmail, 0, -1, false},
	{1, "tokyo", "東京サポート", 4, 3, -1, 9, 0, false},
}

func (g *generator) emailRouteID(i int) string { return g.uuid(typeEmailRoute, i) }

func (g *generator) emailRoutes() []map[string]any {
	out := make([]map[string]any, len(emailRouteSpecs))
	for i, spec := range emailRouteSpecs {
		domain := emailDomains[spec.domain].name
		route := map[string]any{
			"id":        g.emailRouteID(i),
			"name":      spec.pattern + "@" + domain,
			"pattern":   spec.pattern,
			"priority":  5,
			"skills":    []any{},
			"language":  g.ref(typeLanguage, spec.language),
			"fromName":  spec.fromName,
			"fromEmail": spec.pattern + "@" + domain,
			"autoBcc":   []any{},
			"selfUri":   fmt.Sprintf("/api/v2/routing/email/domains/%s/routes/%s", domain, g.emailRouteID(i)),
		}
		if spec.queue >= 0 {
			route["queue"] = g.ref(typeQueue, spec.queue)
		}
		if spec.skill >= 0 {
			route["skills"] = []any{g.ref(typeSkill, spec.skill)}
		}
		if spec.flow >= 0 {
			route["flow"] = g.ref(typeFlow, spec.flow)
			delete(route, "queue")
		}
		if spec.spam {
			route["spamFlow"] = g.ref(typeFlow, flowInboundEmail)
		}
		if spec.replyTo >= 0 {
			reply := emailRouteSpecs[spec.replyTo]
			route["replyEmailAddress"] = map[string]any{
				"domain": map[string]any{"id": emailDomains[reply.domain].name},
				"route": map[string]any{
					"id":   g.emailRouteID(spec.replyTo),
					"name": reply.pattern + "@" + emailDomains[reply.domain].name,
				},
			}
		}
		out[i] = withParent(route, domain)
	}
	return out
}

type skillGroupSpec struct {
	name     string
	division int
	skills   []int
	language int // -1: none
}

var skillGroupSpecs = []skillGroupSpec{
	{"Bilingual ES/EN", divisionSupport, []int{0}, 1},
	{"VIP — Tier 2", divisionHome, []int{2, 8}, -1},
	{"日本語 + Billing", divisionJapan, []int{0, 3}, 4},
	{"Fraud & Claims (skill ≥ 3)", divisionHome, []int{12, 14}, -1},
}

func (g *generator) skillGroups() []map[string]any {
	out := make([]map[string]any, len(skillGroupSpecs))
	for i, spec := range skillGroupSpecs {
		skillConditions := []any{}
		for _, s := range spec.skills {
			skillConditions = append(skillConditions, map[string]any{
				"routingSkill": g.name(typeSkill, s), "comparator": "GreaterThanOrEqualTo",
				"proficiency": 3, "childConditions": []any{},
			})
		}
		languageConditions := []any{}
		if spec.language >= 0 {
			languageConditions = append(languageConditions, map[string]any{
				"languageSkill": g.name(typeLanguage, spec.language), "comparator": "GreaterThanOrEqualTo",
				"proficiency": 2, "childConditions": []any{},
			})
		}
		out[i] = map[string]any{
			"id":           g.id(typeSkillGroup, i),
			"name":         spec.name,
			"division":     g.ref(typeDivision, spec.division),
			"description":  "Skill group " + spec.name,
			"memberCount":  g.rng.IntN(30),
			"dateCreated":  g.timestamp(),
			"dateModified": g.timestamp(),
			"status":       "Complete",
			"skillConditions": []any{map[string]any{
				"routingSkillConditions":  skillConditions,
				"languageSkillConditions": languageConditions,
				"operation":               "And",
			}},
			"selfUri": g.selfURI(typeSkillGroup, i),
		}
	}
	return out
}

var utilizationLabelNames = []string{"Voice heavy", "Chat-only agents", "Étiquette — spéciale", "Voice heavy (night)"}

func (g *generator) utilizationLabels() []map[string]any {
	out := make([]map[string]any, len(utilizationLabelNames))
	for i, name := range utilizationLabelNames {
		// A utilization label is only {id, name, selfUri} (Java SDK 212.0.0
		// and .NET SDK 215.1.0 model docs). The random draws of the fields
		// it once had are kept, so the rest of the sample stays the same.
		_, _, _ = g.rng.IntN(3), g.timestamp(), g.timestamp()
		out[i] = map[string]any{
			"id":      g.id(typeUtilizationLabel, i),
			"name":    name,
			"selfUri": g.selfURI(typeUtilizationLabel, i),
		}
	}
	return out
}

// queueMembers adds a few active users to every queue directly. Members a
// queue gets through its member groups (memberBy group) are not in the
// sample, because an export lists direct members only.
func (g *generator) queueMembers() []map[string]any {
	users := len(g.names[typeUser])
	perQueue := min(3+users/50, 60)
	var out []map[string]any
	for q := range g.names[typeQueue] {
		queue := g.id(typeQueue, q)
		for _, u := range g.pick(perQueue, users) {
			if g.userInactive(u) {
				continue
			}
			out = append(out, withParent(map[string]any{
				"id":         g.id(typeUser, u),
				"name":       g.name(typeUser, u),
				"user":       g.idRef(typeUser, u),
				"ringNumber": 1 + g.rng.IntN(3),
				"joined":     g.rng.IntN(4) > 0,
				"memberBy":   "user",
				"selfUri":    g.selfURI(typeUser, u),
			}, queue))
		}
	}
	return out
}

// queueWrapupCodes gives every queue one to three wrap-up codes, in the
// WrapupCode shape that the queue's list returns.
func (g *generator) queueWrapupCodes() []map[string]any {
	codes := g.names[typeWrapupCode]
	var out []map[string]any
	for q := range g.names[typeQueue] {
		for _, w := range g.pick(1+g.rng.IntN(3), len(codes)) {
			division := map[string]any{"id": "*"}
			if w >= wrapupCodesEverywhere {
				division = g.ref(typeDivision, w%len(divisionNames))
			}
			out = append(out, withParent(map[string]any{
				"id":          g.id(typeWrapupCode, w),
				"name":        codes[w],
				"division":    division,
				"description": "Wrap-up code " + codes[w],
				"selfUri":     g.selfURI(typeWrapupCode, w),
			}, g.id(typeQueue, q)))
		}
	}
	return out
}
