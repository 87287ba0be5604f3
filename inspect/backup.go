// Package inspect reads a backup folder that an export wrote, and checks and
// compares backups on disk: Verify checks one against its own manifest,
// and Diff compares the objects of two. It only reads files, so it works
// on a copy of a backup far from the worker that wrote it.
package inspect

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/sink"
	"github.com/gcexport/gcexport/terraform"
)

// Manifest is the part of manifest.json that Verify checks.
type Manifest struct {
	FormatVersion int                     `json:"formatVersion"`
	WorkflowID    string                  `json:"workflowId"`
	RunID         string                  `json:"runId"`
	Org           export.Org              `json:"org"`
	Status        string                  `json:"status"`
	Scope         string                  `json:"scope"`
	Layers        [][]string              `json:"layers"`
	Types         map[string]ManifestType `json:"types"`
	Skipped       map[string]string       `json:"skipped"`
	Flows         *ManifestFlows          `json:"flows"`
	Terraform     *ManifestTerraform      `json:"terraform"`
	// Checksums is the SHA-256 of SHA256SUMS; empty in backups written
	// before it existed.
	Checksums string `json:"checksums"`
}

// ManifestType is one type's entry of the manifest.
type ManifestType struct {
	Count    int            `json:"count"`
	SHA256   string         `json:"sha256"`
	Listed   int            `json:"listed"`
	Reported map[string]int `json:"reported"`
	Audited  bool           `json:"audited"`
}

// ManifestDigest is the count and SHA-256 of the files of a folder.
type ManifestDigest struct {
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
}

// ManifestFlows is the manifest's entry for flows/: the YAML files, and
// the flows' dependency files.
type ManifestFlows struct {
	ManifestDigest
	Dependencies *ManifestDigest `json:"dependencies"`
}

// ManifestTerraform is the manifest's entry for terraform/.
type ManifestTerraform struct {
	Format string `json:"format"`
	Files  int    `json:"files"`
	SHA256 string `json:"sha256"`
}

// Report is the part of report.json that Verify reads.
type Report struct {
	Problems  []export.Problem  `json:"problems"`
	Terraform *terraform.Report `json:"terraform"`
}

// ErrUnfinished is returned for a folder without manifest.json: an export
// that has not finished, or not a backup at all.
var ErrUnfinished = errors.New("no manifest.json: the backup is unfinished or the folder is not a backup")

// readManifest reads and decodes root's manifest.json.
func readManifest(root string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(root, sink.ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("backup %s: %w", root, ErrUnfinished)
	}
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", root, err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("backup %s: invalid %s: %w", root, sink.ManifestFile, err)
	}
	return &m, nil
}

// readReport reads root's report.json; a missing file is an empty report.
func readReport(root string) (*Report, error) {
	data, err := os.ReadFile(filepath.Join(root, sink.ReportFile))
	if errors.Is(err, fs.ErrNotExist) {
		return &Report{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", root, err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("backup %s: invalid %s: %w", root, sink.ReportFile, err)
	}
	return &r, nil
}

// object is one file under raw/<type>/.
type object struct {
	// id is the object's id, or the file name without its extension when
	// the name is a hashed one that does not give the id back.
	id   string
	path string
}

// rawTypes returns the type folders under root/raw, sorted.
func rawTypes(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, sink.RawDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var types []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			types = append(types, e.Name())
		}
	}
	sort.Strings(types)
	return types, nil
}

// rawObjects returns the objects of a type in file-name order, the order
// of the manifest's digest.
func rawObjects(root, typ string) ([]object, error) {
	dir := filepath.Join(root, sink.RawDir, typ)
	names, err := folderFiles(dir, ".json")
	if err != nil {
		return nil, err
	}
	out := make([]object, 0, len(names))
	for _, name := range names {
		base := strings.TrimSuffix(name, ".json")
		id, ok := sink.IDFromFileName(base)
		if !ok {
			id = base
		}
		out = append(out, object{id: id, path: filepath.Join(dir, name)})
	}
	return out, nil
}

// folderFiles returns the sorted names of the regular files in dir that end
// in ext ("" for any) and do not start with ".", the files that the sink's
// digests cover. A missing folder has none.
func folderFiles(dir, ext string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if ext != "" && filepath.Ext(e.Name()) != ext {
			continue
		}
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}
