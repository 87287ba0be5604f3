package simulator

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
)

// scanShards is the number of partitions a scan walks through, one after
// another. A page never spans two partitions, so a scan takes at least this
// many requests. A partition with no objects yields a page with no entities
// that still carries the next cursor. Genesys documents this of the real
// scan: a page may hold fewer rows than asked, even none, and the scan goes
// on until cursors.after is missing.
// NOTE: the real partitioning is not documented; hashing ids into 16 shards
// is a model that produces those short and empty pages.
const scanShards = 16

const defaultScanLimit = 100

// scanListing is CursorContactListing and CursorOrganizationListing.
type scanListing struct {
	Entities    []map[string]any `json:"entities"`
	NextURI     string           `json:"nextUri,omitempty"`
	SelfURI     string           `json:"selfUri"`
	PreviousURI string           `json:"previousUri,omitempty"`
	Cursors     *scanCursors     `json:"cursors,omitempty"`
}

// scanCursors holds the cursor of the next page. Its before cursor is left
// out, because a scan only goes forward.
type scanCursors struct {
	After string `json:"after"`
}

// scanPosition is the resume point of a scan: after the object with id
// last in shard, or the start of shard when last is empty.
type scanPosition struct {
	shard int
	last  string
}

func (p scanPosition) cursor() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(p.shard) + ":" + p.last))
}

func parseScanCursor(cursor string) (scanPosition, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return scanPosition{}, false
	}
	shard, last, ok := strings.Cut(string(raw), ":")
	n, err := strconv.Atoi(shard)
	if !ok || err != nil || n < 0 || n >= scanShards {
		return scanPosition{}, false
	}
	return scanPosition{shard: n, last: last}, true
}

func scanShard(id string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % scanShards)
}

// scanPage returns the page of a scan listing that starts at the request's
// cursor, or at the first shard without one. Each shard's objects are
// sorted by id.
func scanPage(path, rawQuery string, query url.Values, shards *[scanShards][]map[string]any) (scanListing, *apiError) {
	limit := defaultScanLimit
	if v := query.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if limit < minScanLimit || limit > maxScanLimit {
		return scanListing{}, badRequest(fmt.Sprintf("limit [%d] must be between %d and %d for GET %s",
			limit, minScanLimit, maxScanLimit, path))
	}
	position := scanPosition{}
	cursor := query.Get("cursor")
	if cursor != "" {
		var ok bool
		if position, ok = parseScanCursor(cursor); !ok {
			return scanListing{}, badRequest(fmt.Sprintf("Invalid cursor [%s] for GET %s", cursor, path))
		}
	}

	shard := shards[position.shard]
	start := 0
	if position.last != "" {
		start = firstIndexAfter(shard, "id", position.last)
	}
	end := min(start+limit, len(shard))
	entities := append([]map[string]any{}, shard[start:end]...)
	more := end < len(shard)

	listing := scanListing{Entities: entities, SelfURI: path}
	if rawQuery != "" {
		listing.SelfURI = path + "?" + rawQuery
	}
	var next *scanPosition
	switch {
	case more:
		next = &scanPosition{shard: position.shard, last: stringAt(entities[len(entities)-1], "id")}
	case position.shard+1 < scanShards:
		next = &scanPosition{shard: position.shard + 1}
	}
	if next != nil {
		after := next.cursor()
		listing.Cursors = &scanCursors{After: after}
		listing.NextURI = fmt.Sprintf("%s?cursor=%s%s", path, url.QueryEscape(after), otherParams(rawQuery, "cursor"))
	}
	return listing, nil
}
