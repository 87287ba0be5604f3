package catalog

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// checkLayering asserts the layering property: every dependency of a type
// sits in an earlier layer, or in the same strongly connected component.
func checkLayering(t *testing.T, c *Catalog, names []string) {
	t.Helper()
	layerOf := map[string]int{}
	for i, layer := range c.Layers(names) {
		if !slices.IsSorted(layer) {
			t.Errorf("layer %d is not sorted: %v", i, layer)
		}
		for _, n := range layer {
			if _, dup := layerOf[n]; dup {
				t.Errorf("type %s is in two layers", n)
			}
			layerOf[n] = i
		}
	}
	compOf := map[string]int{}
	for i, comp := range c.Components(names) {
		for _, n := range comp {
			compOf[n] = i
		}
	}
	for _, n := range names {
		if _, ok := layerOf[n]; !ok {
			t.Errorf("type %s is in no layer", n)
		}
		for _, dep := range c.Dependencies(n) {
			if _, planned := layerOf[dep]; !planned {
				continue
			}
			if compOf[dep] == compOf[n] {
				if layerOf[dep] != layerOf[n] {
					t.Errorf("%s and %s share a component but not a layer", n, dep)
				}
				continue
			}
			if layerOf[dep] >= layerOf[n] {
				t.Errorf("%s (layer %d) depends on %s (layer %d)", n, layerOf[n], dep, layerOf[dep])
			}
		}
	}
}

func TestDefaultCatalogLayering(t *testing.T) {
	c := Default()
	checkLayering(t, c, c.Names())
}

func TestDefaultCatalogTypes(t *testing.T) {
	want := []string{
		"architect_datatable", "architect_datatable_row", "architect_emergencygroup",
		"architect_ivr", "architect_schedulegroups", "architect_schedules",
		"architect_user_prompt", "auth_division", "auth_role", "business_rules_schema",
		"conversations_customattributes_schema", "dataextensions_coretype",
		"externalcontacts_contact", "externalcontacts_contact_schema",
		"externalcontacts_organization", "externalcontacts_organization_schema",
		"flow", "flow_version", "group", "group_member", "integration",
		"integration_action", "integration_credential", "location", "oauth_client",
		"outbound_campaign", "outbound_contact_list", "role_subject_grants", "routing_email_domain",
		"routing_email_route", "routing_language", "routing_queue", "routing_queue_member",
		"routing_queue_wrapupcode", "routing_skill", "routing_skill_group",
		"routing_utilization_label", "routing_wrapupcode", "script",
		"task_management_workitem_schema", "team", "team_member",
		"telephony_providers_edges_did_pool", "telephony_providers_edges_edge_group",
		"telephony_providers_edges_extension_pool", "telephony_providers_edges_phone",
		"telephony_providers_edges_phonebasesettings", "telephony_providers_edges_site",
		"telephony_providers_edges_trunk", "telephony_providers_edges_trunkbasesettings",
		"user", "user_customattributes_schema",
	}
	if got := Default().Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v\nwant %v", got, want)
	}
}

func TestCredentialChainOrder(t *testing.T) {
	c := Default()
	layerOf := map[string]int{}
	for i, layer := range c.Layers(c.Names()) {
		for _, n := range layer {
			layerOf[n] = i
		}
	}
	// A restore creates the OAuth client, then the credential that holds
	// its id, then the integration that uses the credential.
	chain := []string{"oauth_client", "integration_credential", "integration"}
	for i := 1; i < len(chain); i++ {
		if layerOf[chain[i-1]] > layerOf[chain[i]] {
			t.Errorf("%s (layer %d) comes after %s (layer %d)",
				chain[i-1], layerOf[chain[i-1]], chain[i], layerOf[chain[i]])
		}
	}
}

func TestLayersIgnoreInputOrder(t *testing.T) {
	c := Default()
	want := c.Layers(c.Names())
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		names := c.Names()
		rng.Shuffle(len(names), func(a, b int) { names[a], names[b] = names[b], names[a] })
		if got := c.Layers(names); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input gave %v, want %v", got, want)
		}
	}
}

func TestLayersOfSubset(t *testing.T) {
	c := Default()
	got := c.Layers([]string{"integration", "auth_division", "integration_credential"})
	want := [][]string{{"auth_division", "integration_credential"}, {"integration"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Layers = %v, want %v", got, want)
	}
}

func TestCycleSharesLayer(t *testing.T) {
	c, err := New([]Type{
		stub("a", "b"), stub("b", "c"), stub("c", "a"), stub("d", "a"), stub("e", "e"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := c.Layers(c.Names())
	want := [][]string{{"a", "b", "c", "e"}, {"d"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Layers = %v, want %v", got, want)
	}
}

func TestRandomGraphsLayering(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 200; round++ {
		n := 2 + rng.Intn(12)
		var types []Type
		for i := 0; i < n; i++ {
			var deps []string
			for j := 0; j < n; j++ {
				if rng.Float64() < 0.2 {
					deps = append(deps, fmt.Sprintf("t%02d", j))
				}
			}
			types = append(types, stub(fmt.Sprintf("t%02d", i), deps...))
		}
		c, err := New(types)
		if err != nil {
			t.Fatal(err)
		}
		checkLayering(t, c, c.Names())
		if t.Failed() {
			t.Fatalf("round %d failed on %+v", round, types)
		}
	}
}

func stub(name string, deps ...string) Type {
	t := Type{Name: name, ListPath: "/" + name, GetPath: "/" + name + "/{id}", Paging: PagingNone}
	for _, d := range deps {
		t.Refs = append(t.Refs, Ref{Path: d + ".id", To: d})
	}
	return t
}
