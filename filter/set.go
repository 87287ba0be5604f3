package filter

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gcexport/gcexport/catalog"
)

// ErrNoTypes is the error of a request whose include and exclude lists
// leave no type to export.
var ErrNoTypes = errors.New("include and exclude leave no type to export: exclude wins over include, and a type that exclude names takes the types listed under it along")

// Set is a compiled include list, exclude list and divisions list. Build it
// with Compile.
type Set struct {
	// rules holds the rules of every catalogue type, selected or not.
	rules map[string]*typeRules
	// selected is the sorted list of types that can contribute objects.
	selected []string
	// include and exclude are the canonical filter strings, sorted and
	// without repeats, for String.
	include, exclude []string
	// divisions is nil when the request has no division filter.
	divisions    map[string]bool
	divisionList []string
}

// typeRules are the rules the Set applies to the objects of one type.
type typeRules struct {
	// nameField is the object field that regex filters match.
	nameField string
	// idField is the object field that id filters compare.
	idField string
	// divisioned marks a type that declares a division.id reference.
	divisioned bool
	// included marks a type that an include filter names, or every type
	// when the include list is empty.
	included bool
	// excluded marks a type named by a bare type in the exclude list, or
	// listed under such a type.
	excluded bool
	// includeAll marks a type whose include filters match every object.
	includeAll bool
	// include and exclude hold the object-level filters.
	include, exclude []rule
}

func (t *typeRules) isSelected() bool {
	return t.included && !t.excluded
}

// Compile parses the request's include, exclude and divisions lists against
// cat. It returns every invalid entry, each as an *Error, joined and sorted
// by list and position.
func Compile(cat *catalog.Catalog, include, exclude, divisions []string) (*Set, error) {
	if cat == nil {
		return nil, errors.New("filter: Compile needs a catalogue, got nil")
	}
	names := cat.Names()
	var errs []*Error
	includeRules := parseList(ListInclude, include, names, &errs)
	excludeRules := parseList(ListExclude, exclude, names, &errs)
	divisionIDs := parseDivisions(divisions, &errs)
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}

	s := &Set{rules: make(map[string]*typeRules, len(names))}
	for _, name := range names {
		typ, _ := cat.Type(name)
		s.rules[name] = newTypeRules(typ, len(include) == 0)
	}
	for _, r := range includeRules {
		t := s.rules[r.typ]
		t.included = true
		if r.kind == kindType {
			t.includeAll = true
		} else {
			t.include = append(t.include, r)
		}
	}
	for _, r := range excludeRules {
		t := s.rules[r.typ]
		if r.kind == kindType {
			t.excluded = true
		} else {
			t.exclude = append(t.exclude, r)
		}
	}
	excludeUnder(cat, names, s.rules)
	for _, name := range names {
		if s.rules[name].isSelected() {
			s.selected = append(s.selected, name)
		}
	}
	s.include = canonical(includeRules)
	s.exclude = canonical(excludeRules)
	if len(divisionIDs) > 0 {
		s.divisions = make(map[string]bool, len(divisionIDs))
		for _, id := range divisionIDs {
			s.divisions[id] = true
		}
		s.divisionList = sortedUnique(divisionIDs)
	}
	return s, nil
}

// excludeUnder leaves out every type listed under a type that exclude
// names as a bare type, whatever include lists, because listing it would
// export the parents too.
func excludeUnder(cat *catalog.Catalog, names []string, rules map[string]*typeRules) {
	for _, name := range names {
		for typ, _ := cat.Type(name); typ.Parent != ""; typ, _ = cat.Type(typ.Parent) {
			if rules[typ.Parent].excluded {
				rules[name].excluded = true
				break
			}
		}
	}
}

func newTypeRules(typ *catalog.Type, includeAll bool) *typeRules {
	t := &typeRules{
		nameField:  "name",
		idField:    "id",
		included:   includeAll,
		includeAll: includeAll,
	}
	if typ.IDField != "" {
		t.nameField = typ.IDField
		t.idField = typ.IDField
	}
	for _, ref := range typ.Refs {
		if ref.Path == divisionPath {
			t.divisioned = true
		}
	}
	return t
}

// parseList parses one list of filter strings, appending an *Error for
// every problem, and returns the valid rules without repeats.
func parseList(list string, entries, names []string, errs *[]*Error) []rule {
	var rules []rule
	seen := map[string]bool{}
	for i, entry := range entries {
		r, err := parseRule(entry)
		valid := err == nil
		if err != nil {
			*errs = append(*errs, &Error{List: list, Index: i, Entry: entry, Reason: err.Error()})
		}
		if r.typ != "" && !slices.Contains(names, r.typ) {
			reason := describeUnknownType(r.typ, names)
			*errs = append(*errs, &Error{List: list, Index: i, Entry: entry, Reason: reason})
			valid = false
		}
		if valid && !seen[r.String()] {
			seen[r.String()] = true
			rules = append(rules, r)
		}
	}
	return rules
}

func parseDivisions(entries []string, errs *[]*Error) []string {
	var ids []string
	for i, entry := range entries {
		id := strings.TrimSpace(entry)
		reason := ""
		switch {
		case id == "":
			reason = "empty division id"
		case id == "*":
			reason = `"*" is not a division id; leave divisions empty to export every division`
		case strings.ContainsFunc(id, unicode.IsSpace):
			reason = "division id contains whitespace"
		}
		if reason != "" {
			*errs = append(*errs, &Error{List: ListDivisions, Index: i, Entry: entry, Reason: reason})
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

func canonical(rules []rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	return sortedUnique(out)
}

func sortedUnique(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}

// Types returns the sorted types that can contribute objects: the types
// that include names, or every catalogue type when include is empty, less
// the types that exclude names as a bare type and the types listed under
// them. A type may still contribute
// no object once Keep has looked at each.
func (s *Set) Types() []string {
	return slices.Clone(s.selected)
}

// TypeSelected reports whether typ is one of Types.
func (s *Set) TypeSelected(typ string) bool {
	t, ok := s.rules[typ]
	return ok && t.isSelected()
}

// Excluded reports whether exclude leaves out typ as a whole: it names the
// type, or a type that typ is listed under.
func (s *Set) Excluded(typ string) bool {
	t, ok := s.rules[typ]
	return ok && t.excluded
}

// Excludes reports whether exclude leaves out obj, an object of typ decoded
// from JSON, whether or not include selects typ: Excluded(typ) holds, or
// an exclude filter of typ matches obj. The division rule is not applied.
func (s *Set) Excludes(typ string, obj map[string]any) bool {
	t, ok := s.rules[typ]
	return ok && (t.excluded || t.matchAny(t.exclude, obj))
}

// ExcludesObjects reports whether exclude has filters that name objects of
// typ, so that Excludes needs the object.
func (s *Set) ExcludesObjects(typ string) bool {
	t, ok := s.rules[typ]
	return ok && len(t.exclude) > 0
}

// WholeType reports whether Keep returns true for every object of typ, so
// the exporter can store the type's objects without decoding them. That is
// the case when typ is selected, an include filter of it is the bare type
// (or include is empty), no exclude filter names objects of it and there is
// no division filter. A division filter makes every type false here,
// because any object with a division id outside the list is dropped.
func (s *Set) WholeType(typ string) bool {
	t, ok := s.rules[typ]
	return ok && t.isSelected() && t.includeAll && len(t.exclude) == 0 && s.divisions == nil
}

// IDs returns the sorted ids that include's "type::id:" filters name for
// typ, so the exporter can get those objects by id instead of listing the
// type. It returns nil when typ is not selected, when it has no id filter,
// or when any other include filter of typ (bare type, regex or field) would
// need the listing. Exclude and division filters still apply, so the
// exporter passes each object it gets to Keep. For a parent-listed type the
// ids are IDField values, which are unique only within one parent.
func (s *Set) IDs(typ string) []string {
	t, ok := s.rules[typ]
	if !ok || !t.isSelected() || t.includeAll || len(t.include) == 0 {
		return nil
	}
	ids := make([]string, 0, len(t.include))
	for _, r := range t.include {
		if r.kind != kindID {
			return nil
		}
		ids = append(ids, r.id)
	}
	return sortedUnique(ids)
}

// String returns the Set in a canonical form for logs: each list's filters
// quoted, sorted and without repeats, "all" for an empty include or
// divisions list and "none" for an empty exclude list.
func (s *Set) String() string {
	return "include=" + formatList(s.include, "all") +
		" exclude=" + formatList(s.exclude, "none") +
		" divisions=" + formatList(s.divisionList, "all")
}

func formatList(values []string, empty string) string {
	if len(values) == 0 {
		return empty
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(quoted, " ") + "]"
}
