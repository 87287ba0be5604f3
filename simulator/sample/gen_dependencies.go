package sample

import (
	"fmt"

	"github.com/gcexport/gcexport/simulator"
)

// Indexes of the queues, actions, prompts, schedule groups and data tables
// that the flows consume, in the first round of each type's names.
const (
	queueSupportTier1 = 0
	queueSupportTier2 = 1
	queueSalesEMEA    = 2
	queueTokyo        = 4
	queueAfterHours   = 10
	queueChat         = 13

	actionUserByEmail   = 0
	actionWaitTime      = 1
	actionLookupContact = 2
	actionCreateTicket  = 3
	actionOrderStatus   = 4

	promptWelcome   = 0
	promptHoliday   = 1
	promptHold      = 2
	promptQueueFull = 3

	scheduleGroupMainHours = 0
	scheduleGroupTokyo     = 2

	tableHolidayMessages = 0
	tableVIPCustomers    = 1
	tableRoutingOverride = 2
)

// Dependency types of GET /api/v2/architect/dependencytracking/consumedresources.
const (
	depQueue         = "QUEUE"
	depDataAction    = "DATAACTION"
	depDataTable     = "DATATABLE"
	depPrompt        = "USERPROMPT"
	depSystemPrompt  = "SYSTEMPROMPT"
	depScheduleGroup = "SCHEDULEGROUP"
	depContactList   = "CONTACTLIST"
	depInboundCall   = "INBOUNDCALLFLOW"
	depInQueueCall   = "INQUEUECALLFLOW"
	depCommonModule  = "COMMONMODULEFLOW"
)

// dependencies returns what each flow consumes, as Architect's dependency
// tracking reports it. Inbound call flows consume queues, data actions,
// schedule groups, prompts and in-queue flows. Main IVR and Tokyo Reception
// both use the common module "Common: Auth Check", and Tokyo Reception the
// built-in Default In-Queue Flow. Main IVR transfers to "Emergency: building
// closed", which transfers back to Main IVR: a cycle of two flows. Main IVR
// also still names a data action deleted since it was published, and some
// flows consume system prompts, which come with every org.
func (g *generator) dependencies() map[string][]simulator.Dependency {
	flowDep := func(depType string, flow int) simulator.Dependency {
		d := g.dependency(depType, typeFlow, flow)
		d.Version = g.flowVersionName(flow)
		return d
	}
	byFlow := map[int][]simulator.Dependency{
		flowMainIVRCall: {
			g.dependency(depQueue, typeQueue, queueSupportTier1),
			g.dependency(depQueue, typeQueue, queueSupportTier2),
			g.dependency(depQueue, typeQueue, queueAfterHours),
			g.dependency(depDataAction, typeAction, actionUserByEmail),
			g.dependency(depDataAction, typeAction, actionWaitTime),
			g.dependency(depScheduleGroup, typeScheduleGroup, scheduleGroupMainHours),
			g.dependency(depPrompt, typePrompt, promptWelcome),
			g.dependency(depPrompt, typePrompt, promptHoliday),
			g.dependency(depDataTable, typeDataTable, tableHolidayMessages),
			flowDep(depInQueueCall, flowSupportInQueue),
			flowDep(depCommonModule, flowCommonAuth),
			flowDep(depInboundCall, flowEmergency),
			g.systemPrompt("en-us", 0),
			{Type: depDataAction, ID: g.uuid("deletedAction", 0), Name: "Legacy CRM lookup", Deleted: true},
		},
		flowEmergency: {
			g.dependency(depPrompt, typePrompt, promptHoliday),
			g.dependency(depQueue, typeQueue, queueAfterHours),
			flowDep(depInboundCall, flowMainIVRCall),
		},
		flowTokyoReception: {
			g.dependency(depQueue, typeQueue, queueTokyo),
			g.dependency(depScheduleGroup, typeScheduleGroup, scheduleGroupTokyo),
			g.dependency(depPrompt, typePrompt, promptHold),
			g.dependency(depDataAction, typeAction, actionLookupContact),
			flowDep(depInQueueCall, flowDefaultInQueue),
			flowDep(depCommonModule, flowCommonAuth),
		},
		flowMainIVRChat: {
			g.dependency(depQueue, typeQueue, queueChat),
			g.dependency(depDataAction, typeAction, actionCreateTicket),
		},
		flowInboundEmail: {
			g.dependency(depQueue, typeQueue, queueEmail),
			g.dependency(depDataAction, typeAction, actionCreateTicket),
		},
		flowInboundSMS: {
			g.dependency(depQueue, typeQueue, queueSMS),
			g.dependency(depDataTable, typeDataTable, tableRoutingOverride),
		},
		flowSupportInQueue: {
			g.dependency(depPrompt, typePrompt, promptQueueFull),
			g.dependency(depDataAction, typeAction, actionWaitTime),
		},
		flowSalesInQueue: {
			g.dependency(depPrompt, typePrompt, promptHold),
			g.systemPrompt("en-us", 1),
		},
		flowCommonAuth: {
			g.dependency(depDataAction, typeAction, actionLookupContact),
			g.dependency(depDataTable, typeDataTable, tableVIPCustomers),
		},
		flowSecurePayment: {
			g.dependency(depDataAction, typeAction, actionOrderStatus),
		},
		flowOutbound: {
			g.dependency(depContactList, typeContactList, 0),
			g.dependency(depQueue, typeQueue, queueSalesEMEA),
		},
		flowCallback: {
			g.dependency(depQueue, typeQueue, queueAfterHours),
			g.dependency(depDataAction, typeAction, actionCreateTicket),
		},
		flowDefaultInQueue: {
			g.systemPrompt("en-us", 1),
		},
		// Dependency tracking also serves the draft's checked-in version,
		// but an exporter reads only published flows.
		flowNeverPublished: {
			g.dependency(depQueue, typeQueue, queueSupportTier1),
		},
	}
	out := make(map[string][]simulator.Dependency, len(byFlow))
	for flow, deps := range byFlow {
		out[g.id(typeFlow, flow)] = deps
	}
	return out
}

// dependency returns the Dependency of object i of a catalogue type.
func (g *generator) dependency(depType, typ string, i int) simulator.Dependency {
	return simulator.Dependency{Type: depType, ID: g.id(typ, i), Name: g.name(typ, i)}
}

// systemPrompt returns a built-in prompt, which has no catalogue type.
func (g *generator) systemPrompt(language string, i int) simulator.Dependency {
	names := []string{"PressOneForEnglish", "PleaseWait"}
	return simulator.Dependency{Type: depSystemPrompt, ID: names[i] + "_" + language, Name: names[i]}
}

// flowVersionName returns a flow's latest version, which flows() set.
func (g *generator) flowVersionName(flow int) string {
	return fmt.Sprintf("%d.0", g.flowLatest[flow])
}
