package inspect

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// Checks that a Finding can come from.
const (
	// CheckChecksum compares the count and SHA-256 of a folder's files
	// with the manifest.
	CheckChecksum = "checksum"
	// CheckFormat checks that each raw file is JSON in the exporter's
	// form: sorted keys, two-space indentation, a final newline. A file
	// edited by hand usually fails it, which names the file that a
	// checksum mismatch cannot.
	CheckFormat = "format"
	// CheckAudit checks listed = count + reported for each type.
	CheckAudit = "audit"
	// CheckReference checks that each reference of a raw object points
	// at an object in the backup or is reported.
	CheckReference = "reference"
	// CheckTerraform parses terraform/ and checks its references.
	CheckTerraform = "terraform"
)

// Finding is one problem that Verify found.
type Finding struct {
	Check string `json:"check"`
	// Type and ID name the object or type concerned, when there is one.
	Type    string `json:"type,omitempty"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

func (f Finding) String() string {
	var where string
	switch {
	case f.Type != "" && f.ID != "":
		where = f.Type + " " + f.ID + ": "
	case f.Type != "":
		where = f.Type + ": "
	}
	return f.Check + ": " + where + f.Message
}

// ReferenceCounts counts the references of the raw objects by outcome.
type ReferenceCounts struct {
	Total int `json:"total"`
	// Resolved references point at an object in the backup.
	Resolved int `json:"resolved"`
	// Reported ones point at an object that report.json names: a
	// dangling reference of the Terraform writer, a problem of the target
	// object, or a type the export skipped.
	Reported int `json:"reported"`
	// OutsideScope ones point at a type that a filtered export left out.
	OutsideScope int `json:"outsideScope"`
	// Unreported ones are findings.
	Unreported int `json:"unreported"`
}

// Result is the outcome of Verify.
type Result struct {
	Root string `json:"root"`
	// Status and Scope are the manifest's.
	Status     string          `json:"status"`
	Scope      string          `json:"scope"`
	WorkflowID string          `json:"workflowId"`
	Types      int             `json:"types"`
	Files      int             `json:"files"`
	References ReferenceCounts `json:"references"`
	// TerraformFiles counts the files given to the Terraform checker.
	TerraformFiles int       `json:"terraformFiles"`
	Findings       []Finding `json:"findings"`
}

// OK reports whether every check passed.
func (r *Result) OK() bool { return len(r.Findings) == 0 }

// Verify checks the backup folder root against its own manifest: the
// count and SHA-256 of each type's raw files, of flows/ and of terraform/;
// the form of each raw file; the completeness identity of each type
// (listed = count + the objects reported); that each reference that cat
// declares points at an object in the backup or is reported; and
// terraform/ with terraform.Check. It returns an error only when the
// folder cannot be read as a backup, and every problem found as a
// Finding.
func Verify(root string, cat *catalog.Catalog) (*Result, error) {
	m, err := readManifest(root)
	if err != nil {
		return nil, err
	}
	rep, err := readReport(root)
	if err != nil {
		return nil, err
	}
	v := &verifier{root: root, cat: cat, manifest: m, report: rep,
		res: &Result{Root: root, Status: m.Status, Scope: m.Scope, WorkflowID: m.WorkflowID}}
	if err := v.checkRaw(); err != nil {
		return nil, err
	}
	v.checkAudit()
	if err := v.checkFileSums(); err != nil {
		return nil, err
	}
	if err := v.checkFolders(); err != nil {
		return nil, err
	}
	if err := v.checkReferences(); err != nil {
		return nil, err
	}
	if err := v.checkTerraform(); err != nil {
		return nil, err
	}
	sort.SliceStable(v.res.Findings, func(i, j int) bool {
		a, b := v.res.Findings[i], v.res.Findings[j]
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ID < b.ID
	})
	return v.res, nil
}

type verifier struct {
	root     string
	cat      *catalog.Catalog
	manifest *Manifest
	report   *Report
	res      *Result
	// objects holds each raw type's objects, read by checkRaw.
	objects map[string][]object
}

func (v *verifier) add(check, typ, id, format string, args ...any) {
	v.res.Findings = append(v.res.Findings, Finding{Check: check, Type: typ, ID: id, Message: fmt.Sprintf(format, args...)})
}

// checkRaw recomputes each type's digest and checks each file's form.
func (v *verifier) checkRaw() error {
	types, err := rawTypes(v.root)
	if err != nil {
		return fmt.Errorf("backup %s: %w", v.root, err)
	}
	v.objects = map[string][]object{}
	onDisk := map[string]bool{}
	for _, typ := range types {
		onDisk[typ] = true
		objs, err := rawObjects(v.root, typ)
		if err != nil {
			return fmt.Errorf("backup %s: %w", v.root, err)
		}
		v.objects[typ] = objs
		if _, ok := v.manifest.Types[typ]; !ok {
			v.add(CheckChecksum, typ, "", "raw/%s holds %d files, but the manifest has no such type", typ, len(objs))
		}
	}
	for _, typ := range sortedKeys(v.manifest.Types) {
		v.res.Types++
		want := v.manifest.Types[typ]
		h := sha256.New()
		for _, o := range v.objects[typ] {
			data, err := os.ReadFile(o.path)
			if err != nil {
				return fmt.Errorf("backup %s: %w", v.root, err)
			}
			h.Write(data)
			v.res.Files++
			if normal, err := sink.NormalizeJSON(data); err != nil {
				v.add(CheckFormat, typ, o.id, "%s: %v", v.rel(o.path), err)
			} else if !bytes.Equal(normal, data) {
				v.add(CheckFormat, typ, o.id, "%s is not in the form the exporter writes (sorted keys, two-space indentation): it was edited after the export", v.rel(o.path))
			}
		}
		count, sum := len(v.objects[typ]), hex.EncodeToString(h.Sum(nil))
		if count != want.Count || sum != want.SHA256 {
			v.add(CheckChecksum, typ, "", "raw/%s: %d files with sha256 %s, but the manifest records %d files with sha256 %s",
				typ, count, sum, want.Count, want.SHA256)
		}
	}
	return nil
}

// checkAudit checks listed = count + reported for each type, and that
// report.json holds the problems the manifest counts.
func (v *verifier) checkAudit() {
	inReport := map[string]map[string]int{}
	for _, p := range v.report.Problems {
		if p.ID == "" {
			continue
		}
		if inReport[p.Type] == nil {
			inReport[p.Type] = map[string]int{}
		}
		inReport[p.Type][p.Kind]++
	}
	for _, typ := range sortedKeys(v.manifest.Types) {
		t := v.manifest.Types[typ]
		reported := 0
		for _, kind := range sortedKeys(t.Reported) {
			reported += t.Reported[kind]
		}
		// The manifest counts the same problems that report.json lists, so
		// any difference is an edit of one of them.
		kinds := map[string]int{}
		maps.Copy(kinds, t.Reported)
		maps.Copy(kinds, inReport[typ])
		for _, kind := range sortedKeys(kinds) {
			if n, got := t.Reported[kind], inReport[typ][kind]; got != n {
				v.add(CheckAudit, typ, "", "the manifest counts %d %s objects, but report.json lists %d", n, kind, got)
			}
		}
		count := len(v.objects[typ])
		if t.Listed != count+reported {
			v.add(CheckAudit, typ, "", "%d objects listed, but %d in raw/%s and %d reported", t.Listed, count, typ, reported)
		}
	}
}

// checkFileSums checks every file that SHA256SUMS lists, and that it lists
// every file, naming each file that changed, is missing or was added. The
// manifest records SHA256SUMS's own digest, so an edit of the list shows
// too.
func (v *verifier) checkFileSums() error {
	if v.manifest.Checksums == "" {
		return nil
	}
	path := filepath.Join(v.root, sink.ChecksumsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		v.add(CheckChecksum, "", "", "%s: %v", sink.ChecksumsFile, err)
		return nil
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != v.manifest.Checksums {
		v.add(CheckChecksum, "", "", "%s has sha256 %s, but the manifest records %s",
			sink.ChecksumsFile, hex.EncodeToString(sum[:]), v.manifest.Checksums)
	}
	want, err := sink.ReadChecksums(path)
	if err != nil {
		v.add(CheckChecksum, "", "", "%v", err)
		return nil
	}
	names, err := sink.ChecksummedFiles(v.root)
	if err != nil {
		return fmt.Errorf("backup %s: %w", v.root, err)
	}
	seen := map[string]bool{}
	for _, name := range names {
		seen[name] = true
		sum, ok := want[name]
		if !ok {
			v.add(CheckChecksum, "", "", "%s is not in %s: added after the export", name, sink.ChecksumsFile)
			continue
		}
		data, err := os.ReadFile(filepath.Join(v.root, filepath.FromSlash(name)))
		if err != nil {
			return fmt.Errorf("backup %s: %w", v.root, err)
		}
		if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
			v.add(CheckChecksum, "", "", "%s has changed: sha256 %s, %s records %s",
				name, hex.EncodeToString(got[:]), sink.ChecksumsFile, sum)
		}
	}
	var missing []string
	for name := range want {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		v.add(CheckChecksum, "", "", "%s is missing: %s lists it", name, sink.ChecksumsFile)
	}
	return nil
}

// checkFolders compares flows/ and terraform/ with the manifest.
func (v *verifier) checkFolders() error {
	if f := v.manifest.Flows; f != nil {
		if err := v.checkDigest(sink.FlowsDir, ".yaml", f.Count, f.SHA256); err != nil {
			return err
		}
		// Backups written before dependency files existed have no entry.
		if d := f.Dependencies; d != nil {
			if err := v.checkDigest(sink.FlowsDir, ".json", d.Count, d.SHA256); err != nil {
				return err
			}
		}
	}
	if t := v.manifest.Terraform; t != nil {
		if err := v.checkDigest(sink.TerraformDir, "", t.Files, t.SHA256); err != nil {
			return err
		}
	}
	return nil
}

func (v *verifier) checkDigest(folder, ext string, wantCount int, wantSum string) error {
	dir := filepath.Join(v.root, folder)
	names, err := folderFiles(dir, ext)
	if err != nil {
		return fmt.Errorf("backup %s: %w", v.root, err)
	}
	h := sha256.New()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("backup %s: %w", v.root, err)
		}
		h.Write(data)
		v.res.Files++
	}
	if sum := hex.EncodeToString(h.Sum(nil)); len(names) != wantCount || sum != wantSum {
		v.add(CheckChecksum, "", "", "%s/: %d files with sha256 %s, but the manifest records %d files with sha256 %s",
			folder, len(names), sum, wantCount, wantSum)
	}
	return nil
}

// checkTerraform runs the Terraform checker on terraform/.
func (v *verifier) checkTerraform() error {
	if v.manifest.Terraform == nil {
		return nil
	}
	dir := filepath.Join(v.root, sink.TerraformDir)
	names, err := folderFiles(dir, "")
	if err != nil {
		return fmt.Errorf("backup %s: %w", v.root, err)
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("backup %s: %w", v.root, err)
		}
		files[name] = data
	}
	v.res.TerraformFiles = len(files)
	err = terraform.Check(files)
	var joined interface{ Unwrap() []error }
	switch {
	case err == nil:
	case errors.As(err, &joined):
		for _, e := range joined.Unwrap() {
			v.add(CheckTerraform, "", "", "%s", strings.TrimPrefix(e.Error(), "terraform: "))
		}
	default:
		v.add(CheckTerraform, "", "", "%s", strings.TrimPrefix(err.Error(), "terraform: "))
	}
	return nil
}

// checkReferences follows every declared reference of every raw object.
func (v *verifier) checkReferences() error {
	idx := v.index()
	dangling := map[string]bool{}
	if tf := v.report.Terraform; tf != nil {
		for _, d := range tf.Dangling {
			dangling[refKey(d.From.Type, d.From.ID, d.To.Type, d.To.ID)] = true
		}
	}
	problemObjects := map[[2]string]bool{}
	skippedTypes := map[string]bool{}
	for typ := range v.manifest.Skipped {
		skippedTypes[typ] = true
	}
	for _, p := range v.report.Problems {
		if p.ID != "" {
			problemObjects[[2]string{p.Type, p.ID}] = true
		} else if p.Kind == export.ProblemForbidden {
			skippedTypes[p.Type] = true
		}
	}
	exported := map[string]bool{}
	for _, layer := range v.manifest.Layers {
		for _, typ := range layer {
			exported[typ] = true
		}
	}
	filtered := v.manifest.Scope != "" && v.manifest.Scope != sink.ScopeFull

	counts := &v.res.References
	for _, typ := range sortedKeys(v.objects) {
		t, ok := v.cat.Type(typ)
		if !ok {
			continue
		}
		// An object listed under a parent is stored as <parentId>_<id>,
		// or under its parent's id alone, and needs that parent.
		if t.Parent != "" {
			for _, o := range v.objects[typ] {
				parent := o.id
				if t.Paging != catalog.PagingObject {
					parent, _, _ = strings.Cut(o.id, "_")
				}
				counts.Total++
				switch {
				case idx.holds(t.Parent, parent):
					counts.Resolved++
				case problemObjects[[2]string{t.Parent, parent}] || skippedTypes[t.Parent]:
					counts.Reported++
				default:
					counts.Unreported++
					v.add(CheckReference, typ, o.id, "listed under %s %s, which is neither in the backup nor in report.json", t.Parent, parent)
				}
			}
		}
		if len(t.Refs) == 0 {
			continue
		}
		for _, o := range v.objects[typ] {
			data, err := os.ReadFile(o.path)
			if err != nil {
				return fmt.Errorf("backup %s: %w", v.root, err)
			}
			var obj any
			if json.Unmarshal(data, &obj) != nil {
				// CheckFormat has reported the file.
				continue
			}
			for _, r := range t.References(obj) {
				counts.Total++
				switch {
				case idx.holds(r.To, r.ID):
					counts.Resolved++
				case dangling[refKey(typ, o.id, r.To, r.ID)] || problemObjects[[2]string{r.To, r.ID}] || skippedTypes[r.To]:
					counts.Reported++
				case filtered && !exported[r.To]:
					counts.OutsideScope++
				default:
					counts.Unreported++
					v.add(CheckReference, typ, o.id, "%s references %s %s, which is neither in the backup nor in report.json",
						r.Path, r.To, r.ID)
				}
			}
		}
	}
	return nil
}

func refKey(fromType, fromID, toType, toID string) string {
	return fromType + "\x00" + fromID + "\x00" + toType + "\x00" + toID
}

// objectIndex finds objects by the id a reference gives.
type objectIndex struct {
	ids map[string]map[string]bool
	// childIDs holds, for types listed under a parent, the ids the API
	// gives: the backup id without its "<parentId>_" prefix.
	childIDs map[string]map[string]bool
}

func (v *verifier) index() *objectIndex {
	idx := &objectIndex{ids: map[string]map[string]bool{}, childIDs: map[string]map[string]bool{}}
	for typ, objs := range v.objects {
		idx.ids[typ] = map[string]bool{}
		for _, o := range objs {
			idx.ids[typ][o.id] = true
		}
	}
	for typ, objs := range v.objects {
		t, ok := v.cat.Type(typ)
		if !ok || t.Parent == "" || t.Paging == catalog.PagingObject {
			continue
		}
		idx.childIDs[typ] = map[string]bool{}
		for _, o := range objs {
			// Parent ids may hold "_" themselves, so every split point is
			// indexed: a reference matches if some parent in the backup
			// prefixes it.
			for i := 0; i < len(o.id); i++ {
				if o.id[i] == '_' && idx.ids[t.Parent] != nil && idx.ids[t.Parent][o.id[:i]] {
					idx.childIDs[typ][o.id[i+1:]] = true
				}
			}
		}
	}
	return idx
}

func (idx *objectIndex) holds(typ, id string) bool {
	return idx.ids[typ][id] || idx.childIDs[typ][id]
}

func (v *verifier) rel(path string) string {
	if r, err := filepath.Rel(v.root, path); err == nil {
		return r
	}
	return path
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// WriteText writes the result for a reader: what was checked, each
// finding, and the verdict.
func (r *Result) WriteText(w io.Writer) {
	fmt.Fprintf(w, "backup %s (export %s, status %s, scope %s)\n", r.Root, r.WorkflowID, r.Status, r.Scope)
	fmt.Fprintf(w, "checked %d types, %d files, %d Terraform files\n", r.Types, r.Files, r.TerraformFiles)
	c := r.References
	fmt.Fprintf(w, "references %d: %d in the backup, %d reported in report.json, %d outside a filtered export, %d unreported\n",
		c.Total, c.Resolved, c.Reported, c.OutsideScope, c.Unreported)
	for _, f := range r.Findings {
		fmt.Fprintln(w, "  "+f.String())
	}
	switch {
	case !r.OK():
		noun := "problems"
		if len(r.Findings) == 1 {
			noun = "problem"
		}
		fmt.Fprintf(w, "FAILED: %d %s found\n", len(r.Findings), noun)
	case r.Status != export.StatusComplete:
		fmt.Fprintf(w, "intact, but the export was %s: see report.json\n", r.Status)
	default:
		fmt.Fprintln(w, "OK")
	}
}
