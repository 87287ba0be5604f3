package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/terraform"
)

// checkTerraform reads terraform/ of a backup and runs the reference
// checker over it: every reference declared, the graph acyclic, the files
// parseable.
func checkTerraform(t *testing.T, dir, ext string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "terraform"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, "terraform", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	for _, name := range []string{"provider" + ext, "variables" + ext, "routing_queue" + ext, "user" + ext, "restore-order.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("terraform/ has no %s", name)
		}
	}
	if err := terraform.Check(files); err != nil {
		t.Errorf("terraform check: %v", err)
	}
	return files
}

func TestTerraformOfSampleOrg(t *testing.T) {
	for _, format := range []string{"json", "hcl"} {
		t.Run(format, func(t *testing.T) {
			h := newHarness(t, simulator.SampleFixture())
			summary, err := h.run("e2e-terraform-"+format,
				json.RawMessage(`{"terraformFormat":"`+format+`","skipFlowYaml":true}`))
			if err != nil {
				t.Fatalf("export failed: %v", err)
			}
			if summary.Status != "complete" {
				t.Errorf("status = %s, problems %v", summary.Status, summary.Problems)
			}
			ext := ".tf.json"
			if format == "hcl" {
				ext = ".tf"
			}
			files := checkTerraform(t, h.output, ext)
			if !strings.Contains(string(files["provider"+ext]), "mypurecloud/genesyscloud") {
				t.Errorf("the provider file does not require mypurecloud/genesyscloud")
			}
			data, err := os.ReadFile(filepath.Join(h.output, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Terraform struct {
					Format string
					Files  int
				}
			}
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			if m.Terraform.Format != format || m.Terraform.Files != len(files) {
				t.Errorf("manifest terraform = %+v, want format %s and %d files", m.Terraform, format, len(files))
			}
		})
	}
}
