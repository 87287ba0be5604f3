package terraform

import (
	"regexp"
	"strings"

	"github.com/gcexport/gcexport/sink"
)

// FlowsDir is the backup folder of flow YAML, next to the terraform
// folder, as the flow export writes it: flows/<id>.yaml.
const FlowsDir = "flows"

// flowFileID matches the flow ids whose YAML the flow export writes,
// because an export job's file names allow only these characters. The
// sink names the file after the id (sink.FileName), with a hash suffix
// for an id with upper-case letters.
var flowFileID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Attribute names follow the provider's docs/resources/<type>.md pages.
var architectMappings = []*Mapping{
	{
		Type: "architect_schedules",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			required(str("start", "start")),
			required(str("end", "end")),
			str("rrule", "rrule"),
		},
	},
	{
		Type: "architect_schedulegroups",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			str("time_zone", "timeZone"),
			refSet("open_schedules_id", "openSchedules[]", "id", "architect_schedules"),
			refSet("closed_schedules_id", "closedSchedules[]", "id", "architect_schedules"),
			refSet("holiday_schedules_id", "holidaySchedules[]", "id", "architect_schedules"),
		},
	},
	{
		Type: "architect_datatable",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			// The schema's properties, in the order Architect shows them.
			required(Attr{Name: "properties", Path: "schema.properties.*", Kind: KindBlock, OrderBy: "displayOrder",
				Attrs: []Attr{
					required(str("name", "@key")),
					required(str("type", "type")),
					str("title", "title"),
					str("default", "default"),
				}}),
		},
	},
	{
		Type: "architect_datatable_row",
		Attrs: []Attr{
			required(ref("datatable_id", "@parent", "architect_datatable")),
			required(str("key_value", "key")),
			{Name: "properties_json", Build: rowProperties},
		},
		// Genesys' own exporter labels a row by its table's name and key.
		Label: func(l *labelSource, o *object) string {
			table := ""
			if t := l.object("architect_datatable", o.parent); t != nil {
				table = stringField(t.raw, "name")
			}
			return table + "_" + stringField(o.raw, "key")
		},
	},
	{
		Type: "flow",
		Attrs: []Attr{
			{Name: "filepath", Required: true, Build: flowFilePath},
			{Name: "file_content_hash", Build: flowFileHash},
		},
		// System flows, such as the default in-queue flow, come with the org.
		DataSource: func(obj map[string]any) bool { return isTrue(obj, "system") },
		DataAttrs: []Attr{
			nameAttr,
			{Name: "type", Build: func(_ *builder, obj map[string]any) node {
				if t := stringField(obj, "type"); t != "" {
					return litNode{strings.ToLower(t)}
				}
				return nil
			}},
		},
		// Genesys' own exporter labels flows "{type}_{name}", as flows of
		// different types may share a name.
		Label: func(_ *labelSource, o *object) string {
			return stringField(o.raw, "type") + "_" + stringField(o.raw, "name")
		},
	},
	{
		Type: "architect_ivr",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			divisionAttr,
			set("dnis", "dnis[]"),
			ref("open_hours_flow_id", "openHoursFlow.id", "flow"),
			ref("closed_hours_flow_id", "closedHoursFlow.id", "flow"),
			ref("holiday_hours_flow_id", "holidayHoursFlow.id", "flow"),
			ref("schedule_group_id", "scheduleGroup.id", "architect_schedulegroups"),
		},
	},
}

// flowYAMLPath returns the path of a flow's YAML relative to the terraform
// folder, or "" when its id cannot name a file as it is.
func flowYAMLPath(id string) string {
	if !flowFileID.MatchString(id) {
		return ""
	}
	name, err := sink.FileName(id)
	if err != nil {
		return ""
	}
	return "../" + FlowsDir + "/" + name + ".yaml"
}

func flowFilePath(b *builder, _ map[string]any) node {
	p := flowYAMLPath(b.obj.id)
	if p == "" {
		return nil
	}
	return litNode{p}
}

func flowFileHash(b *builder, _ map[string]any) node {
	p := flowYAMLPath(b.obj.id)
	if p == "" || !b.w.opts.LegacyFlowHash {
		return nil
	}
	return callNode{fn: "filesha256", args: []string{p}}
}

// rowProperties encodes a data table row's columns other than its key.
func rowProperties(_ *builder, row map[string]any) node {
	props := map[string]any{}
	for k, v := range row {
		if k != "key" {
			props[k] = v
		}
	}
	s, ok := encodeJSON(props)
	if !ok {
		return nil
	}
	return litNode{s}
}
