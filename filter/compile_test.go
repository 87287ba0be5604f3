package filter

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

func TestCompileErrors(t *testing.T) {
	cat := testCatalog(t)
	cases := []struct {
		name      string
		include   []string
		exclude   []string
		divisions []string
		want      string
	}{
		{"unknown type with suggestion", []string{"flow", "group", "routing_queues::x"}, nil, nil,
			`filter: include[2] "routing_queues::x": unknown type "routing_queues" (did you mean "routing_queue"?)`},
		{"unknown bare type in exclude", nil, []string{"flows"}, nil,
			`filter: exclude[0] "flows": unknown type "flows" (did you mean "flow"?)`},
		{"empty type", []string{"::Sales"}, nil, nil,
			`filter: include[0] "::Sales": empty type`},
		{"empty string", []string{""}, nil, nil,
			`filter: include[0] "": empty type`},
		{"blank string", nil, []string{"  "}, nil,
			`filter: exclude[0] "  ": empty type`},
		{"empty pattern", []string{"routing_queue::"}, nil, nil,
			`filter: include[0] "routing_queue::": empty pattern after "::"; write the type alone to select all of its objects`},
		{"bad regex", []string{"routing_queue::(Sales"}, nil, nil,
			"filter: include[0] \"routing_queue::(Sales\": invalid regex \"(Sales\": missing closing ): `(Sales`"},
		{"regex repeat too large", []string{"routing_queue::a{1001}"}, nil, nil,
			"filter: include[0] \"routing_queue::a{1001}\": invalid regex \"a{1001}\": invalid repeat count: `{1001}`"},
		{"regex with edge space", []string{"routing_queue:: Sales"}, nil, nil,
			`filter: include[0] "routing_queue:: Sales": regex " Sales" starts or ends with whitespace; remove it, or write an edge space as [ ] or \s`},
		{"regex with trailing space", []string{"routing_queue::Sales "}, nil, nil,
			`filter: include[0] "routing_queue::Sales ": regex "Sales " starts or ends with whitespace; remove it, or write an edge space as [ ] or \s`},
		{"empty id", []string{"routing_queue::id:"}, nil, nil,
			`filter: include[0] "routing_queue::id:": empty id after "id:"`},
		{"blank id", nil, []string{"routing_queue::id:  "}, nil,
			`filter: exclude[0] "routing_queue::id:  ": empty id after "id:"`},
		{"id with inner space", []string{"routing_queue::id:q 1"}, nil, nil,
			`filter: include[0] "routing_queue::id:q 1": id "q 1" contains whitespace`},
		{"field without path", []string{"integration::=webhook"}, nil, nil,
			`filter: include[0] "integration::=webhook": malformed field filter: missing field path before "="`},
		{"not-equal without path", []string{"integration::!=webhook"}, nil, nil,
			`filter: include[0] "integration::!=webhook": malformed field filter: missing field path before "!="`},
		{"field without value", []string{"integration::integrationType.id="}, nil, nil,
			`filter: include[0] "integration::integrationType.id=": malformed field filter: missing value after "="`},
		{"double equals", []string{"integration::integrationType.id==webhook"}, nil, nil,
			`filter: include[0] "integration::integrationType.id==webhook": malformed field filter: value "=webhook" starts with "="; the operator is "=" or "!="`},
		{"wildcard value", []string{"routing_wrapupcode::division.id=*"}, nil, nil,
			`filter: include[0] "routing_wrapupcode::division.id=*": malformed field filter: value "*" never matches, because catalog.Extract skips the "*" wildcard`},
		{"value with edge space", []string{"integration::integrationType.id= webhook"}, nil, nil,
			`filter: include[0] "integration::integrationType.id= webhook": malformed field filter: value " webhook" starts or ends with whitespace; remove it`},
		{"array index in path", []string{"user::skills[0].id=s1"}, nil, nil,
			`filter: include[0] "user::skills[0].id=s1": invalid field path "skills[0].id": segment "skills[0]" is not a field name, a field name followed by "[]", or "*" (to match "=" in a name, write it as [=] in a regex)`},
		{"empty path segment", []string{"user::manager..id=u1"}, nil, nil,
			`filter: include[0] "user::manager..id=u1": invalid field path "manager..id": segment "" is not a field name, a field name followed by "[]", or "*" (to match "=" in a name, write it as [=] in a regex)`},
		{"empty division id", nil, nil, []string{"d1", " "},
			`filter: divisions[1] " ": empty division id`},
		{"wildcard division id", nil, nil, []string{"*"},
			`filter: divisions[0] "*": "*" is not a division id; leave divisions empty to export every division`},
		{"division id with inner space", nil, nil, []string{"d 1"},
			`filter: divisions[0] "d 1": division id contains whitespace`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compile(cat, tc.include, tc.exclude, tc.divisions)
			if err == nil {
				t.Fatalf("Compile = %s, want error %s", s, tc.want)
			}
			if s != nil {
				t.Errorf("Compile returned a Set beside the error")
			}
			if err.Error() != tc.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tc.want)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Errorf("error %v is not an *Error", err)
			}
		})
	}
}

func TestCompileErrorsJoinedAndSorted(t *testing.T) {
	include := make([]string, 11)
	for i := range include {
		include[i] = "flow"
	}
	include[2] = "flows"
	include[10] = "routing_queues::(x"

	_, err := Compile(testCatalog(t), include, []string{"::x"}, []string{""})
	if err == nil {
		t.Fatal("Compile succeeded, want errors")
	}
	want := strings.Join([]string{
		`filter: divisions[0] "": empty division id`,
		`filter: exclude[0] "::x": empty type`,
		`filter: include[2] "flows": unknown type "flows" (did you mean "flow"?)`,
		"filter: include[10] \"routing_queues::(x\": invalid regex \"(x\": missing closing ): `(x`",
		`filter: include[10] "routing_queues::(x": unknown type "routing_queues" (did you mean "routing_queue"?)`,
	}, "\n")
	if err.Error() != want {
		t.Errorf("error =\n%s\nwant\n%s", err, want)
	}

	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %T does not unwrap to a list", err)
	}
	errs := joined.Unwrap()
	if len(errs) != 5 {
		t.Fatalf("got %d errors, want 5", len(errs))
	}
	first, ok := errs[0].(*Error)
	if !ok {
		t.Fatalf("first error is %T, want *Error", errs[0])
	}
	if *first != (Error{List: ListDivisions, Index: 0, Entry: "", Reason: "empty division id"}) {
		t.Errorf("first error = %+v", *first)
	}
}

func TestCompileNilCatalog(t *testing.T) {
	if _, err := Compile(nil, nil, nil, nil); err == nil {
		t.Error("Compile(nil catalogue) succeeded, want an error")
	}
}

func TestParseRuleKinds(t *testing.T) {
	cases := []struct {
		in        string
		kind      kind
		canonical string
	}{
		{"flow", kindType, "flow"},
		{" flow\t", kindType, "flow"},
		{"flow::Main.*", kindName, "flow::Main.*"},
		{"flow::id:f1", kindID, "flow::id:f1"},
		{"flow:: id:f1", kindID, "flow::id:f1"},
		{"flow::[i]d:f1", kindName, "flow::[i]d:f1"},
		{"flow::division.id=d1", kindField, "flow::division.id=d1"},
		{"flow::division.id!=d1", kindField, "flow::division.id!=d1"},
		{"flow::a=b=c", kindField, "flow::a=b=c"},
		{"flow::a=!=b", kindField, "flow::a=!=b"},
		{"flow::a.*.b[]=x", kindField, "flow::a.*.b[]=x"},
		{"flow::Main Flow=x", kindName, "flow::Main Flow=x"},
		{"flow::(A=B)", kindName, "flow::(A=B)"},
		{"flow::A[=]B", kindName, "flow::A[=]B"},
		{"flow::a]=b", kindName, "flow::a]=b"},
		{"flow:::x", kindName, "flow:::x"},
	}
	for _, tc := range cases {
		r, err := parseRule(tc.in)
		if err != nil {
			t.Errorf("parseRule(%q): %v", tc.in, err)
			continue
		}
		if r.kind != tc.kind {
			t.Errorf("parseRule(%q).kind = %d, want %d", tc.in, r.kind, tc.kind)
		}
		if got := r.String(); got != tc.canonical {
			t.Errorf("parseRule(%q).String() = %q, want %q", tc.in, got, tc.canonical)
		}
	}
}

// catalogAcceptsPath reports whether catalog.New accepts path in a
// reference, which is the catalogue's own path check.
func catalogAcceptsPath(path string) bool {
	_, err := catalog.New([]catalog.Type{{
		Name: "t", ListPath: "/t", GetPath: "/t/{id}", Paging: catalog.PagingNone,
		Refs: []catalog.Ref{{Path: path, To: "t"}},
	}})
	return err == nil
}

func TestCheckPathAgreesWithCatalog(t *testing.T) {
	paths := []string{
		"id", "division.id", "skills[].id", "roleIds[]", "config.current.credentials.*.id",
		"*", "*.id", "a[][]", "*[]", "[]", "a[]b", "a[0]", "a.", ".a", "a..b", "", "a*", "a-b_c",
	}
	for _, p := range paths {
		if got, want := checkPath(p) == nil, catalogAcceptsPath(p); got != want {
			t.Errorf("checkPath(%q) accepts = %v, catalogue accepts = %v", p, got, want)
		}
	}
}

func TestCompileDefaultCatalog(t *testing.T) {
	cat := catalog.Default()
	s := mustCompile(t, cat, cat.Names(), nil, []string{"d1"})
	if got := s.Types(); !slices.Equal(got, cat.Names()) {
		t.Errorf("Types() = %v, want every catalogue type %v", got, cat.Names())
	}
	// routing_queue declares a division reference and group does not.
	if s.Keep("routing_queue", map[string]any{"id": "q1"}) {
		t.Error("Keep(routing_queue without a division) = true, want false")
	}
	if !s.Keep("group", map[string]any{"id": "g1"}) {
		t.Error("Keep(group without a division) = false, want true")
	}
}
