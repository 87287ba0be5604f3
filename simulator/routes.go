package simulator

import (
	"net/url"
	"strings"
)

// Placeholders of the path templates: a parent object's key and an object's
// id, each filling one path segment.
const (
	parentToken = "{parentId}"
	idToken     = "{id}"
)

// parentKeyField is the fixture-only field through which an object of a
// type listed under a parent names its parent object.
const parentKeyField = "_parentId"

// underParent reports whether the type's objects are listed under parent
// objects and name their parent with parentKeyField.
func (e *endpoint) underParent() bool { return e.parent != "" && !e.perParent }

// idName returns the field that identifies the type's objects.
func (e *endpoint) idName() string {
	if e.idField == "" {
		return "id"
	}
	return e.idField
}

// getTemplate returns the get-by-id path template, or "" when the type has
// no get-by-id.
func (e *endpoint) getTemplate() string {
	switch {
	case e.noGet:
		return ""
	case e.getPath != "":
		return e.getPath
	default:
		return e.path + "/" + idToken
	}
}

// objectKey returns the key that identifies an object in the server's index,
// in faults and in ObjectRequests: the object's id, or for a type listed
// under a parent "<parentKey>_<id>", because such ids are unique only
// within their parent.
func (e *endpoint) objectKey(parentKey, id string) string {
	if e.underParent() {
		return parentKey + "_" + id
	}
	return id
}

// routeTemplate is one list or get-by-id path of an endpoint, split into
// segments.
type routeTemplate struct {
	ep       *endpoint
	kind     routeKind
	segments []string
	literals int
}

var routeTemplates = buildRouteTemplates(endpoints)

func buildRouteTemplates(eps []*endpoint) []routeTemplate {
	var out []routeTemplate
	add := func(ep *endpoint, kind routeKind, template string) {
		if template == "" {
			return
		}
		segments := strings.Split(strings.TrimPrefix(template, "/"), "/")
		literals := 0
		for _, s := range segments {
			if s != parentToken && s != idToken {
				literals++
			}
		}
		out = append(out, routeTemplate{ep: ep, kind: kind, segments: segments, literals: literals})
	}
	for _, ep := range eps {
		add(ep, routeList, ep.path)
		add(ep, routeGet, ep.getTemplate())
	}
	return out
}

// match fills parentKey and id from path segments that the template
// matches. Segments are unescaped, so an id may hold an escaped slash.
func (t routeTemplate) match(segments []string) (parentKey, id string, ok bool) {
	if len(segments) != len(t.segments) {
		return "", "", false
	}
	for i, want := range t.segments {
		got := segments[i]
		switch want {
		case parentToken:
			if got == "" {
				return "", "", false
			}
			parentKey = got
		case idToken:
			if got == "" {
				return "", "", false
			}
			id = got
		default:
			if got != want {
				return "", "", false
			}
		}
	}
	return parentKey, id, true
}

// pathSegments splits an escaped URL path into unescaped segments, or
// returns false when a segment is not valid percent-encoding.
func pathSegments(escapedPath string) ([]string, bool) {
	parts := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for i, p := range parts {
		unescaped, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = unescaped
	}
	return parts, true
}

// resolve returns the operation of a request path. When several templates
// match, the one with more literal segments wins, so that
// /api/v2/integrations/actions is the actions list and not the integration
// "actions". A list wins a tie with a get-by-id, and of two get-by-id
// templates that tie (the users' and the groups' authorization subjects),
// the one that holds the object wins.
func (s *Server) resolve(escapedPath string) route {
	segments, ok := pathSegments(escapedPath)
	if !ok {
		return route{}
	}
	path := "/" + strings.Join(segments, "/")
	switch path {
	case organizationMePath:
		return route{kind: routeOrganization}
	case usersQueryPath:
		return route{kind: routeUsersQuery, ep: endpointFor(typeUser)}
	case consumedResourcesPath:
		return route{kind: routeConsumedResources}
	case homeDivisionPath:
		return route{kind: routeGet, ep: endpointFor(typeDivision), id: s.homeDivisionID, home: true}
	}
	var best route
	bestLiterals := -1
	for _, t := range routeTemplates {
		parentKey, id, ok := t.match(segments)
		if !ok || t.literals < bestLiterals {
			continue
		}
		candidate := route{kind: t.kind, ep: t.ep, parentKey: parentKey, id: id}
		if t.literals == bestLiterals && !s.preferred(candidate, best) {
			continue
		}
		best, bestLiterals = candidate, t.literals
	}
	return best
}

// preferred reports whether candidate wins over current when both match a
// path with as many literal segments.
func (s *Server) preferred(candidate, current route) bool {
	switch {
	case current.kind == routeList:
		return false
	case candidate.kind == routeList:
		return true
	default:
		return s.lookup(current) == nil && s.lookup(candidate) != nil
	}
}

// lookup returns the object of a get-by-id route, or nil.
func (s *Server) lookup(rt route) map[string]any {
	return s.index[rt.ep.typ][rt.key()]
}

// key returns the index key of a get-by-id route's object.
func (rt route) key() string { return rt.ep.objectKey(rt.parentKey, rt.id) }

// listPath returns a list route's path with its parent key filled in.
func (rt route) listPath() string {
	return strings.ReplaceAll(rt.ep.path, parentToken, url.PathEscape(rt.parentKey))
}

// template returns the operation's path template, for messages.
func (rt route) template() string {
	if rt.kind == routeList {
		return rt.ep.path
	}
	return rt.ep.getTemplate()
}
