package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// serveList writes one page of a list route, shaped by the endpoint's
// paging style.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, rt route, query url.Values) *apiError {
	ep := rt.ep
	objects := s.objects[ep.typ]
	if ep.underParent() {
		if s.index[ep.parent][rt.parentKey] == nil {
			return notFound(fmt.Sprintf("The requested resource was not found: no %s with id [%s]",
				ep.parent, rt.parentKey))
		}
		objects = s.children[ep.typ][rt.parentKey]
	}
	path := rt.listPath()
	operation := "GET " + ep.path

	var page pageRequest
	if ep.paging == pageNumbered || ep.paging == pageNumberedOpen {
		var err *apiError
		if page, err = parsePageRequest(query, ep.maxPageSize, operation); err != nil {
			return err
		}
		if err := checkResultLimit(ep.typ, page, query); err != nil {
			return err
		}
	}

	sel := s.selection(ep, rt.parentKey, objects, query)
	selected := sel.objects

	switch ep.paging {
	case pageCursor:
		listing, err := cursorPage(path, r.URL.RawQuery, query, selected, ep.maxPageSize, ep.idName())
		if err != nil {
			return err
		}
		listing.Entities = shapeAll(ep.listView, listing.Entities, query)
		writeOK(w, listing)
	case pageScan:
		listing, err := scanPage(path, r.URL.RawQuery, query, sel.shards())
		if err != nil {
			return err
		}
		listing.Entities = shapeAll(ep.listView, listing.Entities, query)
		writeOK(w, listing)
	case pageNone:
		writeOK(w, unpagedList(path, shapeAll(ep.listView, selected, query)))
	case pageTotal:
		entities := shapeAll(ep.listView, selected, query)
		writeOK(w, totalListing{Total: len(entities), Entities: entities, SelfURI: path})
	case pageEntities:
		writeOK(w, entitiesListing{Entities: shapeAll(ep.listView, selected, query), SelfURI: path})
	case pageNumberedOpen:
		listing := openPage(path, r.URL.RawQuery, page, selected)
		listing.Entities = shapeAll(ep.listView, listing.Entities, query)
		writeOK(w, listing)
	default:
		listing := listPage(path, r.URL.RawQuery, page, selected)
		listing.Entities = shapeAll(ep.listView, listing.Entities, query)
		writeOK(w, listing)
	}
	return nil
}

// checkResultLimit rejects the pages that some lists refuse to serve past
// their 10,000th result: inactive users always, and phones when the list
// is filtered or sorted by a field other than the id.
func checkResultLimit(typ string, page pageRequest, query url.Values) *apiError {
	switch {
	case typ == typeUser && strings.EqualFold(query.Get("state"), "inactive"):
		return checkInactiveUserLimit(page)
	case typ == typePhone && phoneListCapped(query):
		return checkPhoneResultLimit(page)
	}
	return nil
}
