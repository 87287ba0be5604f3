package sink

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// stateDir is the folder of an export's working state inside its staging
// folder. Publish does not publish it, and removes it with the rest of the
// staging folder.
const stateDir = "state"

// WriteState stores v as JSON under name in the export's working state,
// where every activity of the export can read it. name may be any string.
func (d *Dir) WriteState(exportID, name string, v any) error {
	path, err := d.statePath(exportID, "", name)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sink: state %q: %w", name, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return writeFileAtomic(path, data)
}

// ReadState decodes the state stored under name into v. It returns false
// when no state of that name exists.
func (d *Dir) ReadState(exportID, name string, v any) (bool, error) {
	path, err := d.statePath(exportID, "", name)
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sink: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("sink: state %q: %w", name, err)
	}
	return true, nil
}

// Claim records owner as the holder of key within group, unless another
// owner claimed it first, and returns the holder. The first claim wins
// even when several processes claim the same key at once, because the
// claim file is created with O_EXCL.
func (d *Dir) Claim(exportID, group, key, owner string) (string, error) {
	path, err := d.statePath(exportID, group, key)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return "", fmt.Errorf("sink: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err == nil {
		_, werr := f.WriteString(owner)
		cerr := f.Close()
		if werr != nil || cerr != nil {
			return "", fmt.Errorf("sink: claim %s/%s: %w", group, key, errors.Join(werr, cerr))
		}
		return owner, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("sink: %w", err)
	}
	holder, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("sink: %w", err)
	}
	// An empty holder is a winner that has not written its name yet, so
	// it is another owner's claim all the same.
	// NOTE: a claimant that dies between the create and the write leaves an
	// empty claim, which its own retry then takes for another owner's.
	return string(holder), nil
}

// statePath returns the file of one state entry; group, when not empty,
// is a folder of entries.
func (d *Dir) statePath(exportID, group, name string) (string, error) {
	file, err := FileName(name)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(d.staging(exportID), stateDir)
	if group != "" {
		folder, err := FileName(group)
		if err != nil {
			return "", err
		}
		dir = filepath.Join(dir, folder)
	}
	return filepath.Join(dir, file+".json"), nil
}
