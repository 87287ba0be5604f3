package sink

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sort"
)

// dirBatch is the number of entries read from a folder at a time. Reading in
// batches keeps one name per file of a large type in memory, instead of
// the os.DirEntry of every file that os.ReadDir returns.
const dirBatch = 1024

// forEachEntry calls fn for each entry of dir, in no particular order. It
// returns the error of opening dir as it is, so callers can test it with
// errors.Is(err, fs.ErrNotExist).
func forEachEntry(dir string, fn func(fs.DirEntry) error) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		entries, err := f.ReadDir(dirBatch)
		for _, e := range entries {
			if err := fn(e); err != nil {
				return err
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

// sortedNames returns, sorted, the value that pick returns for each entry
// of dir that it accepts. A missing dir has none.
func sortedNames(dir string, pick func(fs.DirEntry) (string, bool)) ([]string, error) {
	var names []string
	err := forEachEntry(dir, func(e fs.DirEntry) error {
		if name, ok := pick(e); ok {
			names = append(names, name)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}
