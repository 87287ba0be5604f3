package genesys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Page is one page of a page-number listing (an *EntityListing).
type Page struct {
	// Entities are the objects exactly as the API returned them.
	Entities   []json.RawMessage
	PageNumber int
	PageSize   int
	// PageCount is the listing's pageCount. When the listing has none, it is
	// computed from Total and PageSize.
	PageCount int
	Total     int64
	NextURI   string // relative, as returned; "" on the last page
}

// CursorPage is one page of a cursor or after-style listing.
type CursorPage struct {
	// Entities are the objects exactly as the API returned them.
	Entities []json.RawMessage
	// Next is the value to pass for the following page; "" on the last.
	Next string
}

// listing is the envelope shared by the Platform API's listings.
type listing struct {
	Entities   *[]json.RawMessage `json:"entities"`
	PageNumber int                `json:"pageNumber"`
	PageSize   int                `json:"pageSize"`
	PageCount  int                `json:"pageCount"`
	Total      int64              `json:"total"`
	NextURI    string             `json:"nextUri"`
	Cursor     string             `json:"cursor"`
	Cursors    struct {
		After string `json:"after"`
	} `json:"cursors"`
}

// GetPage fetches page pageNumber (1-based) of a page-number listing such as
// GET /api/v2/routing/queues. It sets the pageNumber and pageSize query
// parameters. A pageSize of 0 leaves the API's default (25).
func (c *Client) GetPage(ctx context.Context, path string, query url.Values, pageNumber, pageSize int) (*Page, error) {
	if pageNumber < 1 {
		return nil, &Error{Class: ClassInvalid, Method: http.MethodGet, Path: stripQuery(path),
			Message: fmt.Sprintf("page number %d is invalid: pages start at 1", pageNumber)}
	}
	query = cloneQuery(query)
	query.Set("pageNumber", strconv.Itoa(pageNumber))
	if pageSize > 0 {
		query.Set("pageSize", strconv.Itoa(pageSize))
	}

	env, _, err := c.getListing(ctx, path, query)
	if err != nil {
		return nil, err
	}
	page := &Page{
		Entities:   *env.Entities,
		PageNumber: env.PageNumber,
		PageSize:   env.PageSize,
		PageCount:  env.PageCount,
		Total:      env.Total,
		NextURI:    env.NextURI,
	}
	if page.PageCount == 0 && page.Total > 0 && page.PageSize > 0 {
		page.PageCount = int((page.Total + int64(page.PageSize) - 1) / int64(page.PageSize))
	}
	return page, nil
}

// GetAfterPage fetches one page of an after-style listing such as
// GET /api/v2/integrations/credentials/listing. It sets after (unless empty,
// for the first page) and pageSize (unless 0). As in the Terraform
// provider's export, Next is the id of the page's last entity when the
// response has a nextUri, and "" when it has none.
func (c *Client) GetAfterPage(ctx context.Context, path string, query url.Values, after string, pageSize int) (*CursorPage, error) {
	query = cloneQuery(query)
	if after != "" {
		query.Set("after", after)
	}
	if pageSize > 0 {
		query.Set("pageSize", strconv.Itoa(pageSize))
	}

	env, displayPath, err := c.getListing(ctx, path, query)
	if err != nil {
		return nil, err
	}
	page := &CursorPage{Entities: *env.Entities}
	if env.NextURI == "" {
		return page, nil
	}

	if n := len(page.Entities); n > 0 {
		page.Next = entityID(page.Entities[n-1])
	}
	if page.Next == "" {
		// The page is empty or its last entity has no id, so fall back to
		// the after parameter of the next page's link.
		page.Next = queryParam(env.NextURI, "after")
	}
	if page.Next == "" {
		return nil, invalidListing(displayPath, "response has a nextUri but neither the last entity's id nor an after parameter in nextUri")
	}
	if page.Next == after {
		return nil, invalidListing(displayPath, fmt.Sprintf("paging does not advance: the next after value is the current one, %q", after))
	}
	return page, nil
}

// GetCursorPage fetches one page of a cursor listing such as
// GET /api/v2/users/query. It sets cursor (unless empty, for the first
// page) and pageSize (unless 0). Next is the response's cursor field, "" when
// the response has none.
func (c *Client) GetCursorPage(ctx context.Context, path string, query url.Values, cursor string, pageSize int) (*CursorPage, error) {
	query = cloneQuery(query)
	if cursor != "" {
		query.Set("cursor", cursor)
	}
	if pageSize > 0 {
		query.Set("pageSize", strconv.Itoa(pageSize))
	}

	env, displayPath, err := c.getListing(ctx, path, query)
	if err != nil {
		return nil, err
	}
	if env.Cursor != "" && env.Cursor == cursor {
		return nil, invalidListing(displayPath, "paging does not advance: the response returned the cursor of this page")
	}
	return &CursorPage{Entities: *env.Entities, Next: env.Cursor}, nil
}

// GetScanPage fetches one page of a scan listing such as
// GET /api/v2/externalcontacts/scan/contacts. It sets cursor (unless empty,
// for the first page) and limit (unless 0). Next is the response's
// cursors.after, "" when absent. A page may hold no entities and still have
// a next cursor: the scan goes on until the cursor is missing.
func (c *Client) GetScanPage(ctx context.Context, path string, query url.Values, cursor string, limit int) (*CursorPage, error) {
	query = cloneQuery(query)
	if cursor != "" {
		query.Set("cursor", cursor)
	}
	if limit > 0 {
		query.Set("limit", strconv.Itoa(limit))
	}

	env, displayPath, err := c.getListing(ctx, path, query)
	if err != nil {
		return nil, err
	}
	next := env.Cursors.After
	if next != "" && next == cursor {
		return nil, invalidListing(displayPath, "paging does not advance: the response returned the cursor of this page")
	}
	return &CursorPage{Entities: *env.Entities, Next: next}, nil
}

// GetUnpaged fetches a listing that takes no paging parameters but still
// returns the listing envelope, such as GET /api/v2/oauth/clients.
func (c *Client) GetUnpaged(ctx context.Context, path string, query url.Values) ([]json.RawMessage, error) {
	env, _, err := c.getListing(ctx, path, query)
	if err != nil {
		return nil, err
	}
	return *env.Entities, nil
}

// getListing fetches and decodes a listing envelope. A body that is not JSON
// (cut short) is Transient. Valid JSON of the wrong shape, or without an
// entities array, is Invalid because a retry returns the same.
func (c *Client) getListing(ctx context.Context, path string, query url.Values) (*listing, string, error) {
	body, status, displayPath, err := c.get(ctx, path, query)
	if err != nil {
		return nil, displayPath, err
	}

	var env listing
	if err := json.Unmarshal(body, &env); err != nil {
		class := ClassTransient
		message := "cannot decode the listing"
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			class = ClassInvalid
			message = "invalid listing: " + describeTypeError(typeErr)
		}
		return nil, displayPath, &Error{Class: class, Status: status, Method: http.MethodGet,
			Path: displayPath, Message: message, Err: err}
	}
	if env.Entities == nil {
		return nil, displayPath, &Error{Class: ClassInvalid, Status: status, Method: http.MethodGet,
			Path: displayPath, Message: "response has no entities array"}
	}
	if err := env.checkCounts(); err != nil {
		return nil, displayPath, invalidListing(displayPath, "invalid listing: "+err.Error())
	}
	return &env, displayPath, nil
}

// maxPageCount bounds the pageCount a listing may claim. The export
// schedules one activity per page, so a hostile or broken count must not
// reach it: 1,000,000 pages of the smallest page size the catalogue uses
// (100) is ten times the largest config listing seen in an org.
// NOTE: the largest real listing size is an estimate.
const maxPageCount = 1_000_000

// checkCounts rejects paging numbers that no real listing returns:
// negative ones, and a pageCount larger than total and pageSize allow.
func (env *listing) checkCounts() error {
	for _, field := range []struct {
		name  string
		value int64
	}{
		{"total", env.Total}, {"pageCount", int64(env.PageCount)},
		{"pageSize", int64(env.PageSize)}, {"pageNumber", int64(env.PageNumber)},
	} {
		if field.value < 0 {
			return fmt.Errorf("field %s is negative (%d)", field.name, field.value)
		}
	}
	if env.PageCount > maxPageCount {
		return fmt.Errorf("field pageCount %d is over the limit of %d pages", env.PageCount, maxPageCount)
	}
	if env.Total > 0 && env.PageSize > 0 {
		pages := (env.Total + int64(env.PageSize) - 1) / int64(env.PageSize)
		if int64(env.PageCount) > pages {
			return fmt.Errorf("field pageCount %d is more than total %d at pageSize %d allows (%d)",
				env.PageCount, env.Total, env.PageSize, pages)
		}
	}
	return nil
}

func invalidListing(displayPath, message string) *Error {
	return &Error{Class: ClassInvalid, Status: http.StatusOK, Method: http.MethodGet, Path: displayPath, Message: message}
}

func cloneQuery(query url.Values) url.Values {
	cloned := make(url.Values, len(query)+2)
	for name, values := range query {
		cloned[name] = append([]string(nil), values...)
	}
	return cloned
}

// entityID returns the string id of a JSON object, or "" when it has none.
func entityID(entity json.RawMessage) string {
	var object struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(entity, &object) != nil {
		return ""
	}
	return object.ID
}

func queryParam(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Query().Get(name)
}
