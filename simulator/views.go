package simulator

import (
	"maps"
	"net/url"
	"slices"
	"strings"
)

// userExpandFields maps each expand value of the users endpoints to the
// User field that it adds. The API leaves these fields out unless expand
// names them, in lists and in get-by-id alike.
var userExpandFields = map[string]string{
	"routingstatus":            "routingStatus",
	"presence":                 "presence",
	"integrationpresence":      "integrationPresence",
	"conversationsummary":      "conversationSummary",
	"outofoffice":              "outOfOffice",
	"geolocation":              "geolocation",
	"station":                  "station",
	"authorization":            "authorization",
	"lasttokenissued":          "lastTokenIssued",
	"team":                     "team",
	"workplanbidranks":         "workPlanBidRanks",
	"externalcontactssettings": "externalContactsSettings",
	"groups":                   "groups",
	"customattributes":         "customAttributes",
	"profileskills":            "profileSkills",
	"certifications":           "certifications",
	"locations":                "locations",
	"skills":                   "skills",
	"languages":                "languages",
	"languagepreference":       "languagePreference",
	"employerinfo":             "employerInfo",
	"biography":                "biography",
	"datelastlogin":            "dateLastLogin",
	"datewelcomesent":          "dateWelcomeSent",
}

// expandSet returns the lower-cased values of the expand parameter. Values
// the endpoint does not know are kept but never match, because the API's
// expand is best-effort and ignores them.
func expandSet(query url.Values) map[string]bool {
	set := map[string]bool{}
	for _, v := range listValues(query, "expand") {
		set[strings.ToLower(v)] = true
	}
	return set
}

func userView(obj map[string]any, query url.Values) map[string]any {
	expand := expandSet(query)
	if expand["authorization.unusedroles"] {
		expand["authorization"] = true
	}
	out := maps.Clone(obj)
	for value, field := range userExpandFields {
		if !expand[value] {
			delete(out, field)
		}
	}
	if auth, ok := out["authorization"].(map[string]any); ok && !expand["authorization.unusedroles"] {
		out["authorization"] = without(auth, "unusedRoles")
	}
	return out
}

func divisionView(obj map[string]any, query url.Values) map[string]any {
	if boolValue(query, "objectCount", false) {
		return maps.Clone(obj)
	}
	return without(obj, "objectCounts")
}

func roleView(obj map[string]any, query url.Values) map[string]any {
	out := maps.Clone(obj)
	if !boolValue(query, "userCount", true) {
		delete(out, "userCount")
	}
	if !expandSet(query)["unusedpermissions"] {
		delete(out, "unusedPermissions")
	}
	return out
}

func dataTableView(obj map[string]any, query url.Values) map[string]any {
	if expandSet(query)["schema"] {
		return maps.Clone(obj)
	}
	return without(obj, "schema")
}

// credentialInfoFields are the fields of CredentialInfo, the credentials
// listing's entity, which never carries credentialFields.
var credentialInfoFields = []string{"id", "name", "createdDate", "modifiedDate", "type", "selfUri"}

func credentialInfoView(obj map[string]any, _ url.Values) map[string]any {
	out := map[string]any{}
	for _, key := range credentialInfoFields {
		if value, ok := obj[key]; ok {
			out[key] = value
		}
	}
	return out
}

// credentialView returns a Credential, which has no dates.
func credentialView(obj map[string]any, _ url.Values) map[string]any {
	return without(obj, "createdDate", "modifiedDate")
}

func integrationListView(obj map[string]any, _ url.Values) map[string]any {
	return without(obj, "config")
}

func integrationGetView(obj map[string]any, query url.Values) map[string]any {
	if expandSet(query)["config.current"] {
		return maps.Clone(obj)
	}
	return without(obj, "config")
}

// actionListView leaves out the contract, because the list takes no expand.
// NOTE: whether the real list returns contracts is not documented.
func actionListView(obj map[string]any, query url.Values) map[string]any {
	out := without(obj, "contract")
	if !boolValue(query, "includeConfig", false) {
		delete(out, "config")
	}
	return out
}

// actionGetView ignores flatten: it always returns the schemas unflattened.
func actionGetView(obj map[string]any, query url.Values) map[string]any {
	out := maps.Clone(obj)
	if !expandSet(query)["contract"] {
		delete(out, "contract")
	}
	if !boolValue(query, "includeConfig", false) {
		delete(out, "config")
	}
	return out
}

// oauthClientView never returns the client secret.
func oauthClientView(obj map[string]any, _ url.Values) map[string]any {
	return without(obj, "secret")
}

// without returns a shallow copy of obj without the named keys.
func without(obj map[string]any, keys ...string) map[string]any {
	out := make(map[string]any, len(obj))
	for key, value := range obj {
		if !slices.Contains(keys, key) {
			out[key] = value
		}
	}
	return out
}

// promptView applies includeResources and includeMediaUris, which both
// default to true.
func promptView(obj map[string]any, query url.Values) map[string]any {
	out := maps.Clone(obj)
	if !boolValue(query, "includeResources", true) {
		delete(out, "resources")
		return out
	}
	if boolValue(query, "includeMediaUris", true) {
		return out
	}
	if resources, ok := out["resources"].([]any); ok {
		trimmed := make([]any, len(resources))
		for i, r := range resources {
			if resource, ok := r.(map[string]any); ok {
				trimmed[i] = without(resource, "mediaUri")
			} else {
				trimmed[i] = r
			}
		}
		out["resources"] = trimmed
	}
	return out
}

// dataTableRowView applies showbrief, which defaults to true and then
// returns only the row's key.
func dataTableRowView(obj map[string]any, query url.Values) map[string]any {
	if boolValue(query, "showbrief", true) {
		return map[string]any{"key": obj["key"]}
	}
	return maps.Clone(obj)
}

// phoneListView leaves a listed phone's properties out and shortens its
// lines to references unless expand names them; get-by-id returns both.
// NOTE: the reference does not say what the list leaves out without expand.
// Genesys' own exporter lists phones with expand lines and properties, and
// this models why.
func phoneListView(obj map[string]any, query url.Values) map[string]any {
	expand := expandSet(query)
	out := maps.Clone(obj)
	if !expand["properties"] {
		delete(out, "properties")
	}
	if lines, ok := out["lines"].([]any); ok && !expand["lines"] {
		refs := make([]any, len(lines))
		for i, l := range lines {
			line, _ := l.(map[string]any)
			ref := map[string]any{}
			for _, key := range []string{"id", "name", "selfUri"} {
				if value, ok := line[key]; ok {
					ref[key] = value
				}
			}
			refs[i] = ref
		}
		out["lines"] = refs
	}
	return out
}
