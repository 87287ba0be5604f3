package filter

import (
	"slices"
	"testing"
)

func TestTypes(t *testing.T) {
	cat := testCatalog(t)
	all := cat.Names()
	without := func(parent string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(n string) bool {
			typ, _ := cat.Type(n)
			return n == parent || typ.Parent == parent
		})
	}
	withoutFlow := without("flow")
	withoutTable := without("architect_datatable")
	cases := []struct {
		name    string
		include []string
		exclude []string
		want    []string
	}{
		{"empty include is every type", nil, nil, all},
		{"empty list is every type", []string{}, []string{}, all},
		{"include names types", []string{"routing_queue::Sales", "flow", "group::id:g1"}, nil,
			[]string{"flow", "group", "routing_queue"}},
		{"whole-type exclude removes a type", nil, []string{"flow"}, withoutFlow},
		{"whole-type exclude removes children", nil, []string{"architect_datatable"}, withoutTable},
		{"whole-type exclude beats child include", []string{"datatable_row", "flow"}, []string{"architect_datatable"},
			[]string{"flow"}},
		{"child exclude keeps the parent", []string{"architect_datatable", "datatable_row"}, []string{"datatable_row"},
			[]string{"architect_datatable"}},
		{"object exclude keeps the type", nil, []string{"flow::Test.*"}, all},
		{"whole-type exclude beats regex include", []string{"routing_queue::Sales.*", "flow"},
			[]string{"routing_queue"}, []string{"flow"}},
		{"everything excluded", []string{"flow"}, []string{"flow"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, cat, tc.include, tc.exclude, nil)
			got := s.Types()
			if !slices.Equal(got, tc.want) {
				t.Errorf("Types() = %v, want %v", got, tc.want)
			}
			for _, name := range all {
				if want := slices.Contains(tc.want, name); s.TypeSelected(name) != want {
					t.Errorf("TypeSelected(%s) = %v, want %v", name, !want, want)
				}
			}
			if s.TypeSelected("no_such_type") {
				t.Error("TypeSelected(no_such_type) = true, want false")
			}
		})
	}
}

func TestTypesReturnsCopy(t *testing.T) {
	s := mustCompile(t, testCatalog(t), []string{"flow", "group"}, nil, nil)
	s.Types()[0] = "changed"
	if got := s.Types(); got[0] != "flow" {
		t.Errorf("Types() after changing a returned slice = %v, want flow first", got)
	}
}

func TestWholeType(t *testing.T) {
	cat := testCatalog(t)
	cases := []struct {
		name      string
		include   []string
		exclude   []string
		divisions []string
		typ       string
		want      bool
	}{
		{"empty include", nil, nil, nil, "routing_queue", true},
		{"bare include", []string{"routing_queue"}, nil, nil, "routing_queue", true},
		{"bare include beside regex", []string{"routing_queue", "routing_queue::Sales"}, nil, nil,
			"routing_queue", true},
		{"regex include", []string{"routing_queue::Sales"}, nil, nil, "routing_queue", false},
		{"id include", []string{"routing_queue::id:q1"}, nil, nil, "routing_queue", false},
		{"field include", []string{"integration::integrationType.id=webhook"}, nil, nil,
			"integration", false},
		{"object exclude", []string{"routing_queue"}, []string{"routing_queue::id:q1"}, nil,
			"routing_queue", false},
		{"exclude of another type", nil, []string{"flow::Test.*"}, nil, "routing_queue", true},
		{"whole-type exclude", nil, []string{"routing_queue"}, nil, "routing_queue", false},
		{"type not included", []string{"flow"}, nil, nil, "routing_queue", false},
		{"division filter", nil, nil, []string{"d1"}, "routing_queue", false},
		{"division filter on undivisioned type", nil, nil, []string{"d1"}, "group", false},
		{"unknown type", nil, nil, nil, "routing_queues", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, cat, tc.include, tc.exclude, tc.divisions)
			if got := s.WholeType(tc.typ); got != tc.want {
				t.Errorf("WholeType(%s) = %v, want %v (set %s)", tc.typ, got, tc.want, s)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	cat := testCatalog(t)
	cases := []struct {
		name    string
		include []string
		exclude []string
		typ     string
		want    []string
	}{
		{"one id", []string{"routing_queue::id:q1"}, nil, "routing_queue", []string{"q1"}},
		{"ids sorted without repeats",
			[]string{"routing_queue::id:q2", "routing_queue::id:q1", "routing_queue::id: q2"}, nil,
			"routing_queue", []string{"q1", "q2"}},
		{"other type's ids", []string{"routing_queue::id:q1", "flow::id:f1"}, nil, "flow",
			[]string{"f1"}},
		{"exclude does not change ids", []string{"routing_queue::id:q1"},
			[]string{"routing_queue::id:q1"}, "routing_queue", []string{"q1"}},
		{"beside a regex", []string{"routing_queue::id:q1", "routing_queue::Sales"}, nil,
			"routing_queue", nil},
		{"beside a bare type", []string{"routing_queue::id:q1", "routing_queue"}, nil,
			"routing_queue", nil},
		{"beside a field filter", []string{"routing_queue::id:q1", "routing_queue::division.id=d1"},
			nil, "routing_queue", nil},
		{"whole type excluded", []string{"routing_queue::id:q1"}, []string{"routing_queue"},
			"routing_queue", nil},
		{"empty include", nil, nil, "routing_queue", nil},
		{"id filter in exclude only", nil, []string{"routing_queue::id:q1"}, "routing_queue", nil},
		{"IDField values", []string{"datatable_row::id:k1"}, nil, "datatable_row", []string{"k1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, cat, tc.include, tc.exclude, nil)
			if got := s.IDs(tc.typ); !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Errorf("IDs(%s) = %#v, want %#v", tc.typ, got, tc.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	cat := testCatalog(t)
	cases := []struct {
		name      string
		include   []string
		exclude   []string
		divisions []string
		want      string
	}{
		{"empty", nil, nil, nil, "include=all exclude=none divisions=all"},
		{"canonical and sorted",
			[]string{" routing_queue ::Sales EMEA", "flow", "user::skills[].id !=s1", "flow",
				"routing_queue:: id: q1"},
			[]string{"integration::integrationType.id=webhook"},
			[]string{"d2", " d1", "d2"},
			`include=["flow" "routing_queue::Sales EMEA" "routing_queue::id:q1" "user::skills[].id!=s1"]` +
				` exclude=["integration::integrationType.id=webhook"] divisions=["d1" "d2"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, cat, tc.include, tc.exclude, tc.divisions)
			if got := s.String(); got != tc.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
