// Package typehint suggests the names that a mistyped one probably means,
// for the messages of the filters, the simulator's fixtures and the
// configuration file.
package typehint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// terraformPrefix starts every Terraform resource type; catalogue names
// leave it out, but users copy it from Terraform configurations.
const terraformPrefix = "genesyscloud_"

// maxSuggestions bounds how many names Close returns.
const maxSuggestions = 5

// Close returns the type names that typ probably means, tried in this
// order: the same name ignoring case and the Terraform prefix, the names
// at the smallest edit distance if it is small, and the names that
// contain typ. It returns at most five names.
func Close(typ string, names []string) []string {
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
		switch d := EditDistance(want, n); {
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

// Hint returns the parenthesis that follows an unknown name in a message:
// the names that typ probably means, or all of names when none is close.
func Hint(typ string, names []string) string {
	switch close := Close(typ, names); len(close) {
	case 0:
		return fmt.Sprintf("(known types: %s)", strings.Join(names, ", "))
	case 1:
		return fmt.Sprintf("(did you mean %q?)", close[0])
	default:
		quoted := make([]string, len(close))
		for i, name := range close {
			quoted[i] = strconv.Quote(name)
		}
		return fmt.Sprintf("(did you mean one of %s?)", strings.Join(quoted, ", "))
	}
}

// EditDistance returns the Levenshtein distance between a and b, counted
// in bytes.
func EditDistance(a, b string) int {
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
