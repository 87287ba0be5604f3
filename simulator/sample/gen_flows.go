package sample

import "fmt"

// Flow indexes that queues and the special cases refer to.
const (
	flowDefaultInQueue = iota
	flowDefaultVoicemail
	flowMainIVRCall
	flowMainIVRChat
	flowSupportInQueue
	flowSalesInQueue
	flowInboundEmail
	flowInQueueEmail
	flowInboundSMS
	flowInQueueSMS
	flowCommonAuth
	flowSecurePayment
	flowOutbound
	flowCallback
	flowTokyoReception
	flowVoiceBot
	flowNeverPublished
	flowEmergency
	flowLockedByUser = flowSupportInQueue
)

type flowSpec struct {
	name, flowType string
	division       int
	system         bool
	published      bool
	deleted        bool
}

// flowSpecs hold flow metadata only (no flow configuration). "Main IVR"
// exists as two flow types, which the API allows. One flow was never
// published. The sample holds no deleted flow: GET /api/v2/flows would list
// it only with deleted=true, so every sample object is one an export should
// back up.
var flowSpecs = []flowSpec{
	{"Default In-Queue Flow", "INQUEUECALL", divisionHome, true, true, false},
	{"Default Voicemail Flow", "VOICEMAIL", divisionHome, true, true, false},
	{"Main IVR", "INBOUNDCALL", divisionHome, false, true, false},
	{"Main IVR", "INBOUNDCHAT", divisionHome, false, true, false},
	{"Support In-Queue", "INQUEUECALL", divisionSupport, false, true, false},
	{"Sales In-Queue", "INQUEUECALL", divisionSales, false, true, false},
	{"Email Routing", "INBOUNDEMAIL", divisionHome, false, true, false},
	{"Email In-Queue", "INQUEUEEMAIL", divisionHome, false, true, false},
	{"SMS Inbound", "INBOUNDSHORTMESSAGE", divisionHome, false, true, false},
	{"SMS In-Queue", "INQUEUESHORTMESSAGE", divisionHome, false, true, false},
	{"Common: Auth Check", "COMMONMODULE", divisionHome, false, true, false},
	{"Secure PCI Payment", "SECURECALL", divisionSales, false, true, false},
	{"Outbound Campaign Flow", "OUTBOUNDCALL", divisionSales, false, true, false},
	{"Callback Workflow", "WORKFLOW", divisionHome, false, true, false},
	{"受付フロー", "INBOUNDCALL", divisionJapan, false, true, false},
	{"Голосовой бот", "BOT", 4, false, true, false},
	{"Draft – never published", "INBOUNDCALL", divisionHome, false, false, false},
	{"Emergency: building closed", "INBOUNDCALL", divisionHome, false, true, false},
}

func flowNames() []string {
	names := make([]string, len(flowSpecs))
	for i, s := range flowSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) flows() []map[string]any {
	out := make([]map[string]any, len(flowSpecs))
	for i, spec := range flowSpecs {
		id := g.id(typeFlow, i)
		flow := map[string]any{
			"id":          id,
			"name":        spec.name,
			"division":    g.ref(typeDivision, spec.division),
			"description": fmt.Sprintf("%s flow %s", spec.flowType, spec.name),
			"type":        spec.flowType,
			"active":      spec.published && !spec.deleted,
			"system":      spec.system,
			"deleted":     spec.deleted,
			"selfUri":     g.selfURI(typeFlow, i),
		}
		latest := 1 + g.rng.IntN(9)
		g.flowLatest = append(g.flowLatest, latest)
		version := fmt.Sprintf("%d.0", latest)
		flow["checkedInVersion"] = flowVersion(id, version, "CHECKIN")
		if spec.published {
			flow["publishedVersion"] = flowVersion(id, version, "PUBLISH")
		}
		if i == flowMainIVRCall {
			flow["currentOperation"] = map[string]any{
				"id":           g.uuid("flowOperation", i),
				"complete":     true,
				"client":       g.ref(typeOAuthClient, oauthCXAsCode),
				"errorDetails": []any{},
				"actionName":   "PUBLISH",
				"actionStatus": "SUCCESS",
			}
		}
		if i == flowLockedByUser {
			flow["lockedUser"] = g.ref(typeUser, 3)
		}
		out[i] = flow
	}
	return out
}

func flowVersion(flowID, version, versionType string) map[string]any {
	self := fmt.Sprintf("/api/v2/flows/%s/versions/%s", flowID, version)
	return map[string]any{
		"id":                   version,
		"name":                 version,
		"commitVersion":        version,
		"configurationVersion": version,
		"type":                 versionType,
		"secure":               false,
		"configurationUri":     self + "/configuration",
		"selfUri":              self,
	}
}

// flowVersions lists the last three versions of every flow, up to the one
// that checkedInVersion names.
func (g *generator) flowVersions() []map[string]any {
	var out []map[string]any
	users := len(g.names[typeUser])
	for i, spec := range flowSpecs {
		id := g.id(typeFlow, i)
		latest := g.flowLatest[i]
		for v := max(1, latest-2); v <= latest; v++ {
			version := fmt.Sprintf("%d.0", v)
			versionType := "CHECKIN"
			if spec.published && v == latest {
				versionType = "PUBLISH"
			}
			entry := flowVersion(id, version, versionType)
			entry["debug"] = false
			entry["createdBy"] = g.idRef(typeUser, g.rng.IntN(users))
			entry["dateCreated"] = baseTime.AddDate(0, 0, 7*v).UnixMilli()
			entry["generationId"] = fmt.Sprint(v)
			out = append(out, withParent(entry, id))
		}
	}
	return out
}
