package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/simulator"
)

// runStarter runs the starter binary in dir and returns its output and
// exit status.
func runStarter(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(starterBin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	}
	t.Fatalf("run starter %v: %v", args, err)
	return "", -1
}

func TestHelpOfEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--help"}, {"export", "--help"}, {"status", "--help"}, {"schedule", "--help"},
		{"schedule", "create", "--help"}, {"schedule", "list", "--help"}, {"schedule", "delete", "--help"},
		{"verify", "--help"}, {"diff", "--help"},
	} {
		out, code := runStarter(t, dir, nil, args...)
		if code != 0 {
			t.Errorf("%v: exit status %d\n%s", args, code, out)
		}
		if !strings.Contains(out, "Examples:") {
			t.Errorf("%v: help has no examples:\n%s", args, out)
		}
		if args[0] != "diff" && !strings.Contains(out, "130  interrupted") {
			t.Errorf("%v: help does not list the exit codes:\n%s", args, out)
		}
	}
	out, _ := runStarter(t, dir, nil, "--help")
	for _, sub := range []string{"export", "status", "schedule", "verify", "diff"} {
		if !regexp.MustCompile(`(?m)^  ` + sub + ` `).MatchString(out) {
			t.Errorf("root help does not list %s:\n%s", sub, out)
		}
	}
	for _, flag := range []string{"--skip-flow-yaml", "--terraform-format", "--omit-dangling", "--max-parallel-types", "--max-parallel-pages", "--progress"} {
		if !strings.Contains(out, flag) {
			t.Errorf("root help lacks %s, so the default export command does not take it", flag)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"no-such-command"},
		{"status"},
		{"verify"},
		{"diff", "one"},
		{"schedule", "create", "nightly"},
		{"schedule", "create", "nightly", "--cron", "0 2 * * *", "--every", "1h"},
		{"--progress", "fancy", "--temporal-address", "127.0.0.1:1"},
		{"--terraform-format", "yaml"},
		{"--max-parallel-pages", "65"},
		{"--include", "group_member", "--exclude", "group", "--temporal-address", "127.0.0.1:1"},
		{"--dev", "--serve", "--skip-flow-yaml"},
		{"verify", filepath.Join(dir, "missing")},
	} {
		if out, code := runStarter(t, dir, nil, args...); code != exitUsage {
			t.Errorf("%v: exit status %d, want %d\n%s", args, code, exitUsage, out)
		}
	}
}

// writeBackup writes a one-object backup folder with a manifest of the
// given status, as an export writes it.
func writeBackup(t *testing.T, root, status string) string {
	t.Helper()
	obj := []byte("{\n  \"id\": \"lang-1\",\n  \"name\": \"English\"\n}\n")
	dir := filepath.Join(root, "raw", "routing_language")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "lang-1.json")
	if err := os.WriteFile(path, obj, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(obj)
	manifest := map[string]any{
		"formatVersion": 1, "workflowId": "cli-test", "status": status, "scope": "full",
		"layers": [][]string{{"routing_language"}},
		"types": map[string]any{"routing_language": map[string]any{
			"count": 1, "sha256": hex.EncodeToString(sum[:]), "listed": 1, "reported": map[string]int{}, "audited": true,
		}},
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "manifest.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "report.json"), []byte(`{"problems": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerifyAndDiffCommands(t *testing.T) {
	dir := t.TempDir()
	complete := filepath.Join(dir, "complete")
	writeBackup(t, complete, "complete")
	if out, code := runStarter(t, dir, nil, "verify", complete); code != exitComplete || !strings.Contains(out, "OK") {
		t.Errorf("verify complete: exit %d\n%s", code, out)
	}

	partial := filepath.Join(dir, "partial")
	writeBackup(t, partial, "partial")
	if out, code := runStarter(t, dir, nil, "verify", partial); code != exitPartial {
		t.Errorf("verify partial: exit %d, want %d\n%s", code, exitPartial, out)
	}

	edited := filepath.Join(dir, "edited")
	path := writeBackup(t, edited, "complete")
	if err := os.WriteFile(path, []byte(`{"id":"lang-1","name":"Anglais"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runStarter(t, dir, nil, "verify", edited)
	if code != exitFailed || !strings.Contains(out, "checksum: routing_language") || !strings.Contains(out, "format: routing_language lang-1") {
		t.Errorf("verify edited: exit %d, want %d with checksum and format findings\n%s", code, exitFailed, out)
	}
	out, code = runStarter(t, dir, nil, "verify", "--json", edited)
	var res struct{ Findings []struct{ Check string } }
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitFailed || len(res.Findings) != 2 {
		t.Errorf("verify --json: exit %d, %v, %d findings\n%s", code, err, len(res.Findings), out)
	}

	out, code = runStarter(t, dir, nil, "diff", complete, edited)
	if code != 0 || !strings.Contains(out, "routing_language: 0 added, 0 removed, 1 changed") || !strings.Contains(out, "~ lang-1: name") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}
	if out, code := runStarter(t, dir, nil, "diff", complete, partial); code != 0 || !strings.Contains(out, "no differences") {
		t.Errorf("diff of equal objects: exit %d\n%s", code, out)
	}
	if out, code := runStarter(t, dir, nil, "diff", complete, filepath.Join(dir, "none")); code != exitFailed {
		t.Errorf("diff with a missing backup: exit %d, want %d\n%s", code, exitFailed, out)
	}
}

func TestDefaultExportID(t *testing.T) {
	at := time.Date(2026, 12, 4, 2, 0, 5, 0, time.FixedZone("CET", 3600))
	if got := defaultExportID(at); got != "gcexport-20261204T010005Z" {
		t.Errorf("default id = %s, want the start time in UTC", got)
	}
}

func TestDevExportIDFollowsTheOrg(t *testing.T) {
	sample := simulator.SampleFixture()
	other := simulator.SampleFixture()
	other.Org.ID = "another-org"
	creds := config.GenesysConfig{ClientID: "id", ClientSecret: "secret", Region: "eu-west-1"}

	base := devExportID(config.GenesysConfig{}, sample, "", "backup")
	if again := devExportID(config.GenesysConfig{}, simulator.SampleFixture(), "", "backup"); again != base {
		t.Errorf("the same org gives ids %s and %s", base, again)
	}
	if !regexp.MustCompile(`^gcexport-dev-[0-9a-f]{8}$`).MatchString(base) {
		t.Errorf("dev id %q is not gcexport-dev-<8 hex digits>", base)
	}
	differ := map[string]string{
		"another fixture file":  devExportID(config.GenesysConfig{}, sample, "other.json", "backup"),
		"another org":           devExportID(config.GenesysConfig{}, other, "", "backup"),
		"real credentials":      devExportID(creds, nil, "", "backup"),
		"another backup folder": devExportID(config.GenesysConfig{}, sample, "", "elsewhere"),
	}
	for name, id := range differ {
		if id == base {
			t.Errorf("%s gives the sample's id %s", name, id)
		}
	}
	otherRegion := creds
	otherRegion.Region = "us-east-1"
	if devExportID(otherRegion, nil, "", "backup") == devExportID(creds, nil, "", "backup") {
		t.Error("two regions give the same id")
	}
	// A path counts however it is spelled.
	dir := t.TempDir()
	t.Chdir(dir)
	if devExportID(config.GenesysConfig{}, sample, "org.json", "out") !=
		devExportID(config.GenesysConfig{}, sample, filepath.Join(dir, "org.json"), filepath.Join(dir, "out")) {
		t.Error("a relative and an absolute path to the same fixture and folder give two ids")
	}
	// The secret is not part of the id: a rotated secret resumes the
	// same export.
	rotated := creds
	rotated.ClientSecret = "rotated"
	if devExportID(rotated, nil, "", "backup") != devExportID(creds, nil, "", "backup") {
		t.Error("a rotated secret gives another id")
	}
}
