package contract

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gcexport/gcexport/catalog"
)

// placeholder matches a path template's parameter, such as "{queueId}".
var placeholder = regexp.MustCompile(`\{[^}]+\}`)

// templateKey returns a path template with every parameter replaced by
// "{}", so that the catalogue's "{parentId}" and "{id}" match the
// description's "{queueId}".
func templateKey(template string) string {
	return placeholder.ReplaceAllString(template, "{}")
}

// findOperation returns the description's GET operation at the catalogue
// path template, and the description's own template.
func (s *spec) findOperation(template string) (*openapi3.Operation, string) {
	key := templateKey(template)
	for path, item := range s.doc.Paths.Map() {
		if templateKey(path) == key && item.Get != nil {
			return item.Get, path
		}
	}
	return nil, ""
}

// sizeParameter returns the query parameter that sets a type's page size:
// limit for the scan endpoints, pageSize for the other paged lists, and ""
// for unpaged lists and single objects.
func sizeParameter(t *catalog.Type) string {
	switch t.Paging {
	case catalog.PagingScan:
		return "limit"
	case catalog.PagingNone, catalog.PagingObject:
		return ""
	default:
		return "pageSize"
	}
}

// pagingParameters returns the query parameters that the exporter's client
// sets to page through a type's list, besides the page size.
func pagingParameters(t *catalog.Type) []string {
	switch t.Paging {
	case catalog.PagingPageNumber:
		return []string{"pageNumber"}
	case catalog.PagingAfter:
		return []string{"after"}
	case catalog.PagingCursor, catalog.PagingScan:
		return []string{"cursor"}
	default:
		return nil
	}
}

// checkCatalog checks every catalogue type against the description without
// a recording: its list and get paths are operations, the query
// parameters it declares exist with valid values, and its page size is
// within the operation's maximum.
func checkCatalog(s *spec, c *catalog.Catalog, r *report) {
	for _, name := range c.Names() {
		t, _ := c.Type(name)
		if !t.Singleton {
			checkCatalogOperation(s, r, name, "list", t.ListPath, catalogListQueries(t), t)
		}
		checkCatalogOperation(s, r, name, "get", t.GetPath, []url.Values{url.Values(t.GetQuery)}, nil)
	}
}

// catalogListQueries returns the query of every list request a type
// declares: ListQuery with each partition's own query.
func catalogListQueries(t *catalog.Type) []url.Values {
	var out []url.Values
	for _, p := range t.PartitionsOf() {
		q := url.Values{}
		for k, v := range t.ListQuery {
			q[k] = v
		}
		for k, v := range p.Query {
			q[k] = v
		}
		out = append(out, q)
	}
	return out
}

func checkCatalogOperation(s *spec, r *report, typeName, kind, template string, queries []url.Values, paged *catalog.Type) {
	op, path := s.findOperation(template)
	if op == nil {
		r.add(sideRequest, "GET "+template, "catalogue", fmt.Sprintf("%s path of %s is not an operation of the description", kind, typeName), nil)
		return
	}
	operation := "GET " + path
	for _, q := range queries {
		for name, values := range q {
			checkQueryValues(r, operation, op, typeName, name, values)
		}
	}
	if paged == nil {
		return
	}
	for _, name := range pagingParameters(paged) {
		if queryParameter(op, name) == nil {
			r.add(sideRequest, operation, "catalogue", fmt.Sprintf("%s pages with %q, which the operation does not declare", typeName, name), nil)
		}
	}
	if size := sizeParameter(paged); size != "" {
		if queryParameter(op, size) == nil {
			r.add(sideRequest, operation, "catalogue", fmt.Sprintf("%s sets %q, which the operation does not declare", typeName, size), nil)
		}
		limit, source := pageSizeLimit(op, size)
		if paged.PageSize > limit {
			r.add(sideRequest, operation, "page size", fmt.Sprintf("%s asks for %s=%d, over %d (%s)", typeName, size, paged.PageSize, limit, source), nil)
		}
	}
}

// checkQueryValues reports a parameter the operation does not declare, or a
// value its schema rejects, such as a value outside its enum.
func checkQueryValues(r *report, operation string, op *openapi3.Operation, typeName, name string, values []string) {
	p := queryParameter(op, name)
	if p == nil {
		r.add(sideRequest, operation, "catalogue", fmt.Sprintf("%s sends %q, which the operation does not declare", typeName, name), nil)
		return
	}
	if p.Schema == nil || p.Schema.Value == nil {
		return
	}
	schema := p.Schema.Value
	if schema.Type.Is(openapi3.TypeArray) && schema.Items != nil {
		schema = schema.Items.Value
	}
	for _, value := range values {
		if err := schema.VisitJSON(queryValue(schema, value)); err != nil {
			r.add(sideRequest, operation, "catalogue", fmt.Sprintf("%s sends %s=%s: %s", typeName, name, value, flattenErrors(err)[0]), nil)
		}
	}
}

// queryValue parses a query string value as the schema's type.
func queryValue(schema *openapi3.Schema, value string) any {
	switch {
	case schema.Type.Is(openapi3.TypeBoolean):
		if b, err := strconv.ParseBool(value); err == nil {
			return b
		}
	case schema.Type.Is(openapi3.TypeInteger), schema.Type.Is(openapi3.TypeNumber):
		if n, err := strconv.ParseFloat(value, 64); err == nil {
			return n
		}
	}
	return value
}

// typeRequests is what the recording shows of one catalogue type's list
// requests.
type typeRequests struct {
	count int
	// query holds the names of the query parameters sent.
	query map[string]bool
}

// checkRecordedLists checks the page size of every recorded list request
// of a catalogue type against its operation's maximum, and returns the
// list requests per type. Types that share a list path (the users' and the
// groups' authorization subjects) share their requests.
func checkRecordedLists(s *spec, c *catalog.Catalog, r *report, exchanges []Exchange) map[string]*typeRequests {
	byKey := map[string][]*catalog.Type{}
	requests := map[string]*typeRequests{}
	for _, name := range c.Names() {
		t, _ := c.Type(name)
		byKey[templateKey(t.ListPath)] = append(byKey[templateKey(t.ListPath)], t)
		requests[name] = &typeRequests{query: map[string]bool{}}
	}
	for i := range exchanges {
		ex := &exchanges[i]
		if !ex.fromExporter() {
			continue
		}
		route, _, err := s.router.FindRoute(ex.httpRequest())
		if err != nil || ex.Method != http.MethodGet {
			continue
		}
		query := ex.URL.Query()
		for _, t := range byKey[templateKey(route.Path)] {
			requests[t.Name].count++
			for name := range query {
				requests[t.Name].query[name] = true
			}
			size := sizeParameter(t)
			value := query.Get(size)
			if size == "" || value == "" {
				continue
			}
			n, err := strconv.Atoi(value)
			limit, source := pageSizeLimit(route.Operation, size)
			if err != nil || n < 1 || n > limit {
				r.add(sideRequest, "GET "+route.Path, "page size", fmt.Sprintf("%s sent %s=%s, outside 1..%d (%s)", t.Name, size, value, limit, source), ex)
			}
		}
	}
	return requests
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
