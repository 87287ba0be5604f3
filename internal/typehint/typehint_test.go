package typehint

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"flow", "", 4},
		{"", "flow", 4},
		{"flow", "flows", 1},
		{"flow", "folw", 2},
		{"kitten", "sitting", 3},
		{"abc", "abc", 0},
		{"adress", "address", 1},
		{"tasqueue", "taskqueue", 1},
	}
	for _, tc := range cases {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClose(t *testing.T) {
	names := []string{"flow", "flow_version", "group", "group_member", "user"}
	cases := []struct {
		typ  string
		want []string
	}{
		{"genesyscloud_user", []string{"user"}},
		{"usr", []string{"user"}},
		{"member", []string{"group_member"}},
		{"nothing_like_it", nil},
	}
	for _, tc := range cases {
		if got := Close(tc.typ, names); !slices.Equal(got, tc.want) {
			t.Errorf("Close(%q) = %v, want %v", tc.typ, got, tc.want)
		}
	}
}

func TestHint(t *testing.T) {
	names := []string{"group", "group_member", "user"}
	cases := []struct{ typ, want string }{
		{"usr", `(did you mean "user"?)`},
		{"grou", `(did you mean "group"?)`},
		{"zzzzzzzz", "(known types: group, group_member, user)"},
	}
	for _, tc := range cases {
		if got := Hint(tc.typ, names); got != tc.want {
			t.Errorf("Hint(%q) = %q, want %q", tc.typ, got, tc.want)
		}
	}
}
