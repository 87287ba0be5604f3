package simulator

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

const defaultPageSize = 25

// inactiveUserResultLimit is the number of results beyond which
// GET /api/v2/users?state=inactive returns 400, so an exporter can read at
// most 20 pages of 500.
const inactiveUserResultLimit = 10000

// phoneResultLimit is the number of results beyond which the phones list,
// when filtered or sorted by a field other than the id, returns no more.
const phoneResultLimit = 10000

// entityListing is the standard envelope of page-numbered lists.
type entityListing struct {
	Entities    []map[string]any `json:"entities"`
	PageSize    int              `json:"pageSize"`
	PageNumber  int              `json:"pageNumber"`
	Total       int              `json:"total"`
	FirstURI    string           `json:"firstUri"`
	SelfURI     string           `json:"selfUri"`
	NextURI     string           `json:"nextUri,omitempty"`
	PreviousURI string           `json:"previousUri,omitempty"`
	LastURI     string           `json:"lastUri"`
	PageCount   int              `json:"pageCount"`
}

// openListing is the envelope of page-numbered lists without a total, such
// as QueueMemberEntityListing: nextUri is the only sign of another page.
type openListing struct {
	Entities    []map[string]any `json:"entities"`
	PageNumber  int              `json:"pageNumber"`
	PageSize    int              `json:"pageSize"`
	FirstURI    string           `json:"firstUri"`
	SelfURI     string           `json:"selfUri"`
	NextURI     string           `json:"nextUri,omitempty"`
	PreviousURI string           `json:"previousUri,omitempty"`
}

// totalListing is the envelope of the unpaged schema listings, such as
// DataSchemaListing and CoretypeListing.
type totalListing struct {
	Total    int              `json:"total"`
	Entities []map[string]any `json:"entities"`
	SelfURI  string           `json:"selfUri"`
}

// entitiesListing is BusinessRulesDataSchemaListing, which has no total.
// Its nextUri and previousUri are left out: the list is not paged.
type entitiesListing struct {
	Entities []map[string]any `json:"entities"`
	SelfURI  string           `json:"selfUri"`
}

// cursorListing is the envelope of the after/before listings: the
// credentials listing, teams and skill groups.
type cursorListing struct {
	Entities    []map[string]any `json:"entities"`
	NextURI     string           `json:"nextUri,omitempty"`
	SelfURI     string           `json:"selfUri"`
	PreviousURI string           `json:"previousUri,omitempty"`
}

// pageRequest is a validated pageNumber and pageSize.
type pageRequest struct {
	number, size int
}

// parsePageRequest reads pageNumber and pageSize, which validateQuery has
// already checked to be integers.
func parsePageRequest(query url.Values, maxSize int, operation string) (pageRequest, *apiError) {
	page := pageRequest{number: 1, size: defaultPageSize}
	if v := query.Get("pageSize"); v != "" {
		page.size, _ = strconv.Atoi(v)
	}
	if v := query.Get("pageNumber"); v != "" {
		page.number, _ = strconv.Atoi(v)
	}
	if page.size < 1 {
		return page, badRequest(fmt.Sprintf("pageSize [%d] must be at least 1", page.size))
	}
	if page.size > maxSize {
		return page, badRequest(fmt.Sprintf("pageSize [%d] is over the maximum of [%d] for %s",
			page.size, maxSize, operation))
	}
	if page.number < 1 {
		return page, badRequest(fmt.Sprintf("pageNumber [%d] must be at least 1", page.number))
	}
	return page, nil
}

// checkInactiveUserLimit rejects a page that ends beyond the 10,000th
// inactive user, whether or not that many exist.
// NOTE: the real message text of this 400 is not documented.
func checkInactiveUserLimit(page pageRequest) *apiError {
	if page.number > inactiveUserResultLimit || page.number*page.size > inactiveUserResultLimit {
		return badRequest(fmt.Sprintf(
			"pageNumber [%d] x pageSize [%d] is beyond the limit of %d results for users with state inactive",
			page.number, page.size, inactiveUserResultLimit))
	}
	return nil
}

// phoneFilterParams are the filters of GET
// /api/v2/telephony/providers/edges/phones.
var phoneFilterParams = []string{
	"site.id", "webRtcUser.id", "phoneBaseSettings.id", "lines.loggedInUser.id",
	"lines.defaultForUser.id", "phone_hardwareId", "lines.id", "lines.name", "name",
	"status.operationalStatus", "secondaryStatus.operationalStatus",
}

// phoneListCapped reports whether a phone list request falls under the cap
// of its API reference: "A maximum of 10,000 results is returned when
// filtering the results or sorting by a field other than the ID. Sorting by
// only the ID has no result limit." sortBy defaults to name.
func phoneListCapped(query url.Values) bool {
	if !strings.EqualFold(query.Get("sortBy"), "id") {
		return true
	}
	for _, name := range phoneFilterParams {
		if query.Get(name) != "" {
			return true
		}
	}
	return false
}

// checkPhoneResultLimit rejects a page that ends beyond the 10,000th phone.
// NOTE: the reference states that the results stop at 10,000 but not how,
// so this returns 400 as the inactive users list does.
func checkPhoneResultLimit(page pageRequest) *apiError {
	if page.number > phoneResultLimit || page.number*page.size > phoneResultLimit {
		return badRequest(fmt.Sprintf(
			"pageNumber [%d] x pageSize [%d] is beyond the limit of %d results for phones filtered or sorted by a field other than id",
			page.number, page.size, phoneResultLimit))
	}
	return nil
}

// listPage returns one page of objects, which are sorted by id, with URIs
// relative to the API host that keep the caller's other query parameters.
// A page past the end has no entities but the true total and pageCount.
// NOTE: pageCount of an empty list is 0 here. The API reference does not
// say whether the real API returns 0 or 1.
func listPage(path, rawQuery string, page pageRequest, objects []map[string]any) entityListing {
	total := len(objects)
	pageCount := (total + page.size - 1) / page.size
	entities := []map[string]any{}
	if page.number <= pageCount {
		start := (page.number - 1) * page.size
		end := min(start+page.size, total)
		entities = objects[start:end]
	}
	rest := otherParams(rawQuery, "pageSize", "pageNumber")
	uri := func(number int) string {
		return fmt.Sprintf("%s?pageSize=%d&pageNumber=%d%s", path, page.size, number, rest)
	}
	listing := entityListing{
		Entities:   entities,
		PageSize:   page.size,
		PageNumber: page.number,
		Total:      total,
		FirstURI:   uri(1),
		SelfURI:    uri(page.number),
		LastURI:    uri(max(pageCount, 1)),
		PageCount:  pageCount,
	}
	if page.number < pageCount {
		listing.NextURI = uri(page.number + 1)
	}
	if page.number > 1 {
		listing.PreviousURI = uri(page.number - 1)
	}
	return listing
}

// openPage returns one page of objects in the envelope without a total:
// nextUri is set while objects remain.
func openPage(path, rawQuery string, page pageRequest, objects []map[string]any) openListing {
	full := listPage(path, rawQuery, page, objects)
	return openListing{
		Entities:    full.Entities,
		PageNumber:  full.PageNumber,
		PageSize:    full.PageSize,
		FirstURI:    full.FirstURI,
		SelfURI:     full.SelfURI,
		NextURI:     full.NextURI,
		PreviousURI: full.PreviousURI,
	}
}

// unpagedList returns every object in the standard envelope, as
// GET /api/v2/oauth/clients does although it takes no paging parameters.
// NOTE: the page size and URIs of the real unpaged envelope are not
// documented. Here pageSize is the total and all URIs are the list path.
func unpagedList(path string, objects []map[string]any) entityListing {
	pageCount := 0
	if len(objects) > 0 {
		pageCount = 1
	}
	return entityListing{
		Entities:   objects,
		PageSize:   len(objects),
		PageNumber: 1,
		Total:      len(objects),
		FirstURI:   path,
		SelfURI:    path,
		LastURI:    path,
		PageCount:  pageCount,
	}
}

// cursorPage builds a page of an after/before listing. The after cursor is
// the value of idField of the last entity of the previous page, and before
// that of the first entity of the next page. objects are sorted by idField,
// so a cursor also works after its object is gone.
// NOTE: the real cursors of teams and skill groups may be opaque tokens;
// here they are ids, as the credentials listing's are. The default page
// size is not documented; 25 is the API's usual default.
func cursorPage(path, rawQuery string, query url.Values, objects []map[string]any, maxSize int, idField string) (cursorListing, *apiError) {
	size := defaultPageSize
	if v := query.Get("pageSize"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if size < 1 {
		return cursorListing{}, badRequest(fmt.Sprintf("pageSize [%d] must be at least 1", size))
	}
	if size > maxSize {
		return cursorListing{}, badRequest(fmt.Sprintf("pageSize [%d] is over the maximum of [%d] for GET %s",
			size, maxSize, path))
	}
	after, before := query.Get("after"), query.Get("before")
	if after != "" && before != "" {
		return cursorListing{}, badRequest("Query parameters [after] and [before] cannot be combined")
	}

	start, end := 0, len(objects)
	switch {
	case after != "":
		start = firstIndexAfter(objects, idField, after)
		end = min(start+size, len(objects))
	case before != "":
		end = firstIndexAfter(objects, idField, before)
		if end > 0 && stringAt(objects[end-1], idField) == before {
			end--
		}
		start = max(end-size, 0)
	default:
		end = min(size, len(objects))
	}

	listing := cursorListing{Entities: objects[start:end], SelfURI: path}
	if rawQuery != "" {
		listing.SelfURI = path + "?" + rawQuery
	}
	if start == end {
		listing.Entities = []map[string]any{}
		return listing, nil
	}
	if end < len(objects) {
		listing.NextURI = fmt.Sprintf("%s?pageSize=%d&after=%s", path, size,
			url.QueryEscape(stringAt(objects[end-1], idField)))
	}
	if start > 0 {
		listing.PreviousURI = fmt.Sprintf("%s?pageSize=%d&before=%s", path, size,
			url.QueryEscape(stringAt(objects[start], idField)))
	}
	return listing, nil
}

// otherParams returns the raw query's parameters other than the named ones,
// in the caller's order and encoding, each with a leading "&".
func otherParams(rawQuery string, names ...string) string {
	var b strings.Builder
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		if decoded, err := url.QueryUnescape(key); err == nil {
			key = decoded
		}
		skip := false
		for _, name := range names {
			skip = skip || key == name
		}
		if !skip {
			b.WriteString("&")
			b.WriteString(pair)
		}
	}
	return b.String()
}
