package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/sink"
)

// FlowsType is the TypeDiff.Type of the flows' Architect YAML files, which
// Diff compares byte for byte.
const FlowsType = "flows/ (Architect YAML)"

// Change is one object present in both backups with other content.
type Change struct {
	ID string `json:"id"`
	// Paths lists, sorted, the JSON paths at which the two versions
	// differ, such as "name", "division.id" or "members[2].role". An
	// array whose length changed is one path, the array's own. "" is the
	// whole document, as when a file is not valid JSON.
	Paths []string `json:"paths"`
}

// TypeDiff is the difference of one type between two backups, objects
// matched by id.
type TypeDiff struct {
	Type    string   `json:"type"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Changed []Change `json:"changed"`
	// Unchanged counts the objects identical in both.
	Unchanged int `json:"unchanged"`
	// PathCounts counts, per JSON path, the changed objects that differ
	// at that path.
	PathCounts map[string]int `json:"pathCounts"`
}

// Empty reports whether the type is the same in both backups.
func (t TypeDiff) Empty() bool {
	return len(t.Added) == 0 && len(t.Removed) == 0 && len(t.Changed) == 0
}

// DiffResult is the outcome of Diff.
type DiffResult struct {
	Old string `json:"old"`
	New string `json:"new"`
	// Types holds every type of either backup, sorted, the flows' YAML
	// last.
	Types []TypeDiff `json:"types"`
}

// Empty reports whether the two backups hold the same objects.
func (d *DiffResult) Empty() bool {
	for _, t := range d.Types {
		if !t.Empty() {
			return false
		}
	}
	return true
}

// Diff compares the raw objects of two finished backups, per type and by
// id, and the flows' YAML files by name. It reads the raw files only, so
// a difference of the Terraform configuration shows through the objects
// it was written from.
func Diff(oldRoot, newRoot string) (*DiffResult, error) {
	for _, root := range []string{oldRoot, newRoot} {
		if _, err := readManifest(root); err != nil {
			return nil, err
		}
	}
	oldTypes, err := rawTypes(oldRoot)
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", oldRoot, err)
	}
	newTypes, err := rawTypes(newRoot)
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", newRoot, err)
	}
	res := &DiffResult{Old: oldRoot, New: newRoot}
	for _, typ := range union(oldTypes, newTypes) {
		oldObjs, err := rawObjects(oldRoot, typ)
		if err != nil {
			return nil, fmt.Errorf("backup %s: %w", oldRoot, err)
		}
		newObjs, err := rawObjects(newRoot, typ)
		if err != nil {
			return nil, fmt.Errorf("backup %s: %w", newRoot, err)
		}
		td, err := diffObjects(typ, byID(oldObjs), byID(newObjs), jsonPaths)
		if err != nil {
			return nil, err
		}
		res.Types = append(res.Types, td)
	}
	flows, err := diffFlows(oldRoot, newRoot)
	if err != nil {
		return nil, err
	}
	res.Types = append(res.Types, flows)
	return res, nil
}

func byID(objs []object) map[string]string {
	out := make(map[string]string, len(objs))
	for _, o := range objs {
		out[o.id] = o.path
	}
	return out
}

func diffFlows(oldRoot, newRoot string) (TypeDiff, error) {
	files := func(root string) (map[string]string, error) {
		dir := filepath.Join(root, sink.FlowsDir)
		names, err := folderFiles(dir, ".yaml")
		if err != nil {
			return nil, fmt.Errorf("backup %s: %w", root, err)
		}
		out := map[string]string{}
		for _, name := range names {
			base := strings.TrimSuffix(name, ".yaml")
			id, ok := sink.IDFromFileName(base)
			if !ok {
				id = base
			}
			out[id] = filepath.Join(dir, name)
		}
		return out, nil
	}
	oldFiles, err := files(oldRoot)
	if err != nil {
		return TypeDiff{}, err
	}
	newFiles, err := files(newRoot)
	if err != nil {
		return TypeDiff{}, err
	}
	return diffObjects(FlowsType, oldFiles, newFiles, func(_, _ []byte) []string { return []string{""} })
}

// diffObjects compares the files of one type, given by id, with paths
// listing where two different files differ.
func diffObjects(typ string, oldFiles, newFiles map[string]string, paths func(a, b []byte) []string) (TypeDiff, error) {
	td := TypeDiff{Type: typ, Added: []string{}, Removed: []string{}, Changed: []Change{}, PathCounts: map[string]int{}}
	for _, id := range union(sortedKeys(oldFiles), sortedKeys(newFiles)) {
		oldPath, inOld := oldFiles[id]
		newPath, inNew := newFiles[id]
		switch {
		case !inOld:
			td.Added = append(td.Added, id)
			continue
		case !inNew:
			td.Removed = append(td.Removed, id)
			continue
		}
		a, err := os.ReadFile(oldPath)
		if err != nil {
			return td, fmt.Errorf("backup: %w", err)
		}
		b, err := os.ReadFile(newPath)
		if err != nil {
			return td, fmt.Errorf("backup: %w", err)
		}
		if bytes.Equal(a, b) {
			td.Unchanged++
			continue
		}
		ps := paths(a, b)
		if len(ps) == 0 {
			// Same values in another layout: not a change of the object.
			td.Unchanged++
			continue
		}
		td.Changed = append(td.Changed, Change{ID: id, Paths: ps})
		for _, p := range ps {
			td.PathCounts[p]++
		}
	}
	return td, nil
}

// jsonPaths returns the sorted JSON paths at which two documents differ,
// or [""] when either is not valid JSON.
func jsonPaths(a, b []byte) []string {
	va, errA := decodeJSON(a)
	vb, errB := decodeJSON(b)
	if errA != nil || errB != nil {
		return []string{""}
	}
	set := map[string]bool{}
	comparePaths("", va, vb, set)
	return sortedKeys(set)
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// comparePaths adds to out the paths under path at which a and b differ.
func comparePaths(path string, a, b any, out map[string]bool) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			out[path] = true
			return
		}
		for _, k := range union(sortedKeys(x), sortedKeys(y)) {
			child := k
			if path != "" {
				child = path + "." + k
			}
			va, inA := x[k]
			vb, inB := y[k]
			if !inA || !inB {
				out[child] = true
				continue
			}
			comparePaths(child, va, vb, out)
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			out[path] = true
			return
		}
		for i := range x {
			comparePaths(fmt.Sprintf("%s[%d]", path, i), x[i], y[i], out)
		}
	default:
		if a != b {
			out[path] = true
		}
	}
}

func union(a, b []string) []string {
	set := map[string]bool{}
	for _, s := range a {
		set[s] = true
	}
	for _, s := range b {
		set[s] = true
	}
	return sortedKeys(set)
}

// WriteText writes the difference for a reader: one line per type that
// differs with its counts, then, unless brief, each added, removed and
// changed id, and the JSON paths that changed with how many objects
// changed there.
func (d *DiffResult) WriteText(w io.Writer, brief bool) {
	fmt.Fprintf(w, "old %s\nnew %s\n", d.Old, d.New)
	if d.Empty() {
		fmt.Fprintln(w, "no differences")
		return
	}
	for _, t := range d.Types {
		if t.Empty() {
			continue
		}
		fmt.Fprintf(w, "%s: %d added, %d removed, %d changed, %d unchanged\n",
			t.Type, len(t.Added), len(t.Removed), len(t.Changed), t.Unchanged)
		if brief {
			continue
		}
		for _, id := range t.Added {
			fmt.Fprintf(w, "  + %s\n", id)
		}
		for _, id := range t.Removed {
			fmt.Fprintf(w, "  - %s\n", id)
		}
		for _, c := range t.Changed {
			fmt.Fprintf(w, "  ~ %s: %s\n", c.ID, strings.Join(displayPaths(c.Paths), ", "))
		}
		if len(t.PathCounts) > 0 && t.Type != FlowsType {
			var parts []string
			for _, p := range sortedPathCounts(t.PathCounts) {
				parts = append(parts, fmt.Sprintf("%s (%d)", displayPath(p), t.PathCounts[p]))
			}
			fmt.Fprintf(w, "  changed fields: %s\n", strings.Join(parts, ", "))
		}
	}
}

func displayPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = displayPath(p)
	}
	return out
}

// displayPath names the whole document "(whole file)".
func displayPath(p string) string {
	if p == "" {
		return "(whole file)"
	}
	return p
}

// sortedPathCounts returns the paths by descending count, then by name.
func sortedPathCounts(counts map[string]int) []string {
	paths := sortedKeys(counts)
	sort.SliceStable(paths, func(i, j int) bool { return counts[paths[i]] > counts[paths[j]] })
	return paths
}
