package blobsink

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
)

// WriteArchive writes the backup at root to w as a gzip-compressed tar
// archive whose entries keep the folder tree under the folder's own name
// ("backup/manifest.json", "backup/raw/routing_queue/q1.json"), with the
// files that Files lists, manifest.json last.
func WriteArchive(w io.Writer, root string) error {
	files, err := Files(root)
	if err != nil {
		return err
	}
	top := filepath.Base(root)
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	written := map[string]bool{}
	for _, rel := range files {
		if err := addFolders(tw, top, path.Dir(rel), written); err != nil {
			return err
		}
		if err := addFile(tw, filepath.Join(root, filepath.FromSlash(rel)), path.Join(top, rel)); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// addFolders writes the entries of the folders of rel that are not written
// yet, outermost first, so that tools that extract without creating parent
// folders still get the tree.
func addFolders(tw *tar.Writer, top, rel string, written map[string]bool) error {
	var missing []string
	for dir := rel; ; dir = path.Dir(dir) {
		name := top
		if dir != "." {
			name = path.Join(top, dir)
		}
		if written[name] {
			break
		}
		missing = append(missing, name)
		if dir == "." {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		name := missing[i]
		written[name] = true
		header := &tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: 0o700, Format: tar.FormatPAX}
		if err := tw.WriteHeader(header); err != nil {
			return err
		}
	}
	return nil
}

func addFile(tw *tar.Writer, file, name string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	header := &tar.Header{
		Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: info.Size(),
		ModTime: info.ModTime().UTC(), Format: tar.FormatPAX,
	}
	if err := tw.WriteHeader(header); err != nil {
		return err
	}
	n, err := io.Copy(tw, f)
	if err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	if n != info.Size() {
		return fmt.Errorf("archive %s: the file changed size while it was archived", name)
	}
	return nil
}

// WriteArchiveFile writes the backup at root as the tar.gz file target,
// through a temporary file in the same folder renamed into place, so that
// target is always a whole archive.
func WriteArchiveFile(root, target string) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("archive %s: %w", root, err)
	}
	defer os.Remove(tmp.Name())
	if err := WriteArchive(tmp, root); err != nil {
		tmp.Close()
		return fmt.Errorf("archive %s: %w", root, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("archive %s: %w", root, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("archive %s: %w", root, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("archive %s: %w", root, err)
	}
	return nil
}
