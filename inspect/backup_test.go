package inspect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/temporaltest"

	"github.com/gcexport/gcexport/activities"
	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
	"github.com/gcexport/gcexport/simulator"
)

var (
	exportOnce sync.Once
	exportDir  string
	exportErr  error
)

// sampleBackup returns a copy of a backup of the sample org that a real
// export wrote: an in-process Temporal server, a worker and the simulator.
// The export runs once per test binary, and each test gets its own copy.
func sampleBackup(t *testing.T) string {
	t.Helper()
	exportOnce.Do(func() { exportDir, exportErr = runSampleExport() })
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	dst := filepath.Join(t.TempDir(), "backup")
	if err := os.CopyFS(dst, os.DirFS(exportDir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func runSampleExport() (string, error) {
	// NewServer panics when the server cannot start, which fails the
	// test binary with the reason.
	ts := temporaltest.NewServer()
	defer ts.Stop()
	sim, err := simulator.New(simulator.SampleFixture(), simulator.Options{ClientID: "backup-test", ClientSecret: "backup-secret"})
	if err != nil {
		return "", err
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer sim.Close()
	api, err := genesys.NewClient(genesys.Config{
		ClientID: "backup-test", ClientSecret: "backup-secret",
		Region: simulator.SampleFixture().Org.Region, APIBaseURL: url,
	})
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "backup-test-")
	if err != nil {
		return "", err
	}
	c := ts.GetDefaultClient()
	w := app.NewWorker(c, "backup-test", &activities.Activities{
		Client: api, Output: dir, Region: "us-east-1", Logger: slog.New(slog.DiscardHandler),
	})
	if err := w.Start(); err != nil {
		return "", err
	}
	defer w.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "backup-test", TaskQueue: "backup-test"},
		export.WorkflowName, export.Request{})
	if err != nil {
		return "", err
	}
	var s export.Summary
	if err := run.Get(ctx, &s); err != nil {
		return "", err
	}
	if s.Status != export.StatusComplete {
		report, _ := os.ReadFile(filepath.Join(dir, "report.json"))
		return "", fmt.Errorf("the sample export is %s, not complete; report.json:\n%s", s.Status, report)
	}
	return dir, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if exportDir != "" {
		os.RemoveAll(exportDir)
	}
	os.Exit(code)
}

// firstFile returns the id and path of the first raw object of typ.
func firstFile(t *testing.T, root, typ string) (string, string) {
	t.Helper()
	objs, err := rawObjects(root, typ)
	if err != nil || len(objs) == 0 {
		t.Fatalf("no %s objects in %s: %v", typ, root, err)
	}
	return objs[0].id, objs[0].path
}

func readObject(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	return obj
}

// writeObject writes obj as the exporter does, or with another layout.
func writeObject(t *testing.T, path string, obj map[string]any, exporterForm bool) {
	t.Helper()
	var data []byte
	var err error
	if exporterForm {
		data, err = json.MarshalIndent(obj, "", "  ")
		data = append(data, '\n')
	} else {
		data, err = json.Marshal(obj)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func findings(res *Result, check string) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

func TestVerifyFreshBackup(t *testing.T) {
	root := sampleBackup(t)
	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("finding in a fresh backup: %s", f)
	}
	if res.Status != export.StatusComplete {
		t.Errorf("status = %s, want complete", res.Status)
	}
	if res.Types == 0 || res.Files == 0 || res.TerraformFiles == 0 {
		t.Errorf("checked %d types, %d files, %d Terraform files; want some of each", res.Types, res.Files, res.TerraformFiles)
	}
	refs := res.References
	if refs.Total == 0 || refs.Resolved != refs.Total {
		t.Errorf("references = %+v, want all resolved", refs)
	}
}

func TestVerifyEditedObject(t *testing.T) {
	root := sampleBackup(t)
	id, path := firstFile(t, root, "routing_queue")
	obj := readObject(t, path)
	obj["name"] = "Edited by hand"
	writeObject(t, path, obj, false)

	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	sums := findings(res, CheckChecksum)
	if len(sums) != 2 || !namesFile(sums, root, path) || !hasType(sums, "routing_queue") {
		t.Errorf("checksum findings = %v, want one naming the file and one for routing_queue", sums)
	}
	formats := findings(res, CheckFormat)
	if len(formats) != 1 || formats[0].ID != id {
		t.Errorf("format findings = %v, want one naming %s", formats, id)
	}
}

func TestVerifyEditedFlowDependencies(t *testing.T) {
	root := sampleBackup(t)
	paths, err := filepath.Glob(filepath.Join(root, "flows", "*.dependencies.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("the sample backup has no flow dependency files: %v", err)
	}
	if err := os.WriteFile(paths[0], []byte("[]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	sums := findings(res, CheckChecksum)
	if len(sums) != 2 || !namesFile(sums, root, paths[0]) {
		t.Errorf("checksum findings = %v, want one naming the file and one for flows/", sums)
	}
}

func TestVerifyOrphanedSubResources(t *testing.T) {
	root := sampleBackup(t)
	members, err := rawObjects(root, "team_member")
	if err != nil || len(members) == 0 {
		t.Fatalf("the sample backup has no team members: %v", err)
	}
	if err := os.RemoveAll(filepath.Join(root, "raw", "team")); err != nil {
		t.Fatal(err)
	}
	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	orphans := 0
	for _, f := range findings(res, CheckReference) {
		if f.Type == "team_member" && strings.Contains(f.Message, "listed under team") {
			orphans++
		}
	}
	if orphans != len(members) {
		t.Errorf("%d team members flagged as listed under a missing team, want all %d", orphans, len(members))
	}
}

func TestVerifyRemovedObject(t *testing.T) {
	root := sampleBackup(t)
	id, path := firstFile(t, root, "routing_skill")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if sums := findings(res, CheckChecksum); len(sums) != 2 || !namesFile(sums, root, path) || !hasType(sums, "routing_skill") {
		t.Errorf("checksum findings = %v, want one naming the missing file and one for routing_skill", sums)
	}
	if audits := findings(res, CheckAudit); len(audits) != 1 || audits[0].Type != "routing_skill" {
		t.Errorf("audit findings = %v, want one for routing_skill", audits)
	}
	refs := findings(res, CheckReference)
	if len(refs) == 0 || res.References.Unreported != len(refs) {
		t.Fatalf("reference findings = %d, unreported = %d; want the references to skill %s", len(refs), res.References.Unreported, id)
	}
	for _, f := range refs {
		if !strings.Contains(f.Message, "routing_skill "+id) {
			t.Errorf("reference finding %q does not name skill %s", f, id)
		}
	}
	if res.OK() {
		t.Error("a backup with a removed object verifies")
	}
}

func TestVerifyReportedReferences(t *testing.T) {
	root := sampleBackup(t)
	id, path := firstFile(t, root, "routing_skill")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	// report.json names the skill as gone: references to it are reported.
	addReportProblem(t, root, map[string]any{
		"kind": export.ProblemGone, "type": "routing_skill", "id": id, "message": "deleted during the export",
	})

	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if refs := findings(res, CheckReference); len(refs) != 0 {
		t.Errorf("reference findings = %v, want none for a reported object", refs)
	}
	if res.References.Reported == 0 {
		t.Error("no reference counted as reported")
	}
}

func TestVerifyBrokenTerraform(t *testing.T) {
	root := sampleBackup(t)
	path := filepath.Join(root, "terraform", "routing_queue.tf.json")
	var tf map[string]any
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &tf); err != nil {
		t.Fatal(err)
	}
	resources := tf["resource"].(map[string]any)["genesyscloud_routing_queue"].(map[string]any)
	for _, label := range sortedKeys(resources) {
		resources[label].(map[string]any)["description"] = "${genesyscloud_routing_queue.not_declared.id}"
		break
	}
	writeObject(t, path, tf, true)

	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	tfs := findings(res, CheckTerraform)
	if len(tfs) != 1 || !strings.Contains(tfs[0].Message, "genesyscloud_routing_queue.not_declared") {
		t.Errorf("terraform findings = %v, want the undeclared reference", tfs)
	}
	sums := findings(res, CheckChecksum)
	if len(sums) != 2 || !namesFile(sums, root, path) {
		t.Errorf("checksum findings = %v, want one naming the file and one for terraform/", sums)
	}
}

// namesFile reports whether a finding names the file at path, relative to
// the backup folder root, as SHA256SUMS does.
func namesFile(fs []Finding, root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	for _, f := range fs {
		if strings.Contains(f.Message, filepath.ToSlash(rel)) {
			return true
		}
	}
	return false
}

func hasType(fs []Finding, typ string) bool {
	for _, f := range fs {
		if f.Type == typ {
			return true
		}
	}
	return false
}

func TestVerifyUnfinished(t *testing.T) {
	root := sampleBackup(t)
	if err := os.Remove(filepath.Join(root, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(root, catalog.Default()); !errors.Is(err, ErrUnfinished) {
		t.Errorf("verify without manifest = %v, want ErrUnfinished", err)
	}
	if _, err := Diff(root, root); !errors.Is(err, ErrUnfinished) {
		t.Errorf("diff without manifest = %v, want ErrUnfinished", err)
	}
}

func TestDiffSameBackup(t *testing.T) {
	root := sampleBackup(t)
	copyRoot := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(copyRoot, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	d, err := Diff(root, copyRoot)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Empty() {
		t.Errorf("a copy differs: %+v", d)
	}
	unchanged := 0
	for _, td := range d.Types {
		unchanged += td.Unchanged
	}
	if unchanged == 0 {
		t.Error("no object compared")
	}
}

func TestDiffChanges(t *testing.T) {
	oldRoot := sampleBackup(t)
	newRoot := filepath.Join(t.TempDir(), "new")
	if err := os.CopyFS(newRoot, os.DirFS(oldRoot)); err != nil {
		t.Fatal(err)
	}
	queues, err := rawObjects(newRoot, "routing_queue")
	if err != nil || len(queues) < 3 {
		t.Fatalf("want 3 queues: %v", err)
	}
	// A renamed queue, in another layout, which changes no other path.
	renamed := readObject(t, queues[0].path)
	renamed["name"] = "Renamed queue"
	renamed["description"] = "added field"
	writeObject(t, queues[0].path, renamed, false)
	// A removed queue and a new one.
	if err := os.Remove(queues[1].path); err != nil {
		t.Fatal(err)
	}
	added := readObject(t, queues[2].path)
	added["id"] = "new-queue-id"
	writeObject(t, filepath.Join(newRoot, "raw", "routing_queue", "new-queue-id.json"), added, true)
	// A queue whose layout alone changed is not a change.
	writeObject(t, queues[2].path, readObject(t, queues[2].path), false)
	// An added user and a removed skill.
	users, err := rawObjects(newRoot, "user")
	if err != nil || len(users) == 0 {
		t.Fatalf("want users: %v", err)
	}
	newUser := readObject(t, users[0].path)
	newUser["id"] = "new-user-id"
	writeObject(t, filepath.Join(newRoot, "raw", "user", "new-user-id.json"), newUser, true)
	skills, err := rawObjects(newRoot, "routing_skill")
	if err != nil || len(skills) == 0 {
		t.Fatalf("want skills: %v", err)
	}
	if err := os.Remove(skills[0].path); err != nil {
		t.Fatal(err)
	}

	d, err := Diff(oldRoot, newRoot)
	if err != nil {
		t.Fatal(err)
	}
	var queueDiff *TypeDiff
	seen := map[string]bool{}
	for i := range d.Types {
		seen[d.Types[i].Type] = true
		switch td := d.Types[i]; td.Type {
		case "routing_queue":
			queueDiff = &d.Types[i]
		case "user":
			if strings.Join(td.Added, ",") != "new-user-id" || len(td.Removed)+len(td.Changed) != 0 {
				t.Errorf("user diff = %+v, want only new-user-id added", td)
			}
		case "routing_skill":
			if strings.Join(td.Removed, ",") != skills[0].id || len(td.Added)+len(td.Changed) != 0 {
				t.Errorf("routing_skill diff = %+v, want only %s removed", td, skills[0].id)
			}
		default:
			if !td.Empty() {
				t.Errorf("type %s differs: %+v", td.Type, td)
			}
		}
	}
	if !seen["user"] || !seen["routing_skill"] {
		t.Errorf("the diff has no user or no routing_skill entry: %v", seen)
	}
	if queueDiff == nil {
		t.Fatal("no routing_queue in the diff")
	}
	if got := strings.Join(queueDiff.Added, ","); got != "new-queue-id" {
		t.Errorf("added = %s", got)
	}
	if got := strings.Join(queueDiff.Removed, ","); got != queues[1].id {
		t.Errorf("removed = %s, want %s", got, queues[1].id)
	}
	if len(queueDiff.Changed) != 1 || queueDiff.Changed[0].ID != queues[0].id {
		t.Fatalf("changed = %+v, want %s", queueDiff.Changed, queues[0].id)
	}
	// The description is added or changed, either way one path.
	wantPaths := []string{"description", "name"}
	if got := strings.Join(queueDiff.Changed[0].Paths, ","); got != strings.Join(wantPaths, ",") {
		t.Errorf("changed paths = %s, want %s", got, strings.Join(wantPaths, ","))
	}
	if queueDiff.PathCounts["name"] != 1 {
		t.Errorf("path counts = %v", queueDiff.PathCounts)
	}
	var text strings.Builder
	d.WriteText(&text, false)
	for _, want := range []string{"routing_queue: 1 added, 1 removed, 1 changed", "+ new-queue-id", "- " + queues[1].id, "~ " + queues[0].id + ": description, name"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("diff text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestDiffFlowYAML(t *testing.T) {
	oldRoot := sampleBackup(t)
	newRoot := filepath.Join(t.TempDir(), "new")
	if err := os.CopyFS(newRoot, os.DirFS(oldRoot)); err != nil {
		t.Fatal(err)
	}
	var flow string
	err := filepath.WalkDir(filepath.Join(newRoot, "flows"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && flow == "" && strings.HasSuffix(path, ".yaml") {
			flow = path
		}
		return err
	})
	if err != nil || flow == "" {
		t.Fatalf("no flow YAML in the sample backup: %v", err)
	}
	if err := os.WriteFile(flow, []byte("inboundCall:\n  name: changed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Diff(oldRoot, newRoot)
	if err != nil {
		t.Fatal(err)
	}
	last := d.Types[len(d.Types)-1]
	if last.Type != FlowsType || len(last.Changed) != 1 {
		t.Errorf("flows diff = %+v, want one changed file", last)
	}
}

func TestJSONPaths(t *testing.T) {
	cases := []struct {
		a, b string
		want []string
	}{
		{`{"a":1}`, `{"a":1}`, nil},
		{`{"a":1}`, `{"a":2}`, []string{"a"}},
		{`{"a":{"b":"x","c":"y"}}`, `{"a":{"b":"x","c":"z"}}`, []string{"a.c"}},
		{`{"a":{"b":"x"}}`, `{"a":{"b":"x","d":"y"}}`, []string{"a.d"}},
		{`{"m":[{"id":"1"},{"id":"2"}]}`, `{"m":[{"id":"1"},{"id":"3"}]}`, []string{"m[1].id"}},
		{`{"m":[1,2]}`, `{"m":[1,2,3]}`, []string{"m"}},
		{`{"a":"1"}`, `{"a":1}`, []string{"a"}},
		{`{"n":1.50}`, `{"n":1.5}`, []string{"n"}},
		{`{"a":1}`, `not json`, []string{""}},
	}
	for _, tc := range cases {
		got := jsonPaths([]byte(tc.a), []byte(tc.b))
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("jsonPaths(%s, %s) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestVerifyReportProblemAdded(t *testing.T) {
	root := sampleBackup(t)
	addReportProblem(t, root, map[string]any{
		"kind": export.ProblemForbidden, "type": "routing_skill", "id": "made-up", "message": "not in the manifest",
	})

	res, err := Verify(root, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	audits := findings(res, CheckAudit)
	if len(audits) != 1 || audits[0].Type != "routing_skill" || !strings.Contains(audits[0].Message, "report.json lists 1") {
		t.Errorf("audit findings = %v, want one naming the problem that only report.json has", audits)
	}
}

// addReportProblem appends a problem to the backup's report.json.
func addReportProblem(t *testing.T, root string, problem map[string]any) {
	t.Helper()
	var rep map[string]any
	data, err := os.ReadFile(filepath.Join(root, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	problems, _ := rep["problems"].([]any)
	rep["problems"] = append(problems, problem)
	writeObject(t, filepath.Join(root, "report.json"), rep, true)
}
