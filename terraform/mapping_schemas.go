package terraform

// schemaAttrs are the attributes of the provider's custom field schema
// resources. The API keeps a schema's description and properties inside
// its JSON schema document.
var schemaAttrs = []Attr{
	nameAttr,
	str("description", "jsonSchema.description"),
	boolean("enabled", "enabled"),
	jsonAttr("properties", "jsonSchema.properties"),
}

// Attribute names follow the provider's docs/resources/<type>.md pages.
// The provider has no resource for the schemas of external contacts,
// external organizations, user custom attributes and conversation custom
// attributes, so those types are not mapped.
var schemaMappings = []*Mapping{
	{Type: "task_management_workitem_schema", Attrs: schemaAttrs},
	{Type: "business_rules_schema", Attrs: schemaAttrs},
}
