package filter

import (
	"strings"
	"testing"
)

func TestDescribeUnknownType(t *testing.T) {
	names := testCatalog(t).Names()
	cases := []struct {
		typ  string
		want string
	}{
		{"routing_queues", `unknown type "routing_queues" (did you mean "routing_queue"?)`},
		{"Routing_Queue", `unknown type "Routing_Queue" (did you mean "routing_queue"?)`},
		{"genesyscloud_routing_queue", `unknown type "genesyscloud_routing_queue" (did you mean "routing_queue"?)`},
		{"routing queue", `unknown type "routing queue" (did you mean "routing_queue"?)`},
		{"architect_schedule", `unknown type "architect_schedule" (did you mean "architect_schedules"?)`},
		{"queue", `unknown type "queue" (did you mean "routing_queue"?)`},
		{"schedule", `unknown type "schedule" (did you mean one of "architect_schedulegroups", "architect_schedules"?)`},
		{"routing_queue:Sales", `unknown type "routing_queue:Sales" (did you mean "routing_queue::Sales"? a type and its pattern are separated by "::")`},
		{"zzzzzzzz", `unknown type "zzzzzzzz" (known types: ` + strings.Join(names, ", ") + ")"},
	}
	for _, tc := range cases {
		if got := describeUnknownType(tc.typ, names); got != tc.want {
			t.Errorf("describeUnknownType(%q) =\n%s\nwant\n%s", tc.typ, got, tc.want)
		}
	}
}
