package terraform

import (
	"strings"
	"testing"
)

func TestCheckFindsProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"undeclared resource", map[string][]byte{"a.tf": []byte(`
resource "genesyscloud_group" "g" {
  owner_ids = [genesyscloud_user.nobody.id]
}`)}, "references genesyscloud_user.nobody, which is not declared"},
		{"undeclared data source in JSON", map[string][]byte{"a.tf.json": []byte(`{"resource": {"genesyscloud_team": {"t": {
  "division_id": "${data.genesyscloud_auth_division.Home.id}"}}}}`)},
			"references data.genesyscloud_auth_division.Home, which is not declared"},
		{"undeclared variable", map[string][]byte{"a.tf.json": []byte(`{"resource": {"genesyscloud_integration_credential": {"c": {
  "fields": {"password": "${var.secret}"}}}}}`)}, "references var.secret, which is not declared"},
		{"undeclared depends_on in JSON", map[string][]byte{"a.tf.json": []byte(`{"resource": {"genesyscloud_flow": {"f": {
  "depends_on": ["genesyscloud_routing_queue.q"]}}}}`)}, "references genesyscloud_routing_queue.q"},
		{"cycle across files", map[string][]byte{
			"a.tf":      []byte(`resource "genesyscloud_user" "a" { manager = genesyscloud_user.b.id }`),
			"b.tf.json": []byte(`{"resource": {"genesyscloud_user": {"b": {"manager": "${genesyscloud_user.a.id}"}}}}`),
		}, "reference cycle: genesyscloud_user.a -> genesyscloud_user.b"},
		{"cycle in nested block", map[string][]byte{"a.tf": []byte(`
resource "genesyscloud_routing_queue" "a" {
  direct_routing { backup_queue_id = genesyscloud_routing_queue.b.id }
}
resource "genesyscloud_routing_queue" "b" {
  direct_routing { backup_queue_id = genesyscloud_routing_queue.a.id }
}`)}, "reference cycle"},
		{"self reference", map[string][]byte{"a.tf": []byte(`
resource "genesyscloud_user" "a" { manager = genesyscloud_user.a.id }`)}, "reference cycle: genesyscloud_user.a"},
		{"invalid label", map[string][]byte{"a.tf.json": []byte(`{"resource": {"genesyscloud_user": {"1 bad": {}}}}`)},
			`label "1 bad" is not a valid label`},
		{"declared twice", map[string][]byte{
			"a.tf": []byte(`resource "genesyscloud_user" "a" {}`),
			"b.tf": []byte(`resource "genesyscloud_user" "a" {}`),
		}, "genesyscloud_user.a is declared twice"},
		{"syntax error", map[string][]byte{"a.tf": []byte(`resource "x" {`)}, "a.tf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.files)
			if err == nil {
				t.Fatalf("Check found nothing, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestCheckAcceptsValidFiles(t *testing.T) {
	files := map[string][]byte{
		"a.tf": []byte(`
variable "secret" { type = string }
data "genesyscloud_auth_division" "Home" { name = "Home" }
resource "genesyscloud_user" "a" {
  division_id = data.genesyscloud_auth_division.Home.id
  manager     = genesyscloud_user.b.id
}
resource "genesyscloud_flow" "f" {
  filepath   = "${path.module}/../flows/f.yaml"
  depends_on = [genesyscloud_user.a]
}`),
		"b.tf.json":                []byte(`{"resource": {"genesyscloud_user": {"b": {"name": "$${not.a.ref}", "title": "${var.secret}"}}}}`),
		"terraform.tfvars.example": []byte(`secret = "x"`),
		"restore-order.json":       []byte(`not configuration`),
	}
	if err := Check(files); err != nil {
		t.Fatalf("Check: %v", err)
	}
}
