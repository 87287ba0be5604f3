package simulator

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

type routeKind int

const (
	routeNone routeKind = iota
	routeList
	routeGet
	routeOrganization
	routeUsersQuery
	routeConsumedResources
)

// route is the operation of a request path, and for get-by-id its object.
type route struct {
	kind routeKind
	ep   *endpoint
	// parentKey is the parent object of a type listed under a parent.
	parentKey string
	id        string // object of a get-by-id request
	home      bool   // GET /api/v2/authorization/divisions/home
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == tokenPath {
		if s.faults.throttleToken() {
			s.serveTokenThrottled(w, r)
			return
		}
		s.serveToken(w, r)
		return
	}
	s.totalRequests.Add(1)
	err := s.serveAPI(w, r)
	if err == nil {
		s.log.Debug("api request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"status", http.StatusOK)
		return
	}
	writeError(w, err)
	// A request the simulator cannot serve as sent is a client bug worth a
	// warning. Auth failures, faults and rate limits are the simulator's job.
	level := slog.LevelDebug
	if err.status == http.StatusBadRequest || err.status == http.StatusNotFound ||
		err.status == http.StatusMethodNotAllowed {
		level = slog.LevelWarn
	}
	s.log.Log(r.Context(), level, "api request failed", "method", r.Method, "path", r.URL.Path,
		"query", r.URL.RawQuery, "status", err.status, "code", err.code, "message", err.message)
}

// serveAPI checks a request's token, rate limit, path, method and query
// parameters before it applies faults, so that a request the exporter got
// wrong fails with 401, 404 or 400 whatever faults the fixture holds. It
// writes successful responses and returns errors for the caller to send.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) *apiError {
	if isFlowExportPath(r.URL.Path) {
		return s.serveFlowExport(w, r)
	}
	token, err := s.authenticate(r)
	if err != nil {
		return err
	}

	rt := s.resolve(r.URL.EscapedPath())
	if rt.kind == routeGet && rt.id != "" {
		s.countObject(rt.ep.typ, rt.key())
	}
	if err := s.faults.limit(token); err != nil {
		return err
	}

	if rt.kind == routeNone {
		return notFound(fmt.Sprintf("The requested resource was not found: no operation at %s", r.URL.Path))
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		return errorForStatus(http.StatusMethodNotAllowed)
	}
	query, parseErr := url.ParseQuery(r.URL.RawQuery)
	if parseErr != nil {
		return badRequest(fmt.Sprintf("Invalid query string: %v", parseErr))
	}
	operation, params := rt.operation()
	if err := validateQuery(operation, params, query); err != nil {
		return err
	}

	if rt.kind == routeOrganization {
		writeOK(w, organizationBody(s.org))
		return nil
	}
	if rt.kind == routeUsersQuery {
		if err := s.faults.match(typeUser, ""); err != nil {
			return err
		}
		return s.serveUsersQuery(w, r, query)
	}
	if rt.kind == routeConsumedResources {
		return s.serveConsumedResources(w, r, query)
	}
	faultKey := ""
	if rt.kind == routeGet {
		faultKey = rt.key()
	}
	req := faultRequest{typ: rt.ep.typ, id: faultKey, list: rt.kind == routeList, page: listPageNumber(rt, query)}
	fault := s.faults.matchRequest(req, true)
	switch {
	case fault != nil && fault.Kind == "":
		return fault.apiError()
	case fault != nil && fault.Kind == FaultExpireToken:
		s.tokens.expire(token)
		return errorForStatus(http.StatusUnauthorized)
	}
	return s.serveFaulted(w, r, rt, query, req, fault)
}

// serveRoute writes the response of a list or get-by-id route.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, rt route, query url.Values) *apiError {
	if rt.kind == routeList {
		return s.serveList(w, r, rt, query)
	}
	return s.serveGet(w, rt, query)
}

// operation returns the operation's name for messages and its parameters.
func (rt route) operation() (string, []param) {
	switch {
	case rt.kind == routeOrganization:
		return "GET " + organizationMePath, nil
	case rt.kind == routeUsersQuery:
		return "GET " + usersQueryPath, usersQueryParams
	case rt.kind == routeConsumedResources:
		return "GET " + consumedResourcesPath, consumedResourcesParams
	case rt.home:
		return "GET " + homeDivisionPath, nil
	case rt.kind == routeList:
		return "GET " + rt.ep.path, rt.ep.listParams
	default:
		return "GET " + rt.ep.getTemplate(), rt.ep.getParams
	}
}

func (s *Server) serveGet(w http.ResponseWriter, rt route, query url.Values) *apiError {
	obj := s.lookup(rt)
	if obj != nil && s.faults.hidden(rt.ep.typ, rt.key()) {
		obj = nil
	}
	if obj == nil && rt.home {
		return notFound("The requested resource was not found: the org has no home division")
	}
	if obj == nil && rt.ep.underParent() && s.index[rt.ep.parent][rt.parentKey] == nil {
		return notFound(fmt.Sprintf("The requested resource was not found: no %s with id [%s]", rt.ep.parent, rt.parentKey))
	}
	if obj == nil {
		return notFound(fmt.Sprintf("The requested resource was not found: no %s with id [%s]", rt.ep.typ, rt.id))
	}
	writeOK(w, shape(rt.ep.getView, obj, query))
	return nil
}

func shape(v view, obj map[string]any, query url.Values) map[string]any {
	if v == nil {
		return obj
	}
	return v(obj, query)
}

// shapeAll returns a new slice, so the caller's slice keeps the stored
// objects.
func shapeAll(v view, objects []map[string]any, query url.Values) []map[string]any {
	out := make([]map[string]any, len(objects))
	for i, obj := range objects {
		out[i] = shape(v, obj, query)
	}
	return out
}

// writeOK sends a 200 with a fresh correlation id, which every API response
// carries.
func writeOK(w http.ResponseWriter, v any) {
	setCorrelationID(w, newUUID())
	writeJSON(w, http.StatusOK, v)
}

// organizationBody returns GET /api/v2/organizations/me for org.
// NOTE: domain and thirdPartyOrgName are made from the org name (lower-case
// letters and digits), and the language and country are fixed to en-us and
// US, because a fixture's org holds only id, name and region.
func organizationBody(org Org) map[string]any {
	short := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, org.Name)
	if short == "" {
		short = "org"
	}
	return map[string]any{
		"id":                 org.ID,
		"name":               org.Name,
		"defaultLanguage":    "en-us",
		"defaultCountryCode": "US",
		"domain":             short,
		"thirdPartyOrgName":  short,
		"version":            1,
		"state":              "active",
		"voicemailEnabled":   true,
		"productPlatform":    "GenesysCloud",
		"selfUri":            "/api/v2/organizations/" + org.ID,
	}
}
