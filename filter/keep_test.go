package filter

import "testing"

// object is one object that a keep case checks, with the expected result.
type object struct {
	typ  string
	doc  string // JSON; "" is a nil object
	want bool
}

func TestKeep(t *testing.T) {
	cat := testCatalog(t)
	cases := []struct {
		name      string
		include   []string
		exclude   []string
		divisions []string
		objects   []object
	}{
		{
			name:    "bare include keeps every object",
			include: []string{"routing_queue"},
			objects: []object{
				{"routing_queue", `{"id":"q1","name":"Sales"}`, true},
				{"routing_queue", `{}`, true},
				{"routing_queue", "", true},
				{"flow", `{"id":"f1","name":"Sales"}`, false},
			},
		},
		{
			name: "empty include keeps every type",
			objects: []object{
				{"group", `{"id":"g1"}`, true},
				{"routing_queue", `{"id":"q1"}`, true},
				{"datatable_row", `{"key":"k1"}`, true},
			},
		},
		{
			name:    "unknown type is not kept",
			objects: []object{{"routing_queues", `{"id":"q1"}`, false}},
		},
		{
			name:    "exclude wins over include",
			include: []string{"routing_queue"},
			exclude: []string{"routing_queue::Sales"},
			objects: []object{
				{"routing_queue", `{"name":"Sales"}`, false},
				{"routing_queue", `{"name":"Support"}`, true},
			},
		},
		{
			name:    "include and exclude by regex on one type",
			include: []string{"routing_queue::Sales.*"},
			exclude: []string{"routing_queue::.*Test"},
			objects: []object{
				{"routing_queue", `{"name":"Sales EMEA"}`, true},
				{"routing_queue", `{"name":"Sales Test"}`, false},
				{"routing_queue", `{"name":"Support"}`, false},
			},
		},
		{
			name:    "whole-type exclude removes regex include",
			include: []string{"routing_queue::Sales.*", "flow"},
			exclude: []string{"routing_queue"},
			objects: []object{
				{"routing_queue", `{"name":"Sales"}`, false},
				{"flow", `{"name":"Sales"}`, true},
			},
		},
		{
			name:    "regex is anchored",
			include: []string{"routing_queue::Sales"},
			objects: []object{
				{"routing_queue", `{"name":"Sales"}`, true},
				{"routing_queue", `{"name":"Sales EMEA"}`, false},
				{"routing_queue", `{"name":"My Sales"}`, false},
			},
		},
		{
			name:    "alternation is anchored as a whole",
			include: []string{"routing_queue::Sales|Support"},
			objects: []object{
				{"routing_queue", `{"name":"Support"}`, true},
				{"routing_queue", `{"name":"Sales EMEA"}`, false},
				{"routing_queue", `{"name":"EMEA Support"}`, false},
			},
		},
		{
			name:    "regex flags apply",
			include: []string{"routing_queue::(?i)sales"},
			objects: []object{{"routing_queue", `{"name":"SALES"}`, true}},
		},
		{
			name:    "regex needs a string name",
			include: []string{"routing_queue::5", "routing_queue::.*"},
			objects: []object{
				{"routing_queue", `{"name":5}`, false},
				{"routing_queue", `{"id":"q1"}`, false},
				{"routing_queue", "", false},
				{"routing_queue", `{"name":""}`, true},
			},
		},
		{
			name:    "several include filters match any",
			include: []string{"routing_queue::Sales", "routing_queue::id:q9"},
			objects: []object{
				{"routing_queue", `{"id":"q1","name":"Sales"}`, true},
				{"routing_queue", `{"id":"q9","name":"Other"}`, true},
				{"routing_queue", `{"id":"q2","name":"Other"}`, false},
			},
		},
		{
			name:    "id filter",
			include: []string{"routing_queue::id:q1", "routing_queue::id:q2"},
			objects: []object{
				{"routing_queue", `{"id":"q1"}`, true},
				{"routing_queue", `{"id":"q2"}`, true},
				{"routing_queue", `{"id":"q3"}`, false},
				{"routing_queue", `{"name":"q1"}`, false},
			},
		},
		{
			name:    "exclude by id",
			exclude: []string{"routing_queue::id:q1"},
			objects: []object{
				{"routing_queue", `{"id":"q1"}`, false},
				{"routing_queue", `{"id":"q2"}`, true},
				{"flow", `{"id":"q1"}`, true},
			},
		},
		{
			name:    "name and id use IDField",
			include: []string{"datatable_row::Row.*", "datatable_row::id:k9"},
			objects: []object{
				{"datatable_row", `{"key":"Row 1"}`, true},
				{"datatable_row", `{"key":"Other","name":"Row 1"}`, false},
				{"datatable_row", `{"key":"k9"}`, true},
				{"datatable_row", `{"id":"k9","key":"k1"}`, false},
			},
		},
		{
			name:    "field filter",
			include: []string{"integration::integrationType.id=webhook"},
			objects: []object{
				{"integration", `{"integrationType":{"id":"webhook"}}`, true},
				{"integration", `{"integrationType":{"id":"purecloud-data-actions"}}`, false},
				{"integration", `{"integrationType":"webhook"}`, false},
				{"integration", `{}`, false},
			},
		},
		{
			name:    "field filter on array elements",
			include: []string{"user::skills[].id=s2"},
			objects: []object{
				{"user", `{"skills":[{"id":"s1"},{"id":"s2"}]}`, true},
				{"user", `{"skills":[{"id":"s1"}]}`, false},
				{"user", `{"skills":{"id":"s2"}}`, false},
				{"user", `{}`, false},
			},
		},
		{
			name:    "field filter on array of strings",
			include: []string{"oauth_client::roleIds[]=r2"},
			objects: []object{
				{"oauth_client", `{"roleIds":["r1","r2"]}`, true},
				{"oauth_client", `{"roleIds":["r1"]}`, false},
			},
		},
		{
			name:    "field filter on map values",
			include: []string{"integration::config.current.credentials.*.id=c1"},
			objects: []object{
				{"integration", `{"config":{"current":{"credentials":{"basicAuth":{"id":"c1"}}}}}`, true},
				{"integration", `{"config":{"current":{"credentials":{"basicAuth":{"id":"c2"}}}}}`, false},
			},
		},
		{
			name:    "field filter compares numbers and booleans by their JSON text",
			include: []string{"routing_queue::memberCount=5", "routing_queue::autoAnswerOnly=false"},
			objects: []object{
				{"routing_queue", `{"memberCount":5}`, true},
				{"routing_queue", `{"memberCount":"5"}`, true},
				{"routing_queue", `{"memberCount":6}`, false},
				{"routing_queue", `{"autoAnswerOnly":false}`, true},
				{"routing_queue", `{"autoAnswerOnly":true}`, false},
			},
		},
		{
			name:    "not-equal field filter",
			include: []string{"user::skills[].id!=s2"},
			objects: []object{
				{"user", `{"skills":[{"id":"s1"},{"id":"s2"}]}`, false},
				{"user", `{"skills":[{"id":"s1"}]}`, true},
				{"user", `{}`, true},
				{"user", "", true},
			},
		},
		{
			name:    "not-equal field filter in exclude",
			exclude: []string{"integration::integrationType.id!=webhook"},
			objects: []object{
				{"integration", `{"integrationType":{"id":"webhook"}}`, true},
				{"integration", `{"integrationType":{"id":"purecloud-data-actions"}}`, false},
				{"integration", `{}`, false},
			},
		},
		{
			name:      "division filter",
			divisions: []string{"d1", "d3"},
			objects: []object{
				{"routing_queue", `{"division":{"id":"d1"}}`, true},
				{"routing_queue", `{"division":{"id":"d3"}}`, true},
				{"routing_queue", `{"division":{"id":"d2"}}`, false},
				{"routing_queue", `{}`, false},
				{"routing_queue", `{"division":{"id":""}}`, false},
				{"routing_wrapupcode", `{"division":{"id":"*"}}`, true},
				{"group", `{"id":"g1"}`, true},
				{"group", `{"division":{"id":"d2"}}`, false},
				{"auth_division", `{"id":"d2"}`, true},
			},
		},
		{
			name:      "division filter with include regex",
			include:   []string{"routing_queue::Sales.*", "group"},
			divisions: []string{"d1"},
			objects: []object{
				{"routing_queue", `{"name":"Sales","division":{"id":"d1"}}`, true},
				{"routing_queue", `{"name":"Sales","division":{"id":"d2"}}`, false},
				{"routing_queue", `{"name":"Support","division":{"id":"d1"}}`, false},
				{"group", `{"name":"Support"}`, true},
				{"flow", `{"division":{"id":"d1"}}`, false},
			},
		},
		{
			name:      "division filter with exclude",
			exclude:   []string{"routing_queue::id:q1", "flow"},
			divisions: []string{"d1"},
			objects: []object{
				{"routing_queue", `{"id":"q1","division":{"id":"d1"}}`, false},
				{"routing_queue", `{"id":"q2","division":{"id":"d1"}}`, true},
				{"flow", `{"id":"f1","division":{"id":"d1"}}`, false},
			},
		},
		{
			name:      "repeats are tolerated",
			include:   []string{"routing_queue::Sales", "routing_queue::Sales", "flow", "flow"},
			exclude:   []string{"flow::id:f1", "flow::id:f1"},
			divisions: []string{"d1", "d1"},
			objects: []object{
				{"routing_queue", `{"name":"Sales","division":{"id":"d1"}}`, true},
				{"flow", `{"id":"f1","division":{"id":"d1"}}`, false},
				{"flow", `{"id":"f2","division":{"id":"d1"}}`, true},
			},
		},
		{
			name: "whitespace around structural parts is trimmed",
			include: []string{
				" routing_queue :: id: q1 ",
				"integration:: integrationType.id =webhook",
				"user::skills[].id !=s1",
			},
			divisions: []string{" d1 "},
			objects: []object{
				{"routing_queue", `{"id":"q1","division":{"id":"d1"}}`, true},
				{"integration", `{"integrationType":{"id":"webhook"}}`, true},
				{"user", `{"skills":[{"id":"s1"}],"division":{"id":"d1"}}`, false},
				{"user", `{"skills":[{"id":"s2"}],"division":{"id":"d1"}}`, true},
			},
		},
		{
			name:    "inner whitespace in a regex is kept",
			include: []string{"routing_queue::Sales EMEA"},
			objects: []object{
				{"routing_queue", `{"name":"Sales EMEA"}`, true},
				{"routing_queue", `{"name":"SalesEMEA"}`, false},
			},
		},
		{
			name:    "escaped equals sign is a regex",
			include: []string{"routing_queue::A[=]B", `routing_queue::C\=D`},
			objects: []object{
				{"routing_queue", `{"name":"A=B"}`, true},
				{"routing_queue", `{"name":"C=D"}`, true},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, cat, tc.include, tc.exclude, tc.divisions)
			for _, o := range tc.objects {
				if got := s.Keep(o.typ, decodeObject(t, o.doc)); got != o.want {
					t.Errorf("Keep(%s, %s) = %v, want %v (set %s)", o.typ, o.doc, got, o.want, s)
				}
			}
		})
	}
}
