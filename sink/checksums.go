package sink

import (
	"bufio"
	"bytes"
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
// byte order, and returns its own SHA-256 for the manifest.
func (d *Dir) WriteChecksums() (string, error) {
	names, err := ChecksummedFiles(d.root)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	for _, name := range names {
		sum, err := fileSHA256(filepath.Join(d.root, filepath.FromSlash(name)))
		if err != nil {
			return "", fmt.Errorf("sink: checksums: %w", err)
		}
		buf.WriteString(sum + "  " + name + "\n")
	}
	if err := writeFileAtomic(filepath.Join(d.root, ChecksumsFile), buf.Bytes()); err != nil {
		return "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

// ChecksummedFiles returns, sorted, the slash-separated paths relative to
// root of the files that ChecksumsFile covers: every regular file of raw/,
// flows/ and terraform/ that is not hidden.
func ChecksummedFiles(root string) ([]string, error) {
	var names []string
	for _, folder := range []string{RawDir, FlowsDir, TerraformDir} {
		top := filepath.Join(root, folder)
		err := filepath.WalkDir(top, func(path string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == top {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("sink: checksums: %w", err)
		}
	}
	sort.Strings(names)
	return names, nil
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
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
