package terraform

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// typeFileWriter writes the blocks of one type's file one at a time. Its
// output is the same as encoding the whole file at once: in JSON syntax,
// marshalJSON of {"data": {tfType: {label: body}}, "resource": ...}; in
// native syntax, hclwrite.Format of the blocks separated by blank lines.
// Blocks must come data sources first, each kind in label order.
type typeFileWriter struct {
	w      io.Writer
	format Format
	tfType string
	// kind is the kind of the blocks written last, "" before the first.
	kind string
	// blocks counts the blocks of that kind.
	blocks int
	// enc encodes JSON values into scratch.
	enc     *json.Encoder
	scratch bytes.Buffer
	err     error
}

// jsonBlockIndent is the indentation of a block's body in a JSON file,
// which sits three objects deep.
const jsonBlockIndent = "      "

func newTypeFileWriter(w io.Writer, format Format, tfType string) *typeFileWriter {
	f := &typeFileWriter{w: w, format: format, tfType: tfType}
	f.enc = json.NewEncoder(&f.scratch)
	f.enc.SetEscapeHTML(false)
	f.enc.SetIndent(jsonBlockIndent, "  ")
	return f
}

// add writes one block: kind is "data" or "resource".
func (f *typeFileWriter) add(kind, label string, b *body) error {
	if f.format == FormatHCL {
		f.addHCL(kind, label, b)
	} else {
		f.addJSON(kind, label, b)
	}
	return f.err
}

func (f *typeFileWriter) addHCL(kind, label string, b *body) {
	if f.kind != "" {
		f.write([]byte("\n"))
	}
	f.kind = kind
	file := hclwrite.NewEmptyFile()
	blk := file.Body().AppendNewBlock(kind, []string{f.tfType, label})
	hclBody(blk.Body(), b)
	f.write(hclwrite.Format(file.Bytes()))
}

func (f *typeFileWriter) addJSON(kind, label string, b *body) {
	if kind != f.kind {
		if f.kind == "" {
			f.writeString("{\n")
		} else {
			f.writeString("\n    }\n  },\n")
		}
		f.writeString("  " + f.jsonString(kind) + ": {\n    " + f.jsonString(f.tfType) + ": {\n")
		f.kind, f.blocks = kind, 0
	}
	if f.blocks > 0 {
		f.writeString(",\n")
	}
	f.blocks++
	f.writeString(jsonBlockIndent + f.jsonString(label) + ": ")
	f.write(f.encode(jsonBody(b)))
}

// finish writes the end of the file.
func (f *typeFileWriter) finish() error {
	switch {
	case f.format == FormatHCL:
	case f.kind == "":
		f.writeString("{}\n")
	default:
		f.writeString("\n    }\n  }\n}\n")
	}
	return f.err
}

// encode returns the JSON of v as marshalJSON would write it at a block
// body's depth, without the final newline.
func (f *typeFileWriter) encode(v any) []byte {
	f.scratch.Reset()
	if err := f.enc.Encode(v); err != nil && f.err == nil {
		f.err = err
	}
	return bytes.TrimSuffix(f.scratch.Bytes(), []byte("\n"))
}

func (f *typeFileWriter) jsonString(s string) string { return string(f.encode(s)) }

func (f *typeFileWriter) writeString(s string) { f.write([]byte(s)) }

func (f *typeFileWriter) write(p []byte) {
	if f.err != nil {
		return
	}
	_, f.err = f.w.Write(p)
}
