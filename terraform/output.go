package terraform

import (
	"bytes"
	"io"
)

// OutputDir receives the written files.
type OutputDir interface {
	WriteFile(name string, data []byte) error
}

// FileCreator is implemented by an OutputDir that can take a file as a
// stream. Write then writes each type's file as it renders it, so a file
// is never held in memory whole. A file is complete once Close returns
// nil. Write closes every file it creates, also when it fails, so a file
// of a failed Write may be cut short.
type FileCreator interface {
	CreateFile(name string) (io.WriteCloser, error)
}

// createFile opens a file of out for writing: as a stream when out is a
// FileCreator, otherwise as a buffer that Close passes to WriteFile.
func createFile(out OutputDir, name string) (io.WriteCloser, error) {
	if fc, ok := out.(FileCreator); ok {
		return fc.CreateFile(name)
	}
	return &bufferedFile{out: out, name: name}, nil
}

// bufferedFile collects a file for an OutputDir that takes whole files.
type bufferedFile struct {
	out  OutputDir
	name string
	buf  bytes.Buffer
}

func (f *bufferedFile) Write(p []byte) (int, error) { return f.buf.Write(p) }

func (f *bufferedFile) Close() error { return f.out.WriteFile(f.name, f.buf.Bytes()) }
