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
