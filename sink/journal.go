package sink

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// AppendJournal appends one record to the named journal of an export's
// staging folder. An activity whose retry cannot tell from the staged
// objects alone what an earlier attempt did (which objects it added, which
// it found gone) journals each outcome, and a retry reads them back with
// ScanJournal. Journals stay in the staging folder and are never
// published. record must not contain a newline.
func (d *Dir) AppendJournal(exportID, name string, record []byte) error {
	if err := checkName("journal", name); err != nil {
		return err
	}
	if bytes.IndexByte(record, '\n') >= 0 {
		return fmt.Errorf("sink: journal %s: invalid record: it contains a newline", name)
	}
	stage := d.staging(exportID)
	if err := os.MkdirAll(stage, dirPerm); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	f, err := os.OpenFile(journalPath(stage, name), os.O_WRONLY|os.O_CREATE|os.O_APPEND, filePerm)
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	// One write per record: a record cut short by a crash lacks its
	// newline, and ScanJournal drops it.
	_, err = f.Write(append(append([]byte(nil), record...), '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sink: journal %s: %w", name, err)
	}
	return nil
}

// ScanJournal calls fn with each complete record of the named journal,
// oldest first, and does nothing when the journal does not exist. It reads
// only the records written before it was called, so fn may append to the
// same journal. record is valid only during the call. An error of fn stops
// the scan and is returned as it is.
func (d *Dir) ScanJournal(exportID, name string, fn func(record []byte) error) error {
	if err := checkName("journal", name); err != nil {
		return err
	}
	f, err := os.Open(journalPath(d.staging(exportID), name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	r := bufio.NewReader(io.LimitReader(f, info.Size()))
	var long []byte
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A record longer than the reader's buffer comes in parts.
			long = append(long, line...)
			continue
		}
		if errors.Is(err, io.EOF) {
			// Text after the last newline is a record cut short by a
			// crash, which is dropped.
			return nil
		}
		if err != nil {
			return fmt.Errorf("sink: journal %s: %w", name, err)
		}
		if long != nil {
			line = append(long, line...)
			long = nil
		}
		if err := fn(line[:len(line)-1]); err != nil {
			return err
		}
	}
}

func journalPath(stage, name string) string {
	return filepath.Join(stage, "journal-"+name+".jsonl")
}
