package sample

// The cycle case: the Data Actions integration uses credential
// credentialDataActions, whose clientId field names OAuth client
// oauthDataActions, whose role is granted in the home division.
const (
	integrationDataActions = iota
	integrationWebServices
	integrationWebServicesCopy
	integrationEmbeddedApp
)

const (
	credentialDataActions = iota
	credentialBasicAuth
	credentialUserDefined
	credentialOrphan // used by no integration
)

const (
	oauthDataActions = iota
	oauthBackup
	oauthCXAsCode
	oauthDesktop
)

type credentialSpec struct {
	name, typeName string
	fields         func(g *generator) map[string]any
}

// credentialSpecs hold no secret fields: the API redacts them.
var credentialSpecs = []credentialSpec{
	{"Data Actions OAuth credential", "purecloudOAuthClient", func(g *generator) map[string]any {
		return map[string]any{"clientId": g.id(typeOAuthClient, oauthDataActions)}
	}},
	{"CRM API basic auth", "basicAuth", func(*generator) map[string]any {
		return map[string]any{"userName": "svc-crm@example.com"}
	}},
	{"Orders API key", "userDefined", func(*generator) map[string]any {
		return map[string]any{"apiKeyHeader": "X-Api-Key"}
	}},
	{"Legacy FTP login", "basicAuth", func(*generator) map[string]any {
		return map[string]any{"userName": "ftp-legacy"}
	}},
}

func credentialNames() []string {
	names := make([]string, len(credentialSpecs))
	for i, s := range credentialSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) credentials() []map[string]any {
	out := make([]map[string]any, len(credentialSpecs))
	for i, spec := range credentialSpecs {
		out[i] = map[string]any{
			"id":               g.id(typeCredential, i),
			"name":             spec.name,
			"type":             map[string]any{"name": spec.typeName},
			"credentialFields": spec.fields(g),
			"createdDate":      g.timestamp(),
			"modifiedDate":     g.timestamp(),
			"selfUri":          g.selfURI(typeCredential, i),
		}
	}
	return out
}

type integrationSpec struct {
	name, typeID, typeName string
	intendedState          string
	credentialKey          string // empty: no credential
	credential             int
}

// Two integrations share the name "Web Services Data Actions".
var integrationSpecs = []integrationSpec{
	{"Genesys Cloud Data Actions", "purecloud-data-actions", "Genesys Cloud Data Actions", "ENABLED", "pureCloudOAuthClient", credentialDataActions},
	{"Web Services Data Actions", "custom-rest-actions", "Web Services Data Actions", "ENABLED", "basicAuth", credentialBasicAuth},
	{"Web Services Data Actions", "custom-rest-actions", "Web Services Data Actions", "ENABLED", "userDefined", credentialUserDefined},
	{"Agent Scripting Embed", "embedded-client-app", "Client Application", "DISABLED", "", 0},
}

func integrationNames() []string {
	names := make([]string, len(integrationSpecs))
	for i, s := range integrationSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) integrations() []map[string]any {
	out := make([]map[string]any, len(integrationSpecs))
	for i, spec := range integrationSpecs {
		self := g.selfURI(typeIntegration, i)
		credentials := map[string]any{}
		if spec.credentialKey != "" {
			credentials[spec.credentialKey] = map[string]any{
				"id":   g.id(typeCredential, spec.credential),
				"name": credentialSpecs[spec.credential].name,
			}
		}
		reported := map[string]any{"code": "ACTIVE", "effective": "Active", "lastUpdated": g.timestamp()}
		if spec.intendedState != "ENABLED" {
			reported["code"], reported["effective"] = "INACTIVE", "Inactive"
		}
		out[i] = map[string]any{
			"id":   g.id(typeIntegration, i),
			"name": spec.name,
			"integrationType": map[string]any{
				"id":      spec.typeID,
				"name":    spec.typeName,
				"selfUri": "/api/v2/integrations/types/" + spec.typeID,
			},
			"notes":         "Sample integration " + spec.name,
			"intendedState": spec.intendedState,
			"config": map[string]any{"current": map[string]any{
				"name":        spec.name,
				"version":     1 + g.rng.IntN(4),
				"properties":  map[string]any{},
				"advanced":    map[string]any{},
				"notes":       "",
				"credentials": credentials,
				"selfUri":     self + "/config/current",
			}},
			"reportedState": reported,
			"attributes":    map[string]any{},
			"selfUri":       self,
		}
	}
	return out
}

type actionSpec struct {
	name        string
	integration int
	method, url string
	secure      bool
}

// Two actions point a property of their contract at a custom schema with
// "$ref": the customer lookup returns a contact of the first contact
// schema, and the first "Create Ticket" takes a work item of the second
// work item schema, by a versioned URI.
const (
	actionWithContactSchema  = 2
	actionWithWorkitemSchema = 3
)

// "Get Order Status" exists on both Web Services integrations, and the
// first Web Services integration has two actions named "Create Ticket".
var actionSpecs = []actionSpec{
	{"Get User By Email", integrationDataActions, "GET", "/api/v2/users/search?email=${input.email}", false},
	{"Get Queue Estimated Wait Time", integrationDataActions, "GET", "/api/v2/routing/queues/${input.queueId}/estimatedwaittime", false},
	{"顧客検索 | Lookup Customer", integrationDataActions, "POST", "/api/v2/externalcontacts/contacts/search", false},
	{"Create Ticket", integrationWebServices, "POST", "https://crm.example.com/api/tickets", false},
	{"Get Order Status", integrationWebServices, "GET", "https://orders.example.com/api/orders/${input.orderId}", false},
	{"Update CRM — Contact", integrationWebServices, "PATCH", "https://crm.example.com/api/contacts/${input.contactId}", false},
	{"Get Order Status", integrationWebServicesCopy, "GET", "https://orders-eu.example.com/api/orders/${input.orderId}", false},
	{"Проверить баланс", integrationWebServicesCopy, "GET", "https://billing.example.com/api/balance/${input.account}", true},
	{"Create Ticket", integrationWebServices, "POST", "https://crm-eu.example.com/api/tickets", false},
}

func actionNames() []string {
	names := make([]string, len(actionSpecs))
	for i, s := range actionSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) actions() []map[string]any {
	schema := func(title, property string) map[string]any {
		return map[string]any{
			"$schema":              "http://json-schema.org/draft-04/schema#",
			"title":                title,
			"type":                 "object",
			"properties":           map[string]any{property: map[string]any{"type": "string"}},
			"additionalProperties": true,
		}
	}
	out := make([]map[string]any, len(actionSpecs))
	for i, spec := range actionSpecs {
		input, output := schema("Input", "id"), schema("Output", "result")
		if i == actionWithContactSchema {
			output["properties"].(map[string]any)["contact"] = map[string]any{"$ref": g.selfURI(typeContactSchema, 0)}
		}
		if i == actionWithWorkitemSchema {
			input["properties"].(map[string]any)["claim"] = map[string]any{
				"$ref": g.selfURI(typeWorkitemSchema, 1) + "/versions/1"}
		}
		out[i] = map[string]any{
			"id":            g.id(typeAction, i),
			"name":          spec.name,
			"integrationId": g.id(typeIntegration, spec.integration),
			"category":      integrationSpecs[spec.integration].name,
			"contract": map[string]any{
				"input":  map[string]any{"inputSchema": input},
				"output": map[string]any{"successSchema": output},
			},
			"version": 1 + g.rng.IntN(3),
			"secure":  spec.secure,
			"config": map[string]any{
				"timeoutSeconds": 30,
				"request": map[string]any{
					"requestUrlTemplate": spec.url,
					"requestType":        spec.method,
					"headers":            map[string]any{"Content-Type": "application/json"},
					"requestTemplate":    "${input.rawRequest}",
				},
				"response": map[string]any{
					"translationMap":         map[string]any{},
					"translationMapDefaults": map[string]any{},
					"successTemplate":        "${rawResult}",
				},
			},
			"selfUri": g.selfURI(typeAction, i),
		}
	}
	return out
}

type oauthClientSpec struct {
	name, grantType, description string
	tokenSeconds                 int
	// grants pairs a role index with a division index.
	grants       [][2]int
	redirectURIs []string
	scope        []string
}

var oauthClientSpecs = []oauthClientSpec{
	{"Data Actions OAuth Client", "CLIENT-CREDENTIALS", "Used by the Genesys Cloud Data Actions integration.", 86400,
		[][2]int{{roleDataActions, divisionHome}}, nil, nil},
	{"gcexport nightly backup", "CLIENT-CREDENTIALS", "Reads the org's configuration for disaster recovery.", 3600,
		[][2]int{{roleBackup, 0}, {roleBackup, 1}, {roleBackup, 2}, {roleBackup, 3}, {roleBackup, 4}, {roleBackup, 5}}, nil, nil},
	{"CX as Code", "CLIENT-CREDENTIALS", "Terraform pipeline.", 7200,
		[][2]int{{roleAdmin, divisionHome}, {roleAdmin, divisionSales}}, nil, nil},
	{"Agent Desktop (implicit grant)", "TOKEN", "Browser sign-in for the agent desktop.", 43200,
		nil, []string{"https://desktop.example.com/oauth/callback"}, []string{"users:readonly", "routing"}},
}

func oauthClientNames() []string {
	names := make([]string, len(oauthClientSpecs))
	for i, s := range oauthClientSpecs {
		names[i] = s.name
	}
	return names
}

func (g *generator) oauthClients() []map[string]any {
	users := len(g.names[typeUser])
	out := make([]map[string]any, len(oauthClientSpecs))
	for i, spec := range oauthClientSpecs {
		roleDivisions := []any{}
		roleIDs := []any{}
		seenRoles := map[int]bool{}
		for _, grant := range spec.grants {
			roleDivisions = append(roleDivisions, map[string]any{
				"roleId": g.id(typeRole, grant[0]), "divisionId": g.id(typeDivision, grant[1]),
			})
			if !seenRoles[grant[0]] {
				seenRoles[grant[0]] = true
				roleIDs = append(roleIDs, g.id(typeRole, grant[0]))
			}
		}
		redirects := []any{}
		for _, uri := range spec.redirectURIs {
			redirects = append(redirects, uri)
		}
		scope := []any{}
		for _, s := range spec.scope {
			scope = append(scope, s)
		}
		out[i] = map[string]any{
			"id":                         g.id(typeOAuthClient, i),
			"name":                       spec.name,
			"accessTokenValiditySeconds": spec.tokenSeconds,
			"description":                spec.description,
			"registeredRedirectUri":      redirects,
			"roleIds":                    roleIDs,
			"dateCreated":                g.timestamp(),
			"dateModified":               g.timestamp(),
			"createdBy":                  g.idRef(typeUser, g.rng.IntN(users)),
			"authorizedGrantType":        spec.grantType,
			"scope":                      scope,
			"roleDivisions":              roleDivisions,
			"state":                      "active",
			"selfUri":                    g.selfURI(typeOAuthClient, i),
		}
	}
	return out
}
