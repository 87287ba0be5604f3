package filter

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Request fields whose entries an Error names.
const (
	ListInclude   = "include"
	ListExclude   = "exclude"
	ListDivisions = "divisions"
)

// Error is one invalid entry of a request's include, exclude or divisions
// list. Compile returns every Error it finds, joined with errors.Join, so a
// caller can find the first with errors.As or all of them by unwrapping.
type Error struct {
	// List is the request field: ListInclude, ListExclude or ListDivisions.
	List string
	// Index is the entry's position in List, from 0.
	Index int
	// Entry is the entry as written in the request.
	Entry string
	// Reason describes what is wrong with the entry.
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("filter: %s[%d] %q: %s", e.List, e.Index, e.Entry, e.Reason)
}

// joinErrors sorts errs by list name, position and reason, so that the
// message is the same for the same request, and joins them.
func joinErrors(errs []*Error) error {
	slices.SortFunc(errs, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.List, b.List),
			cmp.Compare(a.Index, b.Index),
			cmp.Compare(a.Reason, b.Reason),
		)
	})
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}
