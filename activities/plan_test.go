package activities

import (
	"slices"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/filter"
)

func TestSelectTypesWithDependencies(t *testing.T) {
	a := &Activities{Catalog: catalog.Default()}
	cases := []struct {
		name             string
		include, exclude []string
		want, absent     []string
	}{
		{name: "owned and parent types added", include: []string{"user"},
			want: []string{"auth_role", "role_subject_grants", "user"}},
		{name: "excluded parent stays out", include: []string{"user"}, exclude: []string{"auth_role"},
			want: []string{"user"}, absent: []string{"auth_role", "role_subject_grants"}},
		{name: "excluded child stays out", include: []string{"routing_queue"}, exclude: []string{"routing_queue_member"},
			want: []string{"routing_queue", "routing_queue_wrapupcode"}, absent: []string{"routing_queue_member"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filters, err := filter.Compile(a.Catalog, tc.include, tc.exclude, nil)
			if err != nil {
				t.Fatal(err)
			}
			req := export.Request{Include: tc.include, Exclude: tc.exclude, WithDependencies: true}
			got, err := a.selectTypes(req, filters)
			if err != nil {
				t.Fatal(err)
			}
			for _, typ := range tc.want {
				if !slices.Contains(got, typ) {
					t.Errorf("selectTypes = %v, missing %s", got, typ)
				}
			}
			for _, typ := range tc.absent {
				if slices.Contains(got, typ) {
					t.Errorf("selectTypes = %v, has excluded %s", got, typ)
				}
			}
		})
	}
}
