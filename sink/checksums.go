package sink

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ChecksumsFile lists the SHA-256 of every file of raw/, flows/ and
// terraform/, in the format of sha256sum, so that `sha256sum -c SHA256SUMS`
// in the backup folder checks a backup without gcexport, and a check names
// the file that changed.
const ChecksumsFile = "SHA256SUMS"

// WriteChecksums writes ChecksumsFile for the published folders, paths in
// byte order, and returns its own SHA-256 for the manifest. It streams the
// list to the file, so memory holds the names of one folder at a time.
func (d *Dir) WriteChecksums() (string, error) {
	path := filepath.Join(d.root, ChecksumsFile)
	h := sha256.New()
	err := writeFileAtomicFrom(path, func(f io.Writer) error {
		w := bufio.NewWriter(io.MultiWriter(f, h))
		var werr error
		err := WalkChecksummedFiles(d.root, func(name string) error {
			sum, err := fileSHA256(filepath.Join(d.root, filepath.FromSlash(name)))
			if err != nil {
				return fmt.Errorf("sink: checksums: %w", err)
			}
			_, werr = w.WriteString(sum + "  " + name + "\n")
			return werr
		})
		if err == nil {
			werr = w.Flush()
		}
		if werr != nil {
			return fmt.Errorf("sink: write %s: %w", path, werr)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ChecksummedFiles returns, sorted, the slash-separated paths relative to
// root of the files that ChecksumsFile covers: every regular file of raw/,
// flows/ and terraform/ that is not hidden.
func ChecksummedFiles(root string) ([]string, error) {
	var names []string
	err := WalkChecksummedFiles(root, func(name string) error {
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// WalkChecksummedFiles calls fn with each path that ChecksummedFiles
// returns, in the same byte order, without listing them all first. An
// error of fn stops the walk and is returned as it is.
func WalkChecksummedFiles(root string, fn func(name string) error) error {
	for _, folder := range []string{FlowsDir, RawDir, TerraformDir} {
		top := filepath.Join(root, folder)
		info, err := os.Lstat(top)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("sink: checksums: %w", err)
		case info.IsDir():
			err = walkSorted(top, folder, fn)
		case info.Mode().IsRegular():
			// As filepath.WalkDir does, a top-level file in place of the
			// folder is listed itself.
			err = fn(folder)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walkSorted calls fn with the slash-separated path, rel and below, of each
// regular file under dir whose name does not start with ".", in byte order
// of the whole path. Entries of one folder sort by their name, and a
// subfolder's by its name and "/", because that is how the paths below it
// start. A byte below "/" ("-", ".") in a name therefore sorts as it would
// among whole paths, which the plain name order of filepath.WalkDir does
// not.
func walkSorted(dir, rel string, fn func(name string) error) error {
	type entry struct {
		key  string
		name string
		dir  bool
	}
	var entries []entry
	err := forEachEntry(dir, func(e fs.DirEntry) error {
		switch {
		case e.IsDir():
			entries = append(entries, entry{key: e.Name() + "/", name: e.Name(), dir: true})
		case e.Type().IsRegular() && !strings.HasPrefix(e.Name(), "."):
			entries = append(entries, entry{key: e.Name(), name: e.Name()})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sink: checksums: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	for _, e := range entries {
		path := rel + "/" + e.name
		if !e.dir {
			if err := fn(path); err != nil {
				return err
			}
			continue
		}
		if err := walkSorted(filepath.Join(dir, e.name), path, fn); err != nil {
			return err
		}
	}
	return nil
}

// ReadChecksums reads a ChecksumsFile: the SHA-256 of each path.
func ReadChecksums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || name == "" {
			return nil, fmt.Errorf("%s line %d: want \"<sha256>  <path>\"", path, line)
		}
		sums[name] = sum
	}
	return sums, sc.Err()
}

func fileSHA256(path string) (string, error) {
	h := sha256.New()
	if err := copyFile(h, path); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
