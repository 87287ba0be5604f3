package filter

import (
	"fmt"
	"slices"
	"strings"
)

// terraformPrefix starts every Terraform resource type; catalogue names
// leave it out, but users copy it from Terraform configurations.
const terraformPrefix = "genesyscloud_"

// maxSuggestions bounds how many types a "did you mean one of" hint lists.
const maxSuggestions = 5

// describeUnknownType returns the error reason for a type that the
// catalogue does not declare, with the closest known names as a hint.
// names is the catalogue's sorted list of type names.
func describeUnknownType(typ string, names []string) string {
	msg := fmt.Sprintf("unknown type %q", typ)
	if before, after, ok := strings.Cut(typ, ":"); ok && slices.Contains(names, strings.TrimSpace(before)) {
		return fmt.Sprintf(`%s (did you mean "%s::%s"? a type and its pattern are separated by "::")`,
			msg, strings.TrimSpace(before), after)
	}
	switch close := closeTypes(typ, names); len(close) {
	case 0:
		return fmt.Sprintf("%s (known types: %s)", msg, strings.Join(names, ", "))
	case 1:
		return fmt.Sprintf("%s (did you mean %q?)", msg, close[0])
	default:
		quoted := make([]string, len(close))
		for i, n := range close {
			quoted[i] = fmt.Sprintf("%q", n)
		}
		return fmt.Sprintf("%s (did you mean one of %s?)", msg, strings.Join(quoted, ", "))
	}
}

// closeTypes returns the catalogue names that typ probably means, tried in
// this order: the same name ignoring case and the Terraform prefix, the
// names at the smallest edit distance if it is small, and the names that
// contain typ.
func closeTypes(typ string, names []string) []string {
	want := strings.TrimPrefix(strings.ToLower(typ), terraformPrefix)
	if slices.Contains(names, want) {
		return []string{want}
	}
	// Distances are computed only for names of plausible length, which also
	// bounds the work for an arbitrarily long input.
	best, bestDistance := []string(nil), len(want)/4+2
	for _, n := range names {
		if abs(len(n)-len(want)) > bestDistance {
			continue
		}
		switch d := editDistance(want, n); {
		case d < bestDistance:
			best, bestDistance = []string{n}, d
		case d == bestDistance && best != nil:
			best = append(best, n)
		}
	}
	if best != nil {
		return limit(best)
	}
	var containing []string
	for _, n := range names {
		if want != "" && strings.Contains(n, want) {
			containing = append(containing, n)
		}
	}
	return limit(containing)
}

// editDistance returns the Levenshtein distance between a and b, counted
// in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func limit(names []string) []string {
	if len(names) > maxSuggestions {
		return names[:maxSuggestions]
	}
	return names
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
