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

// grantSubjects returns the backup's role grant entries, each by its subject's
// type and id.
func grantSubjects(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range typeFiles(t, dir, "role_subject_grants") {
		data, err := os.ReadFile(filepath.Join(dir, "raw", "role_subject_grants", name))
		if err != nil {
			t.Fatal(err)
		}
		var entry struct{ ID, Type string }
		if err := json.Unmarshal(data, &entry); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[strings.TrimSuffix(name, ".json")] = entry.Type + " " + entry.ID
	}
	return out
}

func TestClosureOfOneUserHoldsItsRoles(t *testing.T) {
	f := simulator.SampleFixture()
	const dana = "9a33015e-8d7f-41c3-b915-fdcfd5c656f9"
	derived, err := simulator.DerivedResources(f)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, entry := range derived["role_subject_grants"] {
		if entry["id"] == dana {
			want = append(want, entry["_parentId"].(string)+"_"+dana)
		}
	}
	if len(want) < 2 {
		t.Fatalf("the sample's user %s holds %d roles, too few to test", dana, len(want))
	}

	h := newHarness(t, f)
	summary, err := h.run("e2e-user-roles", json.RawMessage(`{"include":["user::id:`+dana+`"],"withDependencies":true}`))
	if err != nil {
		t.Fatalf("export failed: %v", err)
	}
	if summary.Status != "complete" {
		t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
	}
	got := grantSubjects(t, h.output)
	var ids []string
	for id, subject := range got {
		ids = append(ids, id)
		if subject != "PC_USER "+dana {
			t.Errorf("grant %s belongs to %s, not to the selected user", id, subject)
		}
	}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("grants in the backup = %v, want the user's %v", ids, want)
	}
	data, err := os.ReadFile(filepath.Join(h.output, "terraform", "user_roles.tf.json"))
	if err != nil {
		t.Fatalf("no user_roles in the Terraform: %v", err)
	}
	if !strings.Contains(string(data), dana) && !strings.Contains(string(data), "genesyscloud_user.") {
		t.Errorf("user_roles.tf.json names neither the user nor its resource: %s", data)
	}
}

func TestDivisionFilterKeepsGrantsOfExportedSubjects(t *testing.T) {
	f := simulator.SampleFixture()
	h := newHarness(t, f)
	const division = "a6d9c139-1462-4cb3-a23c-36d1f99ab1df"
	if _, err := h.run("e2e-division-grants", json.RawMessage(`{"divisions":["`+division+`"]}`)); err != nil {
		t.Fatalf("export failed: %v", err)
	}
	users := map[string]bool{}
	for _, name := range typeFiles(t, h.output, "user") {
		users[strings.TrimSuffix(name, ".json")] = true
	}
	if len(users) == 0 || len(users) >= len(f.Resources["user"]) {
		t.Fatalf("the division filter kept %d of %d users, which tests nothing", len(users), len(f.Resources["user"]))
	}
	grants := grantSubjects(t, h.output)
	userGrants := 0
	for id, subject := range grants {
		kind, subjectID, _ := strings.Cut(subject, " ")
		if kind != "PC_USER" {
			continue
		}
		userGrants++
		if !users[subjectID] {
			t.Errorf("grant %s belongs to user %s, whom the division filter left out", id, subjectID)
		}
	}
	if userGrants == 0 {
		t.Error("no grant of an exported user is in the backup")
	}
}
