package sink

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// AppendJournal appends one record to the named journal of an export's
// staging folder. An activity whose retry cannot tell from the staged
// objects alone what an earlier attempt did (which objects it added, which
// it found gone) journals each outcome, and a retry reads them back with
// ReadJournal. Journals stay in the staging folder and are never
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
	// newline, and ReadJournal drops it.
	_, err = f.Write(append(append([]byte(nil), record...), '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sink: journal %s: %w", name, err)
	}
	return nil
}

// ReadJournal returns the complete records of the named journal, oldest
// first, or none when it does not exist.
func (d *Dir) ReadJournal(exportID, name string) ([][]byte, error) {
	if err := checkName("journal", name); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(journalPath(d.staging(exportID), name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	var records [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	complete := len(data) > 0 && data[len(data)-1] == '\n'
	for sc.Scan() {
		records = append(records, append([]byte(nil), sc.Bytes()...))
	}
	if !complete && len(records) > 0 {
		records = records[:len(records)-1]
	}
	return records, nil
}

func journalPath(stage, name string) string {
	return filepath.Join(stage, "journal-"+name+".jsonl")
}
