package filter

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// sampleObjects are objects that FuzzCompile passes to Keep for every type.
var sampleObjects = []string{
	`{}`,
	`{"id":"q1","name":"Sales","division":{"id":"d1"}}`,
	`{"key":"k1","division":{"id":"*"},"skills":[{"id":"s1"}]}`,
	`{"name":5,"division":"d1","skills":{"id":"s1"}}`,
}

// FuzzCompile checks that Compile never panics, that every error it returns
// is an *Error, and that a compiled Set is consistent: Types is sorted and
// agrees with TypeSelected, WholeType implies Keep, and String's lists
// compile back to the same Set. Each argument is a list split on newlines.
func FuzzCompile(f *testing.F) {
	f.Add("routing_queue::Sales.*\nflow", "routing_queue::.*Test", "d1")
	f.Add("routing_queues::(x", "::", " ")
	f.Add("integration::integrationType.id=webhook", "user::skills[].id!=s1", "")
	f.Add("routing_queue::id:q1\nrouting_queue::id: q2", "flow", "*")
	f.Add(" datatable_row :: id:k1", "routing_queue::A[=]B", "d1\nd1")
	f.Add("user::skills[0].id=x", "user::a..b=x", "")
	f.Add("routing_queue::a{1001}", "routing_queue:: Sales", "d 1")
	f.Add("", "", "")

	cat := testCatalog(f)
	objects := make([]map[string]any, len(sampleObjects))
	for i, doc := range sampleObjects {
		objects[i] = decodeObject(f, doc)
	}
	f.Fuzz(func(t *testing.T, include, exclude, divisions string) {
		s, err := Compile(cat, splitLines(include), splitLines(exclude), splitLines(divisions))
		if err != nil {
			checkErrors(t, err)
			return
		}
		types := s.Types()
		if !slices.IsSorted(types) {
			t.Errorf("Types() = %v, not sorted", types)
		}
		for _, name := range cat.Names() {
			if s.TypeSelected(name) != slices.Contains(types, name) {
				t.Errorf("TypeSelected(%s) disagrees with Types() %v", name, types)
			}
			if ids := s.IDs(name); !slices.IsSorted(ids) {
				t.Errorf("IDs(%s) = %v, not sorted", name, ids)
			}
			for i, obj := range objects {
				keep := s.Keep(name, obj)
				if s.WholeType(name) && !keep {
					t.Errorf("WholeType(%s) but Keep drops %s", name, sampleObjects[i])
				}
				if keep && !s.TypeSelected(name) {
					t.Errorf("Keep(%s) true for a type not selected", name)
				}
			}
		}

		again, err := Compile(cat, s.include, s.exclude, s.divisionList)
		if err != nil {
			t.Fatalf("canonical lists of %s do not compile: %v", s, err)
		}
		if again.String() != s.String() {
			t.Errorf("canonical lists compile to %s, want %s", again, s)
		}
	})
}

// FuzzKeep checks that Keep never panics on arbitrary decoded JSON, and
// that one filter in include and the same filter in exclude decide every
// object of its type oppositely.
func FuzzKeep(f *testing.F) {
	f.Add("routing_queue::Sales.*", []byte(`{"name":"Sales EMEA","division":{"id":"d1"}}`))
	f.Add("user::skills[].id=s1", []byte(`{"skills":[{"id":"s1"},null,5,[]]}`))
	f.Add("integration::config.*.*.id!=c1", []byte(`{"config":{"current":{"x":{"id":"c1"}}}}`))
	f.Add("datatable_row::id:k1", []byte(`{"key":"k1","division":{"id":"*"}}`))
	f.Add("routing_queue", []byte(`[1,"two",{"three":3}]`))
	f.Add("flow::.*", []byte(`"just a string"`))
	f.Add("group::division.id=d1", []byte(`{"division":[{"id":"d1"}],"name":null}`))
	f.Add("routing_queue::*=x", []byte(`{"a":"x","b":{"c":"x"}}`))
	f.Add("routing_queue::division.id!=d1", []byte(`null`))

	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, filter string, doc []byte) {
		var v any
		if json.Unmarshal(doc, &v) != nil {
			return
		}
		obj, ok := v.(map[string]any)
		if !ok {
			// Put a value that is not an object where filters look.
			obj = map[string]any{"name": v, "id": v, "key": v, "division": v, "skills": v}
		}
		r, err := parseRule(filter)
		if err != nil {
			return
		}
		included, err := Compile(cat, []string{filter}, nil, nil)
		if err != nil {
			return
		}
		excluded := mustCompile(t, cat, nil, []string{filter}, nil)
		divided := mustCompile(t, cat, []string{filter}, []string{filter}, []string{"d1"})
		for _, name := range cat.Names() {
			keepIncluded := included.Keep(name, obj)
			keepExcluded := excluded.Keep(name, obj)
			if divided.Keep(name, obj) && name == r.typ {
				t.Errorf("Keep(%s) true with the same filter in include and exclude", name)
			}
			if name == r.typ && keepIncluded == keepExcluded {
				t.Errorf("filter %q: Keep(%s) is %v both in include and in exclude", filter, name, keepIncluded)
			}
		}
	})
}

// FuzzCheckPath checks that checkPath accepts exactly the paths that the
// catalogue accepts.
func FuzzCheckPath(f *testing.F) {
	for _, p := range []string{"division.id", "skills[].id", "*", "a[][]", "a[0]", "a..b", ""} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if got, want := checkPath(path) == nil, catalogAcceptsPath(path); got != want {
			t.Errorf("checkPath(%q) accepts = %v, catalogue accepts = %v", path, got, want)
		}
	})
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func checkErrors(t *testing.T, err error) {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v is %T, want a joined list", err, err)
	}
	for _, e := range joined.Unwrap() {
		var fe *Error
		if !errors.As(e, &fe) {
			t.Errorf("error %v is %T, want *Error", e, e)
		}
	}
}
