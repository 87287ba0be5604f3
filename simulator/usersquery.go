package simulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// usersQueryPath is the cursor listing of users, which has no 10,000-result
// limit: the API documents no cap for it, unlike GET /api/v2/users.
const usersQueryPath = "/api/v2/users/query"

var usersQueryParams = []param{
	stringParam("cursor"), intParam("pageSize"), stringParam("sortOrder"), arrayParam("expand"),
	stringParam("integrationPresenceSource"), arrayParam("userCustomAttributeSchemaIds"),
	enumParam("state", "active", "inactive", "deleted", "any"),
}

// userCursorListing is UserCursorEntityListing.
type userCursorListing struct {
	Entities []map[string]any `json:"entities"`
	NextURI  string           `json:"nextUri,omitempty"`
	SelfURI  string           `json:"selfUri"`
	Cursor   string           `json:"cursor,omitempty"`
}

// serveUsersQuery writes one page of GET /api/v2/users/query. The cursor is
// opaque to clients; here it encodes the offset of the next user.
func (s *Server) serveUsersQuery(w http.ResponseWriter, r *http.Request, query url.Values) *apiError {
	size := defaultPageSize
	if v := query.Get("pageSize"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if size < 1 || size > maxPageSizeLarge {
		return badRequest(fmt.Sprintf("pageSize [%d] must be 1 to %d for GET %s", size, maxPageSizeLarge, usersQueryPath))
	}
	start := 0
	if c := query.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		if err == nil {
			start, err = strconv.Atoi(string(raw))
		}
		if err != nil || start < 0 {
			return badRequest(fmt.Sprintf("Invalid cursor [%s]", c))
		}
	}
	ep := endpointFor(typeUser)
	var selected []map[string]any
	for _, obj := range s.objects[typeUser] {
		if ep.filter == nil || ep.filter(obj, query) {
			selected = append(selected, obj)
		}
	}
	end := min(start+size, len(selected))
	start = min(start, end)
	listing := userCursorListing{Entities: shapeAll(ep.listView, selected[start:end], query), SelfURI: usersQueryPath}
	if r.URL.RawQuery != "" {
		listing.SelfURI += "?" + r.URL.RawQuery
	}
	if end < len(selected) {
		listing.Cursor = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		next := cloneValues(query)
		next.Set("cursor", listing.Cursor)
		listing.NextURI = usersQueryPath + "?" + next.Encode()
	}
	writeOK(w, listing)
	return nil
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
