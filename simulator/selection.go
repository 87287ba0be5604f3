package simulator

import (
	"net/url"
	"slices"
	"sort"
	"sync"
)

// selection is the part of a list that a request's filters keep, in list
// order. Its scan shards are made on first use.
type selection struct {
	objects []map[string]any

	shardOnce sync.Once
	byShard   [scanShards][]map[string]any
}

// shards returns the selection split by scan shard, each part in id order.
func (sel *selection) shards() *[scanShards][]map[string]any {
	sel.shardOnce.Do(func() {
		for _, obj := range sel.objects {
			shard := scanShard(stringAt(obj, "id"))
			sel.byShard[shard] = append(sel.byShard[shard], obj)
		}
	})
	return &sel.byShard
}

// selectionKey names a selection: the list, its parent and the request's
// parameters other than paging.
type selectionKey struct {
	typ, parent, query string
}

// pageChoosers are the list parameters that choose a page, not objects.
var pageChoosers = []string{"pageNumber", "pageSize", "cursor", "after", "before", "limit"}

// selection returns the objects of a list that pass its filter and that no
// fault hides. Without faults that hide or reveal objects, every page of a
// listing has the same selection, which is kept, so that paging through a
// large list costs each request its page and not the whole list. The kept
// selections are never dropped: a server receives a bounded set of queries
// in tests and benchmarks, and each selection costs a pointer per object.
func (s *Server) selection(ep *endpoint, parentKey string, objects []map[string]any, query url.Values) *selection {
	if s.faults.mutates {
		return s.selectFrom(ep, parentKey, objects, query)
	}
	filters := url.Values{}
	for name, values := range query {
		filters[name] = values
	}
	for _, name := range pageChoosers {
		delete(filters, name)
	}

	key := selectionKey{typ: ep.typ, parent: parentKey, query: filters.Encode()}
	s.selectionsMu.Lock()
	sel, ok := s.selections[key]
	s.selectionsMu.Unlock()
	if ok {
		return sel
	}
	// Two first pages of one listing may both filter it. Either result is
	// the same, and the lock is not held while a large list is filtered.
	sel = s.selectFrom(ep, parentKey, objects, query)
	s.selectionsMu.Lock()
	defer s.selectionsMu.Unlock()
	if existing, ok := s.selections[key]; ok {
		return existing
	}
	if s.selections == nil {
		s.selections = map[selectionKey]*selection{}
	}
	s.selections[key] = sel
	return sel
}

func (s *Server) selectFrom(ep *endpoint, parentKey string, objects []map[string]any, query url.Values) *selection {
	if ep.filter == nil && !s.faults.mutates {
		return &selection{objects: objects}
	}
	selected := make([]map[string]any, 0, len(objects))
	for _, obj := range objects {
		if s.faults.hidden(ep.typ, ep.objectKey(parentKey, stringAt(obj, ep.idName()))) {
			continue
		}
		if ep.filter == nil || ep.filter(obj, query) {
			selected = append(selected, obj)
		}
	}
	return &selection{objects: slices.Clip(selected)}
}

// firstIndexAfter returns the index of the first object whose idField
// value sorts after id. objects are sorted by idField.
func firstIndexAfter(objects []map[string]any, idField, id string) int {
	return sort.Search(len(objects), func(i int) bool { return stringAt(objects[i], idField) > id })
}
