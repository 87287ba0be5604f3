package terraform

import (
	"slices"
	"strings"
)

// secretFields names, per credential type (compared without case), the
// fields that hold secrets. The API returns a credential's other fields
// and never these. Types not listed get one map variable for all fields.
var secretFields = map[string][]string{
	"basicauth":            {"password"},
	"purecloudoauthclient": {"clientSecret"},
	"userdefinedoauth":     {"clientSecret"},
}

// Attribute names follow the provider's docs/resources/<type>.md pages.
var integrationMappings = []*Mapping{
	{
		Type: "integration_credential",
		Attrs: []Attr{
			str("name", "name"),
			required(str("credential_type_name", "type.name")),
			{Name: "fields", Build: credentialFields},
		},
		// Genesys' own exporter labels a credential after the integration
		// that uses it.
		Label: func(l *labelSource, o *object) string {
			users := credentialUsers(l)[o.id]
			if len(users) == 0 {
				return stringField(o.raw, "name")
			}
			return "Integration-" + slices.Min(users)
		},
	},
	{
		Type: "integration",
		Attrs: []Attr{
			required(str("integration_type", "integrationType.id")),
			str("intended_state", "intendedState"),
			block("config", "config.current",
				str("name", "name"),
				str("notes", "notes"),
				// NOTE: ids inside properties (a premium app's group
				// filter) stay raw ids, because the JSON is written as
				// one string.
				jsonAttr("properties", "properties"),
				jsonAttr("advanced", "advanced"),
				Attr{Name: "credentials", Path: "credentials", Elem: "id", Kind: KindMap,
					Ref: "integration_credential"},
			),
		},
	},
	{
		Type: "integration_action",
		Attrs: []Attr{
			nameAttr,
			required(str("category", "category")),
			required(ref("integration_id", "integrationId", "integration")),
			boolean("secure", "secure"),
			num("config_timeout_seconds", "config.timeoutSeconds"),
			required(jsonAttr("contract_input", "contract.input.inputSchema")),
			required(jsonAttr("contract_output", "contract.output.successSchema")),
			block("config_request", "config.request",
				str("request_url_template", "requestUrlTemplate"),
				required(str("request_type", "requestType")),
				str("request_template", "requestTemplate"),
				Attr{Name: "headers", Path: "headers", Kind: KindMap},
			),
			block("config_response", "config.response",
				Attr{Name: "translation_map", Path: "translationMap", Kind: KindMap},
				Attr{Name: "translation_map_defaults", Path: "translationMapDefaults", Kind: KindMap},
				str("success_template", "successTemplate"),
			),
		},
		// Static actions are built into Genesys Cloud; the provider's
		// exporter recognises them by the "static" prefix of their ids.
		DataSource: func(obj map[string]any) bool {
			id, _ := obj["id"].(string)
			return strings.HasPrefix(id, "static")
		},
		DataAttrs: []Attr{nameAttr},
	},
	{
		Type: "oauth_client",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			required(str("authorized_grant_type", "authorizedGrantType")),
			num("access_token_validity_seconds", "accessTokenValiditySeconds"),
			set("registered_redirect_uris", "registeredRedirectUri[]"),
			set("scopes", "scope[]"),
			str("state", "state"),
			block("roles", "roleDivisions[]",
				required(ref("role_id", "roleId", "auth_role")),
				Attr{Name: "division_id", Path: "divisionId", Kind: KindString, Ref: "auth_division", Keep: []string{"*"}},
			),
		},
	},
}

// credentialUsers returns, by credential id, the names of the
// integrations that use each credential. It reads the integrations once
// per Write.
func credentialUsers(l *labelSource) map[string][]string {
	return l.cached("credential users", func() any {
		users := map[string][]string{}
		l.each("integration", func(in *object) {
			for _, c := range walkPath(in.raw, "config.current.credentials.*.id") {
				if id, ok := c.v.(string); ok {
					users[id] = append(users[id], stringField(in.raw, "name"))
				}
			}
		})
		return users
	}).(map[string][]string)
}

// credentialFields writes a credential's fields: the values the API
// returns, a reference for a clientId that names an OAuth client, and a
// variable for every secret. A credential of a type whose secret fields
// are not known gets one map variable for all its fields, whose example
// holds the values the API returned.
func credentialFields(b *builder, obj map[string]any) node {
	typeName := strings.ToLower(stringField(obj, "type.name"))
	known := map[string]node{}
	for _, f := range walkPath(obj, "credentialFields.*") {
		if n := convert(KindString, f.v); n != nil {
			known[f.key] = n
		}
	}
	secrets, ok := secretFields[typeName]
	if !ok {
		example := mapNode{}
		for k, v := range known {
			example[k] = v
		}
		example["secret"] = litNode{placeholder}
		return b.addVariable(&variable{field: "fields", mapType: true, example: example})
	}
	fields := mapNode{}
	for k, v := range known {
		fields[k] = v
		if k == "clientId" && strings.Contains(typeName, "purecloud") {
			if id, ok := v.(litNode).v.(string); ok {
				b.nested(k, func() { fields[k] = b.ref("oauth_client", id, false) })
			}
		}
	}
	for _, s := range secrets {
		fields[s] = b.addVariable(&variable{field: s, example: litNode{placeholder}})
	}
	return fields
}
