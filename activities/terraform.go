package activities

import (
	"encoding/json"
	"fmt"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// publishedSource serves the Terraform writer the published objects of a
// backup folder.
type publishedSource struct {
	dir *sink.Dir
	cat *catalog.Catalog
}

func (s publishedSource) Types() []string {
	types, err := s.dir.PublishedTypes()
	if err != nil {
		return nil
	}
	return types
}

func (s publishedSource) IDs(typ string) ([]string, error) { return s.dir.PublishedIDs(typ) }

func (s publishedSource) Object(typ, id string) (map[string]any, error) {
	data, err := s.dir.ReadPublished(typ, id)
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("%s %s: %w", typ, id, err)
	}
	return obj, nil
}

// Dependencies returns the references that no provider attribute holds: a
// data action's "$ref" to a custom schema lives inside the contract's JSON
// text, so the action depends_on the schema, which a restore then creates
// first.
func (s publishedSource) Dependencies(typ, id string) ([]catalog.Reference, error) {
	t, ok := s.cat.Type(typ)
	if !ok {
		return nil, nil
	}
	var schemaRefs []catalog.Ref
	for _, r := range t.Refs {
		if r.SchemaURI != "" {
			schemaRefs = append(schemaRefs, r)
		}
	}
	if len(schemaRefs) == 0 {
		return nil, nil
	}
	obj, err := s.Object(typ, id)
	if err != nil {
		return nil, err
	}
	var refs []catalog.Reference
	for _, r := range schemaRefs {
		for _, to := range r.IDs(obj) {
			refs = append(refs, catalog.Reference{Path: r.Path, To: r.To, ID: to})
		}
	}
	return refs, nil
}

// manifestTerraform describes terraform/ in the manifest.
type manifestTerraform struct {
	Format string `json:"format"`
	Files  int    `json:"files"`
	SHA256 string `json:"sha256"`
	// NotWritten lists the types the writer has no mapping for; their
	// objects are in raw/ only.
	NotWritten []string `json:"notWritten"`
}

// writeTerraform writes terraform/ from the published objects and returns
// its manifest entry and the writer's report, which report.json keeps.
// Dangling references, broken cycles and objects written with caveats are a
// restore's to-do list, not objects missing from the backup, so they stay
// out of the audit. A failure of the writer itself is returned as a problem.
func (a *Activities) writeTerraform(dir *sink.Dir, in export.ManifestInput) (*manifestTerraform, *terraform.Report, []export.Problem, error) {
	if err := dir.ResetTerraform(); err != nil {
		return nil, nil, nil, err
	}
	format := terraform.FormatJSON
	if in.TerraformFormat == "hcl" {
		format = terraform.FormatHCL
	}
	rep, err := terraform.Write(a.Catalog, publishedSource{dir, a.Catalog}, terraform.Options{
		Format: format, OmitDangling: in.OmitDangling,
	}, dir)
	if err != nil {
		problem := export.Problem{Kind: export.ProblemFailed, Type: "terraform",
			Message: fmt.Sprintf("write the Terraform configuration: %v", err)}
		return nil, nil, []export.Problem{problem}, nil
	}
	count, sum, err := dir.TerraformDigest()
	if err != nil {
		return nil, nil, nil, err
	}
	entry := &manifestTerraform{Format: string(format), Files: count, SHA256: sum,
		NotWritten: append([]string{}, rep.NotWritten...)}
	return entry, rep, nil, nil
}
