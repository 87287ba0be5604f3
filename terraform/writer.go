package terraform

import (
	"errors"
	"fmt"
	"sort"

	"github.com/gcexport/gcexport/catalog"
)

// Source is the raw objects of a backup folder.
type Source interface {
	// Types returns the catalogue type names present.
	Types() []string
	// IDs returns the object ids of a type. An object of a type listed
	// under a parent has the id "<parentId>_<value>", and an authorization
	// subject the id of its user or group.
	IDs(typ string) ([]string, error)
	// Object returns an object's raw API JSON.
	Object(typ, id string) (map[string]any, error)
}

// DependencySource is implemented by a Source that has references which
// are not fields of an object's JSON, such as the queues and data actions
// that a flow's YAML names. Each becomes an entry of the object's
// depends_on, and takes part in cycle breaking like any reference.
type DependencySource interface {
	Dependencies(typ, id string) ([]catalog.Reference, error)
}

// UnmappedCounter is implemented by a DependencySource that leaves out the
// references it cannot name by a catalogue type, such as the system prompts
// a flow consumes. Write copies its counts, keyed by the source's own type
// names, into Report.UnmappedDependencies after it has asked for the
// dependencies of every object.
type UnmappedCounter interface {
	UnmappedDependencies() map[string]int
}

// Format is the syntax of the written configuration.
type Format string

const (
	// FormatJSON writes Terraform's JSON syntax, in .tf.json files.
	FormatJSON Format = "json"
	// FormatHCL writes Terraform's native syntax, in .tf files.
	FormatHCL Format = "hcl"
)

// DefaultProviderVersion is the provider version constraint written when
// Options.ProviderVersion is empty.
const DefaultProviderVersion = "~> 1.84"

// Options configure Write.
type Options struct {
	// Format is the output syntax; "" means FormatJSON.
	Format Format
	// OmitDangling drops attributes whose reference points outside the
	// backup; false keeps the raw id. A required attribute of a resource
	// keeps its raw id either way.
	OmitDangling bool
	// ProviderVersion is the version constraint of the genesyscloud
	// provider; "" means DefaultProviderVersion.
	ProviderVersion string
	// LegacyFlowHash writes each flow's file_content_hash, which provider
	// versions before 1.73.0 require. From 1.73.0 on the attribute is
	// computed, and the provider rejects a configured value.
	LegacyFlowHash bool
}

// writer holds one run of Write.
type writer struct {
	cat  *catalog.Catalog
	src  Source
	opts Options
	out  OutputDir

	ix index
	// variables are the variables of the written objects, collected while
	// they are rendered.
	variables []*variable
	report    *Report
}

// Write turns the backup's objects into Terraform configuration and writes
// it to out: one file per mapped type, a provider file, the variables of
// the secrets, a terraform.tfvars.example with placeholders, and
// restore-order.json. The output depends only on the objects, not on the
// order the Source lists them in.
//
// Write reads every object from the Source once to index it, and each
// written object again to render it, together with the child objects
// merged into it (a queue's members), which are so read three times.
// Between the passes it keeps only a compact index of ids, labels and
// references, and with a FileCreator it streams each file to out, so its
// memory grows with the number of objects and references, not with their
// size. The Source must return the same objects on every read. On an
// error, out may contain some of the files.
func Write(cat *catalog.Catalog, src Source, opts Options, out OutputDir) (*Report, error) {
	if cat == nil || src == nil || out == nil {
		return nil, errors.New("terraform: Write needs a catalogue, a source and an output")
	}
	switch opts.Format {
	case "":
		opts.Format = FormatJSON
	case FormatJSON, FormatHCL:
	default:
		return nil, fmt.Errorf("terraform: unknown format %q: use %q or %q", opts.Format, FormatJSON, FormatHCL)
	}
	if opts.ProviderVersion == "" {
		opts.ProviderVersion = DefaultProviderVersion
	}
	src, err := withSubjectRoles(src)
	if err != nil {
		return nil, err
	}
	w := &writer{cat: cat, src: src, opts: opts, out: out, report: &Report{Format: opts.Format}}
	if err := w.listObjects(); err != nil {
		return nil, err
	}
	if err := w.indexObjects(); err != nil {
		return nil, err
	}
	if err := w.assignAllLabels(); err != nil {
		return nil, err
	}
	w.resolve()
	w.breakCycles()
	if err := w.render(); err != nil {
		return nil, err
	}
	if err := w.writeCommon(); err != nil {
		return nil, err
	}
	sort.Strings(w.report.Files)
	w.report.sort()
	return w.report, nil
}

// missingRequired returns the first required attribute or block a body
// lacks, or "".
func missingRequired(b *body) string {
	var names []string
	for name := range b.required {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := b.attrs[name]; ok {
			continue
		}
		if len(b.blocks[name]) > 0 {
			continue
		}
		return name
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mergedTypes returns each child type that a mapping writes inside its
// parent's resources, with that parent type.
func mergedTypes() map[string]string {
	out := map[string]string{}
	var visit func(parent string, attrs []Attr)
	visit = func(parent string, attrs []Attr) {
		for _, a := range attrs {
			if a.Child != "" {
				out[a.Child] = parent
			}
			visit(parent, a.Attrs)
		}
	}
	for typ, m := range mappings {
		visit(typ, m.Attrs)
	}
	return out
}
