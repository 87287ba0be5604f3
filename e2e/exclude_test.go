package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
)

// The sample's users 79877bc0 and 2d51d297 manage each other, and the group
// "Tier 1 Support" has members.
const (
	excludeUser      = "79877bc0-850b-428f-aaf1-cace3728e948"
	excludeManager   = "2d51d297-72dc-4b62-8462-78156e9e6e32"
	excludeGroup     = "61c2f33e-117c-43ac-873d-b279a8007c52"
	excludeGroupName = "Tier 1 Support"
)

func TestExcludeWinsOverDependencies(t *testing.T) {
	h := newHarness(t, simulator.SampleFixture())
	request := `{"include":["user::id:` + excludeUser + `"],"exclude":["user::id:` + excludeManager +
		`","auth_role"],"withDependencies":true}`
	summary, err := h.run("e2e-exclude-closure", json.RawMessage(request))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	if report, err := os.ReadFile(filepath.Join(h.output, "report.json")); err == nil && summary.Status != "complete" {
		t.Logf("report.json: %s", report)
	}
	users := typeFiles(t, h.output, "user")
	if !slices.Contains(users, excludeUser+".json") {
		t.Errorf("users = %v, missing the selected user", users)
	}
	if slices.Contains(users, excludeManager+".json") {
		t.Errorf("users = %v, has the excluded manager that the selected user references", users)
	}
	if roles := typeFiles(t, h.output, "auth_role"); len(roles) > 0 {
		t.Errorf("auth_role = %v, want none: exclude names the type", roles)
	}
	if grants := typeFiles(t, h.output, "role_subject_grants"); len(grants) > 0 {
		t.Errorf("role_subject_grants = %v, want none: they are listed under the excluded roles", grants)
	}
}

func TestExcludeFilterOnAddedParent(t *testing.T) {
	h := newHarness(t, simulator.SampleFixture())
	request := `{"include":["group_member"],"exclude":["group::` + excludeGroupName + `"]}`
	summary, err := h.run("e2e-exclude-parent", json.RawMessage(request))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	groups := typeFiles(t, h.output, "group")
	if len(groups) == 0 {
		t.Fatal("no group was exported for the members")
	}
	if slices.Contains(groups, excludeGroup+".json") {
		t.Errorf("groups = %v, has the excluded group", groups)
	}
	members := typeFiles(t, h.output, "group_member")
	if len(members) == 0 {
		t.Fatal("no group member was exported")
	}
	for _, name := range members {
		if strings.HasPrefix(name, excludeGroup+"_") {
			t.Errorf("group member %s belongs to the excluded group", name)
		}
	}
}

func TestIncludeRoleGrantsAlone(t *testing.T) {
	f := simulator.SampleFixture()
	derived, err := simulator.DerivedResources(f)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, f)
	summary, err := h.run("e2e-grants-alone", json.RawMessage(`{"include":["role_subject_grants"]}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	if got, want := len(typeFiles(t, h.output, "role_subject_grants")), len(derived["role_subject_grants"]); got != want {
		t.Errorf("role_subject_grants in the backup = %d, want all %d", got, want)
	}
}
