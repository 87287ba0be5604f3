package sink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// NormalizeJSON re-encodes a JSON document with object keys sorted,
// two-space indentation and a final newline. Values are kept exactly:
// numbers keep their digits and strings their characters, so the file still
// holds the object as the API returned it.
func NormalizeJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return MarshalIndent(v)
}

// MarshalIndent encodes v with sorted map keys, two-space indentation, no
// HTML escaping and a final newline.
func MarshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
