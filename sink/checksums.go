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
	var lines []string
	for _, folder := range []string{RawDir, FlowsDir, TerraformDir} {
		err := filepath.WalkDir(filepath.Join(d.root, folder), func(path string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == filepath.Join(d.root, folder) {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
				return nil
			}
			sum, err := fileSHA256(path)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(d.root, path)
			if err != nil {
				return err
			}
			lines = append(lines, sum+"  "+filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("sink: checksums: %w", err)
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	var buf bytes.Buffer
	for _, l := range lines {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	if err := writeFileAtomic(filepath.Join(d.root, ChecksumsFile), buf.Bytes()); err != nil {
		return "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:]), nil
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
