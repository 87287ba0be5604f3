package sample

import (
	"fmt"
	"maps"
	"slices"
)

// schemaField is one custom field: its name ends in the core type it is
// built on, as the API requires ("loyaltyTier_enum").
type schemaField struct {
	name, coreType, title string
}

type schemaSpec struct {
	name, appliesTo string
	fields          []schemaField
}

// schemaSpecs are the custom field schemas by type. Each field refers to a
// core type through "$ref": "#/definitions/<core type>".
var schemaSpecs = map[string][]schemaSpec{
	typeContactSchema: {
		{"Loyalty fields", "CONTACT", []schemaField{{"loyaltyTier_enum", "enum", "Loyalty tier"}, {"memberSince_date", "date", "Member since"}}},
		{"Fidélité — extra", "CONTACT", []schemaField{{"notes_longtext", "longtext", "Remarques"}}},
	},
	typeOrgSchema: {
		{"Account fields", "EXTERNAL_ORGANIZATION", []schemaField{{"accountTier_text", "text", "Account tier"}, {"website_url", "url", "Website"}}},
	},
	typeUserSchema: {
		{"HR attributes", "USER_CUSTOM_ATTRIBUTE", []schemaField{{"costCenter_text", "text", "Cost center"}, {"badgeId_identifier", "identifier", "Badge"}}},
		{"Skills — 資格", "USER_CUSTOM_ATTRIBUTE", []schemaField{{"certified_checkbox", "checkbox", "Certified"}}},
	},
	typeWorkitemSchema: {
		{"Claim", "WORKITEM", []schemaField{{"claimAmount_number", "number", "Claim amount"}, {"claimDate_date", "date", "Claim date"}}},
		{"RMA / Return", "WORKITEM", []schemaField{{"serial_text", "text", "Serial number"}, {"tags_tag", "tag", "Tags"}}},
	},
	typeAttributesSchema: {
		{"Conversation attributes", "CONVERSATION", []schemaField{{"orderId_identifier", "identifier", "Order"}}},
	},
	typeRulesSchema: {
		{"Routing decision input", "DECISION_TABLE", []schemaField{{"customerTier_enum", "enum", "Customer tier"}, {"waitSeconds_integer", "integer", "Wait (s)"}}},
		{"Règles VIP", "DECISION_TABLE", []schemaField{{"isVip_boolean", "boolean", "VIP"}}},
	},
}

// coreTypes are the data extension core types, with their JSON types.
var coreTypes = []struct {
	name  string
	types []any
}{
	{"boolean", []any{"boolean"}}, {"checkbox", []any{"boolean"}}, {"date", []any{"string"}},
	{"datetime", []any{"string"}}, {"decimal", []any{"number"}}, {"enum", []any{"string"}},
	{"identifier", []any{"string"}}, {"integer", []any{"integer"}}, {"longtext", []any{"string"}},
	{"number", []any{"number"}}, {"tag", []any{"array"}}, {"text", []any{"string"}}, {"url", []any{"string"}},
}

// addSchemas adds the custom field schemas and the core types.
func (g *generator) addSchemas(resources map[string][]map[string]any) {
	// Sorted, so that the generator draws its random numbers in one order.
	for _, typ := range slices.Sorted(maps.Keys(schemaSpecs)) {
		specs := schemaSpecs[typ]
		out := make([]map[string]any, len(specs))
		for i, spec := range specs {
			out[i] = g.schema(typ, i, spec)
		}
		resources[typ] = out
	}
	resources[typeCoreType] = g.coreTypes()
}

// schemaRef returns the schema reference that objects with custom fields
// carry.
func (g *generator) schemaRef(typ string, i int) map[string]any {
	return map[string]any{"id": g.id(typ, i), "version": 1, "selfUri": g.selfURI(typ, i)}
}

func (g *generator) schema(typ string, i int, spec schemaSpec) map[string]any {
	properties := map[string]any{}
	for _, f := range spec.fields {
		properties[f.name] = map[string]any{
			"allOf":       []any{map[string]any{"$ref": "#/definitions/" + f.coreType}},
			"title":       f.title,
			"description": f.title + " (" + f.coreType + ")",
		}
	}
	users := len(g.names[typeUser])
	s := map[string]any{
		"id":          g.id(typ, i),
		"version":     1 + g.rng.IntN(3),
		"enabled":     true,
		"createdBy":   g.idRef(typeUser, g.rng.IntN(users)),
		"dateCreated": g.timestamp(),
		"jsonSchema": map[string]any{
			"$schema":     "http://json-schema.org/draft-04/schema#",
			"title":       spec.name,
			"description": fmt.Sprintf("Custom fields for %s", spec.appliesTo),
			"type":        "object",
			"required":    []any{},
			"properties":  properties,
		},
		"selfUri": g.selfURI(typ, i),
	}
	// ConversationDataSchema has no name or appliesTo; the title names it.
	if typ != typeAttributesSchema {
		s["name"] = spec.name
		s["appliesTo"] = []any{spec.appliesTo}
	}
	return s
}

// coreTypes returns the core types.
// NOTE: a core type's id is taken to be its name, by which
// GET /api/v2/dataextensions/coretypes/{coretypeName} reads it.
func (g *generator) coreTypes() []map[string]any {
	out := make([]map[string]any, len(coreTypes))
	for i, c := range coreTypes {
		out[i] = map[string]any{
			"id":          c.name,
			"name":        c.name,
			"version":     1,
			"dateCreated": baseTime.Format("2006-01-02T15:04:05.000Z"),
			"current":     true,
			"schema": map[string]any{
				"title":       c.name,
				"description": "Core type " + c.name,
				"type":        c.types,
			},
			"validationFields": []any{},
			"selfUri":          "/api/v2/dataextensions/coretypes/" + c.name,
		}
	}
	return out
}
