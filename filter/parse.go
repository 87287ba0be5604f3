package filter

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// kind is the kind of selection a filter string makes within its type.
type kind int

const (
	kindType  kind = iota // every object of the type
	kindName              // objects whose name matches a regex
	kindID                // one object by id
	kindField             // objects by the value at a field path
)

const (
	patternSeparator = "::"
	idPrefix         = "id:"
)

// rule is one parsed filter string.
type rule struct {
	typ  string
	kind kind
	// pattern is the regex as written, for kindName.
	pattern string
	// re is pattern anchored at both ends, for kindName.
	re *regexp.Regexp
	// id is the object id, for kindID.
	id string
	// path and value are the field path and its wanted value, for kindField.
	path  string
	value string
	// negate marks a "!=" field filter.
	negate bool
}

// String returns the rule's canonical filter string, which parses back to
// the same rule.
func (r rule) String() string {
	switch r.kind {
	case kindName:
		return r.typ + patternSeparator + r.pattern
	case kindID:
		return r.typ + patternSeparator + idPrefix + r.id
	case kindField:
		op := "="
		if r.negate {
			op = "!="
		}
		return r.typ + patternSeparator + r.path + op + r.value
	default:
		return r.typ
	}
}

// parseRule parses one filter string. It does not look the type up in the
// catalogue, so a rule with an unknown type and a nil error is possible.
// The returned rule carries the trimmed type even when err is not nil.
func parseRule(s string) (rule, error) {
	typ, rest, hasPattern := strings.Cut(s, patternSeparator)
	r := rule{typ: strings.TrimSpace(typ)}
	if r.typ == "" {
		return r, errors.New("empty type")
	}
	if !hasPattern {
		return r, nil
	}
	if strings.TrimSpace(rest) == "" {
		return r, fmt.Errorf("empty pattern after %q; write the type alone to select all of its objects", patternSeparator)
	}
	if id, ok := strings.CutPrefix(strings.TrimLeftFunc(rest, unicode.IsSpace), idPrefix); ok {
		return parseID(r, id)
	}
	if path, negate, value, ok := splitField(rest); ok {
		return parseField(r, path, negate, value)
	}
	return parseName(r, rest)
}

func parseID(r rule, id string) (rule, error) {
	r.kind = kindID
	r.id = strings.TrimSpace(id)
	if r.id == "" {
		return r, fmt.Errorf("empty id after %q", idPrefix)
	}
	if strings.ContainsFunc(r.id, unicode.IsSpace) {
		return r, fmt.Errorf("id %q contains whitespace", r.id)
	}
	return r, nil
}

// splitField splits a field filter into its trimmed path, operator and
// value. It returns false when the text is not a field filter, which is when
// it has no "=" or the text before the first "=" is not empty and not
// path-like.
func splitField(s string) (path string, negate bool, value string, ok bool) {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return "", false, "", false
	}
	left, negate := strings.CutSuffix(s[:i], "!")
	path = strings.TrimSpace(left)
	if path != "" && !isPathLike(path) {
		return "", false, "", false
	}
	return path, negate, s[i+1:], true
}

// isPathLike reports whether s contains only the characters of JSON field
// names as the Platform API spells them (letters, digits, "_" and "-") and
// of the catalogue's path syntax (".", "[]" and "*"), with every "[" closed
// by a "]" before the next "[". An unclosed "[" starts a character class,
// as in the regex A[=]B.
func isPathLike(s string) bool {
	open := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("_-.*", c):
		case c == '[' && !open:
			open = true
		case c == ']' && open:
			open = false
		default:
			return false
		}
	}
	return !open
}

func parseField(r rule, path string, negate bool, value string) (rule, error) {
	r.kind = kindField
	r.path = path
	r.negate = negate
	r.value = value
	op := "="
	if negate {
		op = "!="
	}
	switch {
	case path == "":
		return r, fmt.Errorf("malformed field filter: missing field path before %q", op)
	case value == "":
		return r, fmt.Errorf("malformed field filter: missing value after %q", op)
	case strings.HasPrefix(value, "="):
		return r, fmt.Errorf("malformed field filter: value %q starts with \"=\"; the operator is \"=\" or \"!=\"", value)
	case value == "*":
		return r, errors.New(`malformed field filter: value "*" never matches, because catalog.Extract skips the "*" wildcard`)
	case strings.TrimSpace(value) != value:
		return r, fmt.Errorf("malformed field filter: value %q starts or ends with whitespace; remove it", value)
	}
	if err := checkPath(path); err != nil {
		return r, fmt.Errorf("%w (to match \"=\" in a name, write it as [=] in a regex)", err)
	}
	return r, nil
}

// checkPath applies the catalogue's path rules, which are those of
// catalog.Ref: segments separated by ".", each a field name, a field name
// with a "[]" suffix or "*". A field name contains none of "[]*".
//
// TODO: call the catalogue's own parser once it is exported; until then
// TestCheckPathAgreesWithCatalog holds the two in step.
func checkPath(path string) error {
	for _, part := range strings.Split(path, ".") {
		switch {
		case part == "*":
		case strings.HasSuffix(part, "[]") && len(part) > 2:
		case part != "" && !strings.ContainsAny(part, "[]*"):
		default:
			return fmt.Errorf(`invalid field path %q: segment %q is not a field name, a field name followed by "[]", or "*"`, path, part)
		}
	}
	return nil
}

func parseName(r rule, pattern string) (rule, error) {
	r.kind = kindName
	r.pattern = pattern
	if strings.TrimSpace(pattern) != pattern {
		return r, fmt.Errorf(`regex %q starts or ends with whitespace; remove it, or write an edge space as [ ] or \s`, pattern)
	}
	// The pattern is compiled alone first so that the error quotes the regex
	// as written rather than the anchored form.
	if _, err := regexp.Compile(pattern); err != nil {
		msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		return r, fmt.Errorf("invalid regex %q: %s", pattern, msg)
	}
	re, err := regexp.Compile("^(?:" + pattern + ")$")
	if err != nil {
		return r, fmt.Errorf("invalid regex %q: %w", pattern, err)
	}
	r.re = re
	return r, nil
}
