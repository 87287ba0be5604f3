package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// flowDependenciesExt ends the name of a flow's dependencies file, which
// sits next to its YAML in flows/.
const flowDependenciesExt = ".dependencies.json"

// WriteFlowDependencies normalises raw, a JSON document of the resources a
// flow consumes, and writes it as flows/<id>.dependencies.json of the
// export's staging folder. Publish moves it into place with the YAML.
func (d *Dir) WriteFlowDependencies(exportID, id string, raw []byte) error {
	name, err := FileName(id)
	if err != nil {
		return err
	}
	data, err := NormalizeJSON(raw)
	if err != nil {
		return fmt.Errorf("sink: dependencies of flow %s: %w", id, err)
	}
	dir := filepath.Join(d.staging(exportID), FlowsDir)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, name+flowDependenciesExt), data)
}

// ReadFlowDependencies returns the published dependencies file of a flow,
// or nil without an error when the backup has none.
func (d *Dir) ReadFlowDependencies(id string) ([]byte, error) {
	name, err := FileName(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(d.root, FlowsDir, name+flowDependenciesExt))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return data, nil
}

// ReadStagedFlowDependencies returns the staged dependencies file of a
// flow, or nil without an error when none was staged.
func (d *Dir) ReadStagedFlowDependencies(exportID, id string) ([]byte, error) {
	name, err := FileName(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(d.staging(exportID), FlowsDir, name+flowDependenciesExt))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return data, nil
}
