package simulator

import (
	"net/url"
	"slices"
	"strings"
)

// The list filters below are the unambiguous ones: ids, divisions, user
// state, flow type and deletion, integration type.
// NOTE: the other documented filters (name, sortBy, sortOrder, jabberId,
// permission, category...) are accepted and ignored, so a request that uses
// them gets every object of the type, in id order.

// idFilter keeps the objects whose id is among the values of the named list
// parameter, when the request sends it.
func idFilter(name string) filter {
	return func(obj map[string]any, query url.Values) bool {
		ids := listValues(query, name)
		return len(ids) == 0 || slices.Contains(ids, stringAt(obj, "id"))
	}
}

// divisionFilter applies divisionId. An object in every division (division
// id "*", as wrap-up codes can be) matches any divisionId.
func divisionFilter(obj map[string]any, query url.Values) bool {
	ids := listValues(query, "divisionId")
	if len(ids) == 0 {
		return true
	}
	division := stringAt(obj, "division", "id")
	return division == "*" || slices.Contains(ids, division)
}

// userFilter applies state, which defaults to active, and id. A user
// without a state is active.
func userFilter(obj map[string]any, query url.Values) bool {
	state := strings.ToLower(query.Get("state"))
	if state == "" {
		state = "active"
	}
	userState := stringAt(obj, "state")
	if userState == "" {
		userState = "active"
	}
	if state != "any" && state != userState {
		return false
	}
	return userIDFilter(obj, query)
}

var userIDFilter = idFilter("id")

// flowFilter applies type (case-insensitive) and deleted ("Include
// deleted"), which defaults to false so that deleted flows stay out.
func flowFilter(obj map[string]any, query url.Values) bool {
	if deleted, _ := obj["deleted"].(bool); deleted && !boolValue(query, "deleted", false) {
		return false
	}
	types := listValues(query, "type")
	return len(types) == 0 || containsFold(types, stringAt(obj, "type"))
}

func integrationTypeFilter(obj map[string]any, query url.Values) bool {
	want := query.Get("integrationType")
	return want == "" || stringAt(obj, "integrationType", "id") == want
}

func allFilters(filters ...filter) filter {
	return func(obj map[string]any, query url.Values) bool {
		for _, f := range filters {
			if !f(obj, query) {
				return false
			}
		}
		return true
	}
}

// stringAt returns the string at a path of object keys, or "".
func stringAt(obj map[string]any, path ...string) string {
	var current any = obj
	for _, key := range path {
		m, ok := current.(map[string]any)
		if !ok {
			return ""
		}
		current = m[key]
	}
	s, _ := current.(string)
	return s
}

// managedFilter applies managed, which selects Genesys-managed or the org's
// own sites, edge groups and trunk base settings. Without it both come.
func managedFilter(obj map[string]any, query url.Values) bool {
	want := query.Get("managed")
	if want == "" {
		return true
	}
	managed, _ := obj["managed"].(bool)
	return managed == strings.EqualFold(want, "true")
}

// memberByFilter applies memberBy, which selects the queue members added
// as users or those added through a group.
func memberByFilter(obj map[string]any, query url.Values) bool {
	want := query.Get("memberBy")
	return want == "" || strings.EqualFold(stringAt(obj, "memberBy"), want)
}

// scanDivisionFilter applies a scan's divisionId, whose default "*" scans
// every division.
func scanDivisionFilter(obj map[string]any, query url.Values) bool {
	want := query.Get("divisionId")
	return want == "" || want == "*" || stringAt(obj, "division", "id") == want
}
