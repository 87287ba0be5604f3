package sample

import "fmt"

type scheduleSpec struct {
	name, start, end, rrule string
	division                int
}

// Schedules start and end in local date-time, with no zone, as the API
// stores them. Two holidays share the name "Christmas Day".
var scheduleSpecs = []scheduleSpec{
	{"Weekdays 08-17", "2026-01-01T08:00:00.000", "2026-01-01T17:00:00.000", "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR", divisionHome},
	{"Weekend", "2026-01-03T09:00:00.000", "2026-01-03T13:00:00.000", "FREQ=WEEKLY;INTERVAL=1;BYDAY=SA,SU", divisionHome},
	{"Christmas Day", "2026-12-25T00:00:00.000", "2026-12-26T00:00:00.000", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", divisionHome},
	{"Christmas Day", "2026-12-25T00:00:00.000", "2026-12-26T00:00:00.000", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", divisionSales},
	{"New Year's Day", "2026-01-01T00:00:00.000", "2026-01-02T00:00:00.000", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", divisionHome},
	{"Día de la Independencia", "2026-09-16T00:00:00.000", "2026-09-17T00:00:00.000", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=16", divisionSupport},
	{"天皇誕生日", "2026-02-23T00:00:00.000", "2026-02-24T00:00:00.000", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=23", divisionJapan},
	{"Рождество", "2026-01-07T00:00:00.000", "2026-01-08T00:00:00.000", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=7", 4},
	{"Eid al-Fitr (عيد الفطر)", "2026-03-20T00:00:00.000", "2026-03-21T00:00:00.000", "", divisionSales},
	{"Night shift", "2026-01-01T22:00:00.000", "2026-01-02T06:00:00.000", "FREQ=DAILY;INTERVAL=1", divisionHome},
	{"Lunch closure", "2026-01-01T12:00:00.000", "2026-01-01T13:00:00.000", "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR", divisionHome},
	{"Maintenance window", "2026-01-04T02:00:00.000", "2026-01-04T04:00:00.000", "FREQ=MONTHLY;BYDAY=1SU", 5},
}

func scheduleNames() []string {
	names := make([]string, len(scheduleSpecs))
	for i, s := range scheduleSpecs {
		names[i] = s.name
	}
	return names
}

// architectAudit returns the audit fields that all Architect objects share.
func (g *generator) architectAudit() map[string]any {
	users := len(g.names[typeUser])
	return map[string]any{
		"version":       1 + g.rng.IntN(5),
		"dateCreated":   g.timestamp(),
		"dateModified":  g.timestamp(),
		"createdBy":     g.id(typeUser, g.rng.IntN(users)),
		"modifiedBy":    g.id(typeUser, g.rng.IntN(users)),
		"createdByApp":  "public-api",
		"modifiedByApp": "public-api",
		"state":         "active",
	}
}

func (g *generator) schedules() []map[string]any {
	out := make([]map[string]any, len(scheduleSpecs))
	for i, spec := range scheduleSpecs {
		s := g.architectAudit()
		s["id"] = g.id(typeSchedule, i)
		s["name"] = spec.name
		s["division"] = g.ref(typeDivision, spec.division)
		s["description"] = "Schedule " + spec.name
		s["start"] = spec.start
		s["end"] = spec.end
		if spec.rrule != "" {
			s["rrule"] = spec.rrule
		}
		s["selfUri"] = g.selfURI(typeSchedule, i)
		out[i] = s
	}
	return out
}

type scheduleGroupSpec struct {
	name, timeZone         string
	division               int
	open, closed, holidays []int
}

var scheduleGroupSpecs = []scheduleGroupSpec{
	{"Main Hours (US)", "America/New_York", divisionHome, []int{0}, []int{9}, []int{2, 4}},
	{"EMEA Hours", "Europe/London", divisionSales, []int{0}, []int{10}, []int{3}},
	{"東京営業時間", "Asia/Tokyo", divisionJapan, []int{0}, nil, []int{6}},
	{"Holidays only", "America/Mexico_City", divisionSupport, nil, nil, []int{5, 8}},
	{"Поддержка 24/7", "Europe/Moscow", 4, []int{0, 1, 9}, nil, []int{7}},
}

func scheduleGroupNames() []string {
	names := make([]string, len(scheduleGroupSpecs))
	for i, s := range scheduleGroupSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) scheduleGroups() []map[string]any {
	refs := func(indexes []int) []any {
		out := []any{}
		for _, i := range indexes {
			out = append(out, g.ref(typeSchedule, i))
		}
		return out
	}
	out := make([]map[string]any, len(scheduleGroupSpecs))
	for i, spec := range scheduleGroupSpecs {
		sg := g.architectAudit()
		sg["id"] = g.id(typeScheduleGroup, i)
		sg["name"] = spec.name
		sg["division"] = g.ref(typeDivision, spec.division)
		sg["description"] = "Schedule group " + spec.name
		sg["timeZone"] = spec.timeZone
		sg["openSchedules"] = refs(spec.open)
		sg["closedSchedules"] = refs(spec.closed)
		sg["holidaySchedules"] = refs(spec.holidays)
		sg["selfUri"] = g.selfURI(typeScheduleGroup, i)
		out[i] = sg
	}
	return out
}

// column is one data table column after the key column.
type column struct{ name, jsonType string }

type dataTableSpec struct {
	name     string
	division int
	columns  []column
}

var dataTableSpecs = []dataTableSpec{
	{"Holiday Messages", divisionHome, []column{{"message", "string"}, {"enabled", "boolean"}}},
	{"VIP Customers", divisionSales, []column{{"tier", "string"}, {"priority", "integer"}}},
	{"Routing Overrides", divisionHome, []column{{"queueName", "string"}, {"active", "boolean"}}},
	{"Store Locations — 店舗", divisionJapan, []column{{"city", "string"}, {"openingHour", "number"}}},
	{"Feature Flags", divisionHome, []column{{"enabled", "boolean"}}},
	{"Справочник отделов", 4, []column{{"phone", "string"}, {"floor", "integer"}}},
}

func dataTableNames() []string {
	names := make([]string, len(dataTableSpecs))
	for i, s := range dataTableSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) dataTables() []map[string]any {
	out := make([]map[string]any, len(dataTableSpecs))
	for i, spec := range dataTableSpecs {
		properties := map[string]any{
			"key": map[string]any{
				"title": "key", "type": "string", "$id": "/properties/key",
				"displayOrder": 0, "minLength": 1, "maxLength": 256,
			},
		}
		for j, c := range spec.columns {
			property := map[string]any{
				"title": c.name, "type": c.jsonType, "$id": "/properties/" + c.name, "displayOrder": j + 1,
			}
			if c.jsonType == "boolean" {
				property["default"] = false
			}
			properties[c.name] = property
		}
		description := fmt.Sprintf("Lookup table %s", spec.name)
		out[i] = map[string]any{
			"id":          g.id(typeDataTable, i),
			"name":        spec.name,
			"division":    g.ref(typeDivision, spec.division),
			"description": description,
			"schema": map[string]any{
				"$schema":              "http://json-schema.org/draft-04/schema#",
				"type":                 "object",
				"description":          description,
				"required":             []any{"key"},
				"properties":           properties,
				"additionalProperties": false,
			},
			"selfUri": g.selfURI(typeDataTable, i),
		}
	}
	return out
}

// addArchitect adds IVRs, emergency groups, user prompts and data table
// rows, and the versions of every flow.
func (g *generator) addArchitect(resources map[string][]map[string]any) {
	resources[typeEmergencyGroup] = g.emergencyGroups()
	resources[typeIVR] = g.ivrs()
	resources[typePrompt] = g.prompts()
	resources[typeDataTableRow] = g.dataTableRows()
	resources[typeFlowVersion] = g.flowVersions()
}

type ivrSpec struct {
	name                  string
	dnis                  []any
	open, closed, holiday int // flow indexes; -1 for none
	scheduleGroup         int
	division              int
}

// Two IVRs share the name "Main Line", in different divisions.
var ivrSpecs = []ivrSpec{
	{"Main Line", []any{"+13175550100", "+13175550101"}, flowMainIVRCall, flowNeverPublished, flowMainIVRCall, 0, divisionHome},
	{"Main Line", []any{"+442079460000"}, flowMainIVRCall, flowMainIVRCall, -1, 1, divisionSales},
	{"東京代表番号", []any{"+81355550100"}, flowTokyoReception, flowTokyoReception, flowTokyoReception, 2, divisionJapan},
	{"Soporte (MX) — 24/7", []any{"+525555550100"}, flowMainIVRCall, -1, -1, 3, divisionSupport},
}

func (g *generator) ivrs() []map[string]any {
	out := make([]map[string]any, len(ivrSpecs))
	for i, spec := range ivrSpecs {
		ivr := g.architectAudit()
		ivr["id"] = g.id(typeIVR, i)
		ivr["name"] = spec.name
		ivr["division"] = g.ref(typeDivision, spec.division)
		ivr["description"] = "IVR " + spec.name
		ivr["dnis"] = spec.dnis
		for field, flow := range map[string]int{
			"openHoursFlow": spec.open, "closedHoursFlow": spec.closed, "holidayHoursFlow": spec.holiday,
		} {
			if flow >= 0 {
				ivr[field] = g.ref(typeFlow, flow)
			}
		}
		ivr["scheduleGroup"] = g.ref(typeScheduleGroup, spec.scheduleGroup)
		ivr["selfUri"] = g.selfURI(typeIVR, i)
		out[i] = ivr
	}
	return out
}

type emergencyGroupSpec struct {
	name     string
	enabled  bool
	division int
	ivrs     []int
}

var emergencyGroupSpecs = []emergencyGroupSpec{
	{"Building evacuation", false, divisionHome, []int{0, 1}},
	{"Severe weather — 悪天候", true, divisionJapan, []int{2}},
}

func (g *generator) emergencyGroups() []map[string]any {
	out := make([]map[string]any, len(emergencyGroupSpecs))
	for i, spec := range emergencyGroupSpecs {
		ivrs := []any{}
		for _, ivr := range spec.ivrs {
			ivrs = append(ivrs, g.ref(typeIVR, ivr))
		}
		eg := g.architectAudit()
		eg["id"] = g.id(typeEmergencyGroup, i)
		eg["name"] = spec.name
		eg["division"] = g.ref(typeDivision, spec.division)
		eg["description"] = "Emergency routing: " + spec.name
		eg["enabled"] = spec.enabled
		eg["emergencyCallFlows"] = []any{map[string]any{
			"emergencyFlow": g.ref(typeFlow, flowEmergency),
			"ivrs":          ivrs,
		}}
		eg["selfUri"] = g.selfURI(typeEmergencyGroup, i)
		out[i] = eg
	}
	return out
}

type promptSpec struct {
	name, description string
	// languages maps each resource's language to its text-to-speech text.
	languages [][2]string
}

// Prompt indexes that queues refer to.
const (
	promptPleaseHold = 2
	promptWhisperVIP = 4
)

// Prompt names allow only letters, digits and underscores, so the awkward
// text sits in descriptions and resources.
var promptSpecs = []promptSpec{
	{"Welcome_Greeting", "Greeting played on every inbound call", [][2]string{
		{"en-us", "Welcome to Northwind. Calls are recorded for quality."},
		{"es-us", "Bienvenido a Northwind. Las llamadas se graban."},
	}},
	{"Holiday_Closed", "Closed for the holiday — played by the holiday flow", [][2]string{
		{"en-us", "We are closed today for the holiday. Please call again tomorrow."},
	}},
	{"Please_Hold", "お待ちください (hold message)", [][2]string{
		{"ja-jp", "少々お待ちください。"}, {"en-us", "Please hold."},
	}},
	{"Queue_Full_Callback", `Offer a callback when the queue is full ("press 1")`, [][2]string{
		{"en-us", "All agents are busy. Press 1 for a callback."},
		{"fr-ca", "Tous nos agents sont occupés. Faites le 1 pour être rappelé."},
	}},
	{"Whisper_VIP", "Whisper for VIP & Platinum callers", [][2]string{
		{"en-us", "VIP caller."},
	}},
}

func (g *generator) prompts() []map[string]any {
	out := make([]map[string]any, len(promptSpecs))
	for i, spec := range promptSpecs {
		id := g.id(typePrompt, i)
		resources := make([]any, len(spec.languages))
		for j, lang := range spec.languages {
			self := fmt.Sprintf("%s/resources/%s", g.selfURI(typePrompt, i), lang[0])
			resources[j] = map[string]any{
				"id":              lang[0],
				"promptId":        id,
				"language":        lang[0],
				"mediaUri":        fmt.Sprintf("https://prompts.example.com/%s/%s.wav", id, lang[0]),
				"ttsString":       lang[1],
				"text":            lang[1],
				"uploadStatus":    "transcoded",
				"uploadUri":       self + "/audio",
				"languageDefault": j == 0,
				"tags":            map[string]any{},
				"durationSeconds": 1.5 + float64(len(lang[1]))/20,
				"selfUri":         self,
			}
		}
		out[i] = map[string]any{
			"id":          id,
			"name":        spec.name,
			"description": spec.description,
			"resources":   resources,
			"selfUri":     g.selfURI(typePrompt, i),
		}
	}
	return out
}

// dataTableVIP is the table that Config.DataTableRows sizes.
const dataTableVIP = 1

// rowKeys gives each data table's row keys. "VIP-001" is a key of two
// tables, which is allowed: keys are unique only within a table.
var rowKeys = [][]string{
	{"Christmas", "New Year", "Día de Muertos", "お正月"},
	{"VIP-001", "VIP-002", "VIP-003 (legacy)", "VIP-004", "VIP-005"},
	{"Support — Tier 1", "Billing/Payments", "VIP-001"},
	{"東京", "大阪", "Sapporo"},
	{"new_ivr", "callbacks.enabled", "beta: chat"},
	{"Бухгалтерия", "Склад", "IT & Ops"},
}

func (g *generator) dataTableRows() []map[string]any {
	var out []map[string]any
	for t, spec := range dataTableSpecs {
		keys := rowKeys[t]
		if t == dataTableVIP && g.cfg.DataTableRows > 0 {
			keys = make([]string, g.cfg.DataTableRows)
			for i := range keys {
				keys[i] = fmt.Sprintf("C-%06d", i+1)
			}
		}
		table := g.id(typeDataTable, t)
		for r, key := range keys {
			row := map[string]any{"key": key}
			for _, c := range spec.columns {
				row[c.name] = g.cellValue(c, r)
			}
			out = append(out, withParent(row, table))
		}
	}
	return out
}

// cellValue returns a value of a column's JSON type for row r.
func (g *generator) cellValue(c column, r int) any {
	switch c.jsonType {
	case "boolean":
		return r%2 == 0
	case "integer":
		return 1 + g.rng.IntN(10)
	case "number":
		return float64(7+r%5) + 0.5
	}
	values := []string{"Gold", "Silver", "Closed today — sorry!", "+1 317-555-0142", "営業中", "Queue \"Main\""}
	return values[(r+len(c.name))%len(values)]
}
