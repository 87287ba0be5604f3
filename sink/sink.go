// Package sink writes a backup folder: every object as normalised JSON under
// raw/<type>/<id>.json, then report.json and manifest.json. It deals in
// files only, and nothing in it is specific to Genesys Cloud.
//
// Objects are first written to a staging folder named after the export, so
// that a resumed or retried export adds to its own earlier work and an
// unfinished export never mixes with the published backup. Publish moves the
// staging folder into place; the manifest is written after it, last.
package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

const (
	dirPerm  = 0o700
	filePerm = 0o600
	// RawDir is the folder of raw objects inside a backup.
	RawDir = "raw"
	// FlowsDir is the folder of flow definitions, as Architect YAML.
	FlowsDir = "flows"
	// ScopeFull is the manifest scope of an export of the whole org.
	ScopeFull = "full"
	// TerraformDir holds the configuration written from raw/ for the
	// genesyscloud provider.
	TerraformDir = "terraform"
	// PreviousDir keeps the last complete backup that a newer one replaced.
	PreviousDir = "previous"
	// publishedMarker holds the run id of the export last published.
	publishedMarker = ".published"
	// ManifestFile is written last; a backup without it is unfinished.
	ManifestFile = "manifest.json"
	// ReportFile lists the export's problems.
	ReportFile = "report.json"
	stagingDir = ".staging"
)

// Dir is a backup folder.
type Dir struct {
	root string
}

// Open returns the backup folder at root, creating it when missing.
func Open(root string) (*Dir, error) {
	if root == "" {
		return nil, errors.New("sink: empty backup folder path")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("sink: backup folder %q: %w", root, err)
	}
	if err := os.MkdirAll(abs, dirPerm); err != nil {
		return nil, fmt.Errorf("sink: create backup folder: %w", err)
	}
	return &Dir{root: abs}, nil
}

// Root returns the absolute path of the backup folder.
func (d *Dir) Root() string { return d.root }

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// checkName rejects a type or file name that could not be used as one path
// element as it is: empty, too long, or holding a separator, "..", or any
// character outside letters, digits, ".", "_" and "-". Object ids go
// through FileName instead.
func checkName(kind, name string) error {
	if !safeName.MatchString(name) {
		return fmt.Errorf("sink: %s %q is not usable as a file name", kind, name)
	}
	return nil
}

// staging returns the staging folder of one export. The export id is
// hashed so that any workflow id gives a safe, fixed-length folder name.
func (d *Dir) staging(exportID string) string {
	sum := sha256.Sum256([]byte(exportID))
	return filepath.Join(d.root, stagingDir, hex.EncodeToString(sum[:8]))
}

// WriteObject normalises raw and writes it as the object typ/id of the
// export's staging folder. Writing the same object twice gives the same
// file, so a retried page is harmless.
func (d *Dir) WriteObject(exportID, typ, id string, raw []byte) error {
	if err := checkName("type", typ); err != nil {
		return err
	}
	name, err := FileName(id)
	if err != nil {
		return err
	}
	data, err := NormalizeJSON(raw)
	if err != nil {
		return fmt.Errorf("sink: %s %s: %w", typ, id, err)
	}
	dir := filepath.Join(d.staging(exportID), RawDir, typ)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, name+".json"), data)
}

// Publish replaces the backup with the export's staged folders. The
// backup it replaces moves to previous/ when it was complete, or when
// previous/ is empty, so a failed or partial run never destroys the last
// complete backup. The old manifest goes first, so a crash in between
// leaves a folder that reads as unfinished. runID identifies this publish:
// calling it again with the same runID after a crash finishes the move, and
// after the move it is a no-op.
func (d *Dir) Publish(exportID, runID string) error {
	stage := d.staging(exportID)
	doneMarker := filepath.Join(d.root, publishedMarker)
	if _, err := os.Stat(stage); errors.Is(err, fs.ErrNotExist) {
		if data, err := os.ReadFile(doneMarker); err == nil && string(data) == runID {
			return nil
		}
		// Nothing was staged (every type skipped): publish empty folders,
		// so no old file is taken for this export's.
		if err := os.MkdirAll(stage, dirPerm); err != nil {
			return fmt.Errorf("sink: %w", err)
		}
	}
	// The marker records that the staged folders are complete and the old backup
	// is set aside. Without it, a retry after a partial move could not tell
	// a folder already moved from one that was never staged.
	marker := filepath.Join(stage, ".publishing")
	if _, err := os.Stat(marker); errors.Is(err, fs.ErrNotExist) {
		for _, name := range published {
			if err := os.MkdirAll(filepath.Join(stage, name), dirPerm); err != nil {
				return fmt.Errorf("sink: %w", err)
			}
		}
		if err := d.setAsidePrevious(); err != nil {
			return err
		}
		if err := writeFileAtomic(marker, nil); err != nil {
			return err
		}
	}
	for _, name := range []string{ManifestFile, ReportFile, ChecksumsFile, publishedMarker} {
		if err := os.Remove(filepath.Join(d.root, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("sink: remove old %s: %w", name, err)
		}
	}
	// A process killed inside writeFileAtomic leaves its temporary file
	// behind: in a staged folder, or beside the manifest and report.
	if err := removeTempFiles(d.root, false); err != nil {
		return err
	}
	for _, name := range published {
		staged := filepath.Join(stage, name)
		if _, err := os.Stat(staged); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := removeTempFiles(staged, true); err != nil {
			return err
		}
		if err := os.RemoveAll(filepath.Join(d.root, name)); err != nil {
			return fmt.Errorf("sink: remove old %s folder: %w", name, err)
		}
		if err := os.Rename(staged, filepath.Join(d.root, name)); err != nil {
			return fmt.Errorf("sink: publish %s folder: %w", name, err)
		}
	}
	if err := writeFileAtomic(doneMarker, []byte(runID)); err != nil {
		return err
	}
	if err := os.RemoveAll(stage); err != nil {
		return fmt.Errorf("sink: remove staging folder: %w", err)
	}
	// The staging parent stays while other exports still stage there.
	_ = os.Remove(filepath.Join(d.root, stagingDir))
	return nil
}

// setAsidePrevious moves the current backup into previous/ when it is
// worth keeping: a complete export of the whole org, or anything while
// previous/ holds nothing yet. A partial or filtered backup is otherwise
// dropped, so previous/ keeps the last complete full backup.
func (d *Dir) setAsidePrevious() error {
	prev := filepath.Join(d.root, PreviousDir)
	tmp := prev + ".new"
	// A set-aside cut short (a crash, or a folder that could not be
	// moved) left part of the backup in previous.new. What is still at the
	// top belongs to that same backup, because nothing staged moves in
	// before the set-aside ends, so it goes there too.
	if _, err := os.Stat(tmp); err == nil {
		return d.finishSetAside(tmp, prev)
	}
	manifest, err := os.ReadFile(filepath.Join(d.root, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		// No finished backup here: nothing to keep.
		return nil
	}
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	var status struct {
		Status string `json:"status"`
		Scope  string `json:"scope"`
	}
	_ = json.Unmarshal(manifest, &status)
	worthKeeping := status.Status == "complete" && (status.Scope == "" || status.Scope == ScopeFull)
	if _, err := os.Stat(prev); err == nil && !worthKeeping {
		return nil
	}
	if err := os.MkdirAll(tmp, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return d.finishSetAside(tmp, prev)
}

// finishSetAside moves the backup at the top of the folder into tmp, the
// manifest first, then replaces prev with tmp.
func (d *Dir) finishSetAside(tmp, prev string) error {
	for _, name := range append([]string{ManifestFile, ReportFile, ChecksumsFile, TerraformDir}, published...) {
		err := os.Rename(filepath.Join(d.root, name), filepath.Join(tmp, name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("sink: keep the previous backup: move %s into %s: %w", name, tmp, err)
		}
	}
	if err := os.RemoveAll(prev); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	if err := os.Rename(tmp, prev); err != nil {
		return fmt.Errorf("sink: keep the previous backup: %w", err)
	}
	return nil
}

// published lists the staged folders that Publish moves into place.
var published = []string{RawDir, FlowsDir}

// WriteFlowYAML writes a flow's YAML definition as flows/<id>.yaml of the
// export's staging folder, byte for byte.
func (d *Dir) WriteFlowYAML(exportID, id string, yaml []byte) error {
	name, err := FileName(id)
	if err != nil {
		return err
	}
	dir := filepath.Join(d.staging(exportID), FlowsDir)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, name+".yaml"), yaml)
}

// FlowsDigest returns the number of published flow YAML files and the
// SHA-256 of their contents concatenated in file-name order.
func (d *Dir) FlowsDigest() (count int, sum string, err error) {
	return digestFolder(filepath.Join(d.root, FlowsDir), ".yaml")
}

// FlowDependenciesDigest returns the number of published flow dependency
// files (flows/<id>.dependencies.json) and the SHA-256 of their bytes in
// file-name order.
func (d *Dir) FlowDependenciesDigest() (count int, sum string, err error) {
	return digestFolder(filepath.Join(d.root, FlowsDir), ".json")
}

// TypeDigest returns the number of published files of a type and the
// SHA-256 of their contents concatenated in file-name order.
func (d *Dir) TypeDigest(typ string) (count int, sum string, err error) {
	if err := checkName("type", typ); err != nil {
		return 0, "", err
	}
	return digestFolder(filepath.Join(d.root, RawDir, typ), ".json")
}

// digestFolder hashes the regular, not hidden files of dir whose names end
// in ext (any name when ext is ""), in file-name order. It holds the names
// of the files in memory but streams their contents, which for terraform/
// can grow with the org.
func digestFolder(dir, ext string) (count int, sum string, err error) {
	names, err := sortedNames(dir, func(e fs.DirEntry) (string, bool) {
		keep := e.Type().IsRegular() && (ext == "" || filepath.Ext(e.Name()) == ext) && !strings.HasPrefix(e.Name(), ".")
		return e.Name(), keep
	})
	if err != nil {
		return 0, "", fmt.Errorf("sink: %w", err)
	}
	h := sha256.New()
	for _, name := range names {
		if err := copyFile(h, filepath.Join(dir, name)); err != nil {
			return 0, "", fmt.Errorf("sink: %w", err)
		}
	}
	return len(names), hex.EncodeToString(h.Sum(nil)), nil
}

// copyBuffers holds the buffers of copyFile. io.Copy would allocate 32 KiB
// for each file, because *os.File's WriteTo hides any buffer passed in,
// and a digest of a large type copies hundreds of thousands of files.
var copyBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// copyFile writes the contents of the file at path to w.
func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := copyBuffers.Get().(*[32 << 10]byte)
	defer copyBuffers.Put(buf)
	for {
		n, err := f.Read(buf[:])
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// WriteJSON writes v as indented JSON with sorted keys to name in the
// backup folder's top level, atomically.
func (d *Dir) WriteJSON(name string, v any) error {
	if err := checkName("file", name); err != nil {
		return err
	}
	data, err := MarshalIndent(v)
	if err != nil {
		return fmt.Errorf("sink: %s: %w", name, err)
	}
	return writeFileAtomic(filepath.Join(d.root, name), data)
}

// tempPrefix starts the names of writeFileAtomic's temporary files.
const tempPrefix = ".tmp-"

// writeFileAtomic writes data to a temporary file beside path and renames
// it, so that a crash leaves either the old file or the new one, and
// possibly the temporary file, which Publish removes.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicFrom(path, func(w io.Writer) error {
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("sink: write %s: %w", path, err)
		}
		return nil
	})
}

// writeFileAtomicFrom is writeFileAtomic for contents that write streams
// to the temporary file, so that a file that grows with the org is never
// held in memory whole. An error of write is returned as it is.
func writeFileAtomicFrom(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	name := tmp.Name()
	// NOTE: no fsync. A killed process leaves the old file or the new one,
	// because the rename is atomic and the page cache outlives the
	// process. An operating system crash can leave an empty file, which
	// the manifest's checksums then expose. Syncing every object would
	// bound a large export by the disk's flush rate.
	if err := write(tmp); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	err = tmp.Chmod(filePerm)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("sink: write %s: %w", path, err)
	}
	return nil
}

// removeTempFiles removes the temporary files of writeFileAtomic in dir,
// and in its subfolders when recursive is set.
func removeTempFiles(dir string, recursive bool) error {
	var subfolders []string
	err := forEachEntry(dir, func(e fs.DirEntry) error {
		path := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() && recursive:
			subfolders = append(subfolders, path)
		case e.Type().IsRegular() && strings.HasPrefix(e.Name(), tempPrefix):
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove unfinished write: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	for _, path := range subfolders {
		if err := removeTempFiles(path, true); err != nil {
			return err
		}
	}
	return nil
}

// PublishedIDs returns the sorted ids of the published objects of typ.
func (d *Dir) PublishedIDs(typ string) ([]string, error) {
	if err := checkName("type", typ); err != nil {
		return nil, err
	}
	return idsIn(filepath.Join(d.root, RawDir, typ))
}

// StagedIDs returns the sorted ids of the objects of typ staged so far by
// the export, so that a type listed under a parent can list its children.
func (d *Dir) StagedIDs(exportID, typ string) ([]string, error) {
	if err := checkName("type", typ); err != nil {
		return nil, err
	}
	return idsIn(filepath.Join(d.staging(exportID), RawDir, typ))
}

func idsIn(dir string) ([]string, error) {
	ids, err := sortedNames(dir, func(e fs.DirEntry) (string, bool) {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !e.Type().IsRegular() {
			return "", false
		}
		// TODO: an id too long for its file name is not listed here, so
		// it cannot be a parent. No parent type has such ids today.
		return IDFromFileName(name)
	})
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return ids, nil
}

// IsStaged reports whether the export has staged the object typ/id.
func (d *Dir) IsStaged(exportID, typ, id string) (bool, error) {
	if err := checkName("type", typ); err != nil {
		return false, err
	}
	name, err := FileName(id)
	if err != nil {
		return false, err
	}
	info, err := os.Stat(filepath.Join(d.staging(exportID), RawDir, typ, name+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sink: %w", err)
	}
	return info.Mode().IsRegular(), nil
}

// ReadStaged returns the staged file of one object.
func (d *Dir) ReadStaged(exportID, typ, id string) ([]byte, error) {
	if err := checkName("type", typ); err != nil {
		return nil, err
	}
	name, err := FileName(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(d.staging(exportID), RawDir, typ, name+".json"))
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return data, nil
}

// ReadStagedFlowYAML returns the staged YAML definition of one flow.
func (d *Dir) ReadStagedFlowYAML(exportID, id string) ([]byte, error) {
	name, err := FileName(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(d.staging(exportID), FlowsDir, name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return data, nil
}

// PublishedTypes returns the sorted names of the types with a published
// folder under raw/.
func (d *Dir) PublishedTypes() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(d.root, RawDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	var types []string
	for _, e := range entries {
		if e.IsDir() && checkName("type", e.Name()) == nil {
			types = append(types, e.Name())
		}
	}
	sort.Strings(types)
	return types, nil
}

// ReadPublished returns the published file of one object.
func (d *Dir) ReadPublished(typ, id string) ([]byte, error) {
	if err := checkName("type", typ); err != nil {
		return nil, err
	}
	name, err := FileName(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(d.root, RawDir, typ, name+".json"))
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return data, nil
}

// ResetTerraform empties the backup's terraform/ folder before it is
// written again from the published objects.
func (d *Dir) ResetTerraform() error {
	dir := filepath.Join(d.root, TerraformDir)
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return nil
}

// WriteFile writes one file of the backup's terraform/ folder atomically;
// it makes a Dir the output of the Terraform writer.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName("file", name); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(d.root, TerraformDir, name), data)
}

// TerraformDigest returns the number of files in terraform/ and the SHA-256
// of their contents concatenated in file-name order.
func (d *Dir) TerraformDigest() (count int, sum string, err error) {
	return digestFolder(filepath.Join(d.root, TerraformDir), "")
}
