// Package blobsink copies a finished backup folder to a bucket through
// gocloud.dev/blob (file://, s3://, gs://, azblob:// and, for tests, mem://)
// and writes it as one tar.gz archive. The export itself always stages and
// publishes on local disk (sink.Dir), so a bucket that cannot be reached
// loses nothing: the folder stays complete and the copy can be repeated.
package blobsink

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/errgroup"

	// The drivers of the schemes that config.UploadSchemes accepts.
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/memblob"
	_ "gocloud.dev/blob/s3blob"

	"github.com/gcexport/gcexport/sink"
)

// uploadParallelism is the number of files copied at once. Object stores
// take some tens of milliseconds per request, so a backup of many small
// files needs several requests in flight.
const uploadParallelism = 8

// Destination is where finished backups go.
type Destination struct {
	// URL is the bucket URL, as gocloud.dev/blob's OpenBucket takes it. A
	// "prefix" query parameter puts the backup under that key prefix.
	URL string
	// Archive writes the backup as one object, <folder name>.tar.gz, in
	// place of one object per file.
	Archive bool
	// Bucket, when set, is used in place of opening URL and is left open.
	// A mem:// URL opens a new, empty bucket each time, so tests that read
	// the copy back pass the bucket here.
	Bucket *blob.Bucket
}

// Publish copies the backup folder root to the destination: every file of
// the backup but previous/ and the sink's hidden entries, with
// manifest.json last, so that a copy without manifest.json is unfinished,
// as a folder without one is. The destination's manifest.json is deleted
// first and objects that the backup no longer has are deleted before the
// new manifest is written, so the copy never mixes two exports. With
// Archive it writes <folder name>.tar.gz instead. It returns the keys
// written.
func (d Destination) Publish(ctx context.Context, root string) ([]string, error) {
	bucket, closeBucket, err := d.open(ctx)
	if err != nil {
		return nil, d.fail(root, err)
	}
	defer closeBucket()
	var keys []string
	if d.Archive {
		key := filepath.Base(root) + ".tar.gz"
		err = uploadArchive(ctx, bucket, key, root)
		keys = []string{key}
	} else {
		keys, err = uploadTree(ctx, bucket, root)
	}
	if err != nil {
		return nil, d.fail(root, err)
	}
	return keys, nil
}

func (d Destination) open(ctx context.Context) (*blob.Bucket, func(), error) {
	if d.Bucket != nil {
		return d.Bucket, func() {}, nil
	}
	bucket, err := blob.OpenBucket(ctx, d.URL)
	if err != nil {
		return nil, nil, err
	}
	// Reading an attribute of a missing key reaches the bucket, so a
	// bucket that does not exist or rejects the credentials fails here,
	// before anything is deleted.
	if _, err := bucket.Exists(ctx, sink.ManifestFile); err != nil {
		bucket.Close()
		return nil, nil, err
	}
	return bucket, func() { bucket.Close() }, nil
}

func (d Destination) fail(root string, err error) error {
	return fmt.Errorf("copy the backup %s to %s: %w (the backup folder is complete; "+
		"the copy is made again when the manifest activity is retried or the next export finishes)",
		root, DisplayURL(d.URL), err)
}

// DisplayURL returns the URL without any user information, for messages.
func DisplayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid bucket URL)"
	}
	u.User = nil
	return u.String()
}

// Files lists the files of the backup at root as slash-separated paths
// relative to it, sorted, with manifest.json last when it exists. It
// leaves out previous/ and the entries whose names start with a dot (the
// staging folder, the published marker and temporary files).
func Files(root string) ([]string, error) {
	var files []string
	hasManifest := false
	err := filepath.WalkDir(root, func(p string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(entry.Name(), ".") || rel == sink.PreviousDir {
			if entry.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case entry.IsDir():
			return nil
		case !entry.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", p)
		case rel == sink.ManifestFile:
			hasManifest = true
		default:
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if hasManifest {
		files = append(files, sink.ManifestFile)
	}
	return files, nil
}

func uploadTree(ctx context.Context, bucket *blob.Bucket, root string) ([]string, error) {
	files, err := Files(root)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 || files[len(files)-1] != sink.ManifestFile {
		return nil, fmt.Errorf("%s has no %s: only a finished backup is copied", root, sink.ManifestFile)
	}
	if err := bucket.Delete(ctx, sink.ManifestFile); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return nil, fmt.Errorf("delete the old %s: %w", sink.ManifestFile, err)
	}

	body := files[:len(files)-1]
	group, groupCtx := errgroup.WithContext(ctx)
	group.SetLimit(uploadParallelism)
	for _, rel := range body {
		group.Go(func() error { return uploadFile(groupCtx, bucket, root, rel) })
	}
	if err := group.Wait(); err != nil {
		return nil, err
	}
	if err := deleteStale(ctx, bucket, files); err != nil {
		return nil, err
	}
	if err := uploadFile(ctx, bucket, root, sink.ManifestFile); err != nil {
		return nil, err
	}
	return files, nil
}

func uploadFile(ctx context.Context, bucket *blob.Bucket, root, rel string) error {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer f.Close()
	opts := &blob.WriterOptions{ContentType: contentType(rel)}
	if err := bucket.Upload(ctx, rel, f, opts); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}

// deleteStale deletes the objects that are not among keep, such as the
// file of an object deleted from the org since the last copy.
func deleteStale(ctx context.Context, bucket *blob.Bucket, keep []string) error {
	wanted := make(map[string]bool, len(keep))
	for _, key := range keep {
		wanted[key] = true
	}
	iter := bucket.List(nil)
	var stale []string
	for {
		obj, err := iter.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("list the bucket: %w", err)
		}
		if !obj.IsDir && !wanted[obj.Key] {
			stale = append(stale, obj.Key)
		}
	}
	for _, key := range stale {
		if err := bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return fmt.Errorf("delete %s, which the backup no longer has: %w", key, err)
		}
	}
	return nil
}

func uploadArchive(ctx context.Context, bucket *blob.Bucket, key, root string) error {
	writeCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := bucket.NewWriter(writeCtx, key, &blob.WriterOptions{ContentType: "application/gzip"})
	if err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	if err := WriteArchive(w, root); err != nil {
		// Cancelling the context before Close discards what was written,
		// so a failed archive never replaces the previous one.
		cancel()
		w.Close()
		return fmt.Errorf("write %s: %w", key, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".json":
		return "application/json"
	case ".yaml":
		return "application/yaml"
	case ".tf":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Download copies every object of bucket into the folder dir, creating it,
// as the folder tree the keys name. It rejects a key that would land
// outside dir.
func Download(ctx context.Context, bucket *blob.Bucket, dir string) ([]string, error) {
	iter := bucket.List(nil)
	var keys []string
	for {
		obj, err := iter.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("list the bucket: %w", err)
		}
		if obj.IsDir {
			continue
		}
		if !filepath.IsLocal(filepath.FromSlash(obj.Key)) {
			return nil, fmt.Errorf("object key %q is not a path inside the folder", obj.Key)
		}
		data, err := bucket.ReadAll(ctx, obj.Key)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", obj.Key, err)
		}
		target := filepath.Join(dir, filepath.FromSlash(obj.Key))
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(target, data, 0o600); err != nil {
			return nil, err
		}
		keys = append(keys, obj.Key)
	}
	return keys, nil
}
