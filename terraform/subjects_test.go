package terraform

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gcexport/gcexport/catalog"
)

// roleGrantsSource is a backup with two roles, a user holding both, a group
// holding one, and an OAuth client's entry.
func roleGrantsSource() *memSource {
	src := &memSource{}
	src.add("auth_division", "d1", map[string]any{"id": "d1", "name": "Home", "homeDivision": true})
	src.add("auth_role", "r1", map[string]any{"id": "r1", "name": "Agent"})
	src.add("auth_role", "r2", map[string]any{"id": "r2", "name": "Admin"})
	src.add("user", "u1", map[string]any{"id": "u1", "name": "Ann", "email": "ann@example.com"})
	src.add("group", "g1", map[string]any{"id": "g1", "name": "Agents"})
	entry := func(id, typ string, divisions ...string) map[string]any {
		var list []any
		for _, d := range divisions {
			list = append(list, map[string]any{"id": d})
		}
		return map[string]any{"id": id, "name": id + " name", "type": typ, "divisions": list}
	}
	src.add("role_subject_grants", "r1_u1", entry("u1", "PC_USER", "d1"))
	src.add("role_subject_grants", "r2_u1", entry("u1", "PC_USER", "*"))
	src.add("role_subject_grants", "r1_g1", entry("g1", "PC_GROUP", "d1"))
	src.add("role_subject_grants", "r1_c1", entry("c1", "PC_OAUTH_CLIENT", "d1"))
	return src
}

func TestSubjectSourceTypes(t *testing.T) {
	src, err := withSubjectRoles(roleGrantsSource())
	if err != nil {
		t.Fatal(err)
	}
	types := src.Types()
	if slices.Contains(types, roleGrantsType) {
		t.Errorf("Types() = %v still lists %s", types, roleGrantsType)
	}
	for _, want := range []string{userRolesType, groupRolesType} {
		if !slices.Contains(types, want) {
			t.Errorf("Types() = %v lacks %s", types, want)
		}
	}
	ids, err := src.IDs(userRolesType)
	if err != nil || !reflect.DeepEqual(ids, []string{"u1"}) {
		t.Errorf("IDs(user_roles) = %v, %v; want [u1]", ids, err)
	}
}

func TestSubjectSourceObject(t *testing.T) {
	src, err := withSubjectRoles(roleGrantsSource())
	if err != nil {
		t.Fatal(err)
	}
	got, err := src.Object(userRolesType, "u1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "u1", "name": "u1 name", "grants": []any{
		map[string]any{"subjectId": "u1", "role": map[string]any{"id": "r1"}, "division": map[string]any{"id": "d1"}},
		map[string]any{"subjectId": "u1", "role": map[string]any{"id": "r2"}, "division": map[string]any{"id": "*"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Object(user_roles, u1) = %v\nwant %v", got, want)
	}
	if _, err := src.Object(userRolesType, "c1"); err == nil {
		t.Error("an OAuth client's grants were served as user_roles")
	}
}

func TestWriteRoleGrantsPerSubject(t *testing.T) {
	files, rep := write(t, roleGrantsSource(), Options{})
	users := resourceBlocks(decodeJSONFile(t, files, "user_roles.tf.json"), "resource", "genesyscloud_user_roles")
	if len(users) != 1 {
		t.Fatalf("user_roles resources = %v, want one", sortedLabels(users))
	}
	for _, u := range users {
		roles, _ := u["roles"].([]any)
		if len(roles) != 2 {
			t.Errorf("user_roles roles = %v, want two", roles)
		}
	}
	groups := resourceBlocks(decodeJSONFile(t, files, "group_roles.tf.json"), "resource", "genesyscloud_group_roles")
	if len(groups) != 1 {
		t.Errorf("group_roles resources = %v, want one", sortedLabels(groups))
	}
	if slices.Contains(rep.NotWritten, roleGrantsType) {
		t.Errorf("NotWritten = %v lists %s, whose entries were written per subject", rep.NotWritten, roleGrantsType)
	}
}

func TestRestoreLayersPlaceSubjects(t *testing.T) {
	layers := restoreLayers(catalog.Default(), []string{"auth_division", "auth_role", "group", "group_roles", "user", "user_roles"})
	layerOf := map[string]int{}
	for i, layer := range layers {
		for _, typ := range layer {
			layerOf[typ] = i
		}
	}
	for _, typ := range []string{userRolesType, groupRolesType} {
		at, ok := layerOf[typ]
		if !ok {
			t.Fatalf("layers %v lack %s", layers, typ)
		}
		if at <= layerOf["user"] || at <= layerOf["group"] || at <= layerOf["auth_role"] {
			t.Errorf("%s is in layer %d, not after users, groups and roles: %v", typ, at, layers)
		}
	}
	if _, ok := layerOf[roleGrantsType]; ok {
		t.Errorf("layers %v list %s, which was not written", layers, roleGrantsType)
	}
}

func TestSubjectSourceGUIDSubjects(t *testing.T) {
	users := []string{
		"0f8fad5b-d9cb-469f-a165-70867728950e",
		"7c9e6679-7425-40de-944b-e07fc1f90ae7",
		"c1e5a4b2-3f1d-4e2a-9b8c-1d2e3f4a5b6c",
	}
	src := &memSource{}
	for i, user := range users {
		for _, role := range []string{"r2", "r1"}[:1+i%2] {
			src.add("role_subject_grants", role+"_"+user, map[string]any{
				"id": user, "name": "user " + user[:4], "type": "PC_USER",
				"divisions": []any{map[string]any{"id": "d1"}},
			})
		}
	}

	wrapped, err := withSubjectRoles(src)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := wrapped.IDs(userRolesType)
	if err != nil || !reflect.DeepEqual(ids, users) {
		t.Errorf("IDs(user_roles) = %v, %v; want %v", ids, err, users)
	}

	got, err := wrapped.Object(userRolesType, users[1])
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": users[1], "name": "user 7c9e", "grants": []any{
		map[string]any{"subjectId": users[1], "role": map[string]any{"id": "r1"}, "division": map[string]any{"id": "d1"}},
		map[string]any{"subjectId": users[1], "role": map[string]any{"id": "r2"}, "division": map[string]any{"id": "d1"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Object(user_roles, %s) = %v\nwant %v", users[1], got, want)
	}

	if _, err := wrapped.Object(userRolesType, "0f8fad5b-d9cb-469f-a165-000000000000"); err == nil {
		t.Error("a subject without grants was served")
	}
}
