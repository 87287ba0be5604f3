package activities

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

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
	// unmapped counts the consumed resources of flows, by dependency type,
	// that no catalogue type matches. It is shared by copies of the source.
	unmapped map[string]int
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

// Dependencies returns the references that no provider attribute holds,
// which a restore then creates first. A data action's "$ref" to a custom
// schema lives inside the contract's JSON text, so the action depends_on
// the schema. A flow names queues, data actions, prompts and other flows in
// its YAML, so it depends_on the resources that dependency tracking found
// it to consume (see flowConsumedResources).
func (s publishedSource) Dependencies(typ, id string) ([]catalog.Reference, error) {
	if typ == "flow" {
		return s.flowConsumedResources(id)
	}
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

// terraformOutput is the output of the Terraform writer: the backup's
// terraform/ folder, which takes each file as a stream, so the writer
// never holds a whole file in memory.
type terraformOutput struct{ *sink.Dir }

// terraformFileName matches the names a file of terraform/ may have, as
// sink.Dir.WriteFile accepts them.
var terraformFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// CreateFile opens a file of terraform/ for writing. The file is written
// under a temporary name starting with ".", which TerraformDigest skips and
// the next ResetTerraform removes, and Close renames it into place, so the
// folder holds either the whole file or none of it.
func (o terraformOutput) CreateFile(name string) (io.WriteCloser, error) {
	if !terraformFileName.MatchString(name) {
		return nil, fmt.Errorf("terraform file %q is not usable as a file name", name)
	}
	dir := filepath.Join(o.Root(), sink.TerraformDir)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return nil, err
	}
	return &terraformFile{File: tmp, path: filepath.Join(dir, name)}, nil
}

// terraformFile is a file of terraform/ being written.
type terraformFile struct {
	*os.File
	path string
}

// Close closes the temporary file and renames it to its name. The file
// gets the mode that sink.Dir gives the files it writes.
func (f *terraformFile) Close() error {
	err := f.File.Chmod(0o600)
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
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
	src := publishedSource{dir: dir, cat: a.Catalog, unmapped: map[string]int{}}
	rep, err := func() (*terraform.Report, error) {
		defer tightenGC()()
		return terraform.Write(a.Catalog, src, terraform.Options{
			Format: format, OmitDangling: in.OmitDangling,
		}, terraformOutput{dir})
	}()
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

// UnmappedDependencies returns the counts of consumed resources that
// Dependencies left out, by dependency type.
func (s publishedSource) UnmappedDependencies() map[string]int { return s.unmapped }

// flowConsumedResources returns the consumed resources of a flow's
// dependencies file as references to catalogue types, in the file's order.
// A flow without the file (not published, or its dependencies not read)
// has none. A resource of a type that dependencyCatalogTypes does not map
// is left out and counted.
func (s publishedSource) flowConsumedResources(id string) ([]catalog.Reference, error) {
	data, err := s.dir.ReadFlowDependencies(id)
	if err != nil || data == nil {
		return nil, err
	}
	var doc struct {
		ConsumedResources []struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"consumedResources"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("flow %s: dependencies file: %w", id, err)
	}
	var refs []catalog.Reference
	for _, d := range doc.ConsumedResources {
		to, ok := dependencyCatalogTypes[d.Type]
		if !ok || d.ID == "" {
			s.unmapped[d.Type]++
			continue
		}
		refs = append(refs, catalog.Reference{Path: "consumedResources[" + d.Type + "]", To: to, ID: d.ID})
	}
	return refs, nil
}

// dependencyCatalogTypes maps the dependency types of Architect's
// dependency tracking (the Dependency model's type) to the catalogue types
// whose objects they name. It follows the table of Genesys' own exporter
// (terraform-provider-genesyscloud,
// genesyscloud/dependent_consumers/dependent_consumers.go), for the types
// the catalogue has. Reviewed per type:
//   - every flow type maps to flow, DIGITALBOTFLOW and VOICESURVEYFLOW too,
//     which that exporter leaves out, because GET /api/v2/flows lists them;
//   - COMPOSERSCRIPT is a script of /api/v2/scripts;
//   - EMAILROUTE names the route's own id, which the writer finds under
//     its domain;
//   - UTILIZATIONLABEL, which that exporter does not map, is a label of
//     /api/v2/routing/utilization/labels.
//
// Left out and counted: types the catalogue lacks (FLOWMILESTONE,
// FLOWOUTCOME, GRAMMAR, KNOWLEDGEBASE, RECORDINGPOLICY, RESPONSE, bots and
// their integrations...), built-in ones without a resource (SYSTEMPROMPT,
// TTSENGINE, TTSVOICE, LANGUAGE, the flow's language), and DIVISION,
// which a flow's division attribute already references.
var dependencyCatalogTypes = map[string]string{
	"ACDLANGUAGE":      "routing_language",
	"ACDSKILL":         "routing_skill",
	"ACDWRAPUPCODE":    "routing_wrapupcode",
	"COMPOSERSCRIPT":   "script",
	"CONTACTLIST":      "outbound_contact_list",
	"DATAACTION":       "integration_action",
	"DATATABLE":        "architect_datatable",
	"EMAILROUTE":       "routing_email_route",
	"EMERGENCYGROUP":   "architect_emergencygroup",
	"GROUP":            "group",
	"IVRCONFIGURATION": "architect_ivr",
	"OAUTHCLIENT":      "oauth_client",
	"QUEUE":            "routing_queue",
	"SCHEDULE":         "architect_schedules",
	"SCHEDULEGROUP":    "architect_schedulegroups",
	"USER":             "user",
	"USERPROMPT":       "architect_user_prompt",
	"UTILIZATIONLABEL": "routing_utilization_label",

	"BOTFLOW":                 "flow",
	"COMMONMODULEFLOW":        "flow",
	"DIGITALBOTFLOW":          "flow",
	"INBOUNDCALLFLOW":         "flow",
	"INBOUNDCHATFLOW":         "flow",
	"INBOUNDEMAILFLOW":        "flow",
	"INBOUNDSHORTMESSAGEFLOW": "flow",
	"INQUEUECALLFLOW":         "flow",
	"INQUEUEEMAILFLOW":        "flow",
	"INQUEUESHORTMESSAGEFLOW": "flow",
	"OUTBOUNDCALLFLOW":        "flow",
	"SECURECALLFLOW":          "flow",
	"SURVEYINVITEFLOW":        "flow",
	"VOICEFLOW":               "flow",
	"VOICEMAILFLOW":           "flow",
	"VOICESURVEYFLOW":         "flow",
	"WORKFLOW":                "flow",
	"WORKITEMFLOW":            "flow",
}
