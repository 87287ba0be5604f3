package filter

import (
	"slices"

	"github.com/gcexport/gcexport/catalog"
)

// divisionPath is the field path of an object's division id, as the
// catalogue declares it for divisioned types.
const divisionPath = "division.id"

// allDivisions is the division id of a wrap-up code that belongs to every
// division.
const allDivisions = "*"

// Keep reports whether an object of typ, decoded from JSON, is exported. It
// is when typ is selected and an include filter of typ matches it (any one
// does, and a bare type matches every object). No exclude filter may match,
// and the division rule of the package documentation must keep it. obj should be the object as it is
// stored, so for a GetEach type the object read by id rather than the list
// entry. A nil obj is treated as an object without fields.
func (s *Set) Keep(typ string, obj map[string]any) bool {
	t, ok := s.rules[typ]
	if !ok || !t.isSelected() {
		return false
	}
	if !t.includeAll && !t.matchAny(t.include, obj) {
		return false
	}
	if t.matchAny(t.exclude, obj) {
		return false
	}
	return s.inDivisions(t, obj)
}

func (t *typeRules) matchAny(rules []rule, obj map[string]any) bool {
	for _, r := range rules {
		if t.match(r, obj) {
			return true
		}
	}
	return false
}

func (t *typeRules) match(r rule, obj map[string]any) bool {
	switch r.kind {
	case kindName:
		name, ok := obj[t.nameField].(string)
		return ok && r.re.MatchString(name)
	case kindID:
		id, ok := obj[t.idField].(string)
		return ok && id == r.id
	case kindField:
		found := slices.Contains(catalog.ExtractScalars(obj, r.path), r.value)
		return found != r.negate
	default:
		return true
	}
}

// inDivisions applies the division rule: see the package documentation.
func (s *Set) inDivisions(t *typeRules, obj map[string]any) bool {
	if s.divisions == nil {
		return true
	}
	// catalog.Extract skips the wildcard, so it is read here directly.
	if division, ok := obj["division"].(map[string]any); ok && division["id"] == allDivisions {
		return true
	}
	ids := catalog.Extract(obj, divisionPath)
	if len(ids) == 0 {
		return !t.divisioned
	}
	for _, id := range ids {
		if s.divisions[id] {
			return true
		}
	}
	return false
}
