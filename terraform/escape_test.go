package terraform

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// randomString draws from pieces that matter to Terraform's parsers and
// from arbitrary runes.
func randomString(r *rand.Rand) string {
	pieces := []string{"${", "%{", "$${", "%%{", "}", "{", "$", "%", `"`, `\`, `\n`, "\n", "\r", "\t",
		"~}", "${var.x}", "%{ if true }", "é", "e\u0301", "東京", "😀", "\u2028", "\x00", "\x7f", " ", "a", "Z", "//"}
	var b strings.Builder
	for n := r.IntN(12); n > 0; n-- {
		if r.IntN(4) == 0 {
			b.WriteRune(rune(r.IntN(0x10FFFF)))
			continue
		}
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return strings.ToValidUTF8(b.String(), "?")
}

// noVariables evaluates expressions as templates with no variables. JSON
// syntax returns strings verbatim under a nil context, so the context is
// empty rather than nil, as Terraform's is never nil.
var noVariables = &hcl.EvalContext{}

// roundTrip writes s as an attribute value and as a map key in one format
// and returns what the HCL parser reads back, evaluated with no variables.
func roundTrip(t *testing.T, format Format, s string) (value, key string) {
	t.Helper()
	b := newBody()
	b.attrs["v"] = litNode{s}
	b.attrs["m"] = mapNode{s: litNode{"x"}}
	o := &object{typ: "routing_skill", label: "x"}
	bodies := map[*object]*body{o: b}
	parser := hclparse.NewParser()
	var data []byte
	var err error
	if format == FormatHCL {
		data, err = hclTypeFile("t", nil, []*object{o}, bodies)
	} else {
		data, err = jsonTypeFile("t", nil, []*object{o}, bodies)
	}
	if err != nil {
		t.Fatal(err)
	}

	file, diags := parser.ParseHCL(data, "x.tf")
	if format == FormatJSON {
		file, diags = parser.ParseJSON(data, "x.tf.json")
	}
	if diags.HasErrors() {
		t.Fatalf("%s: parse %q: %v\n%s", format, s, diags, data)
	}
	content, diags := file.Body.Content(topSchema)
	if diags.HasErrors() || len(content.Blocks) != 1 {
		t.Fatalf("%s: %v", format, diags)
	}
	attrs, diags := content.Blocks[0].Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatalf("%s: %v", format, diags)
	}

	v, diags := attrs["v"].Expr.Value(noVariables)
	if diags.HasErrors() {
		t.Fatalf("%s: evaluate %q: %v\n%s", format, s, diags, data)
	}
	m, diags := attrs["m"].Expr.Value(noVariables)
	if diags.HasErrors() {
		t.Fatalf("%s: evaluate key %q: %v\n%s", format, s, diags, data)
	}
	for k := range m.AsValueMap() {
		key = k
	}
	return v.AsString(), key
}

func TestEscapeRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		s := randomString(r)
		// HCL holds strings in Unicode normal form C, as cty does, so
		// that is the form Terraform reads back.
		want := cty.StringVal(s).AsString()
		for _, format := range []Format{FormatJSON, FormatHCL} {
			value, key := roundTrip(t, format, s)
			if value != want {
				t.Fatalf("%s: value %q read back as %q", format, s, value)
			}
			if key != want {
				t.Fatalf("%s: key %q read back as %q", format, s, key)
			}
		}
	}
}

func TestEscapeTemplate(t *testing.T) {
	tests := map[string]string{
		"${x}":   "$${x}",
		"%{x}":   "%%{x}",
		"$${x}":  "$$${x}",
		"$%{":    "$%%{",
		"a$b%c":  "a$b%c",
		"${${":   "$${$${",
		"\\${\"": "\\$${\"",
	}
	for in, want := range tests {
		if got := escapeTemplate(in); got != want {
			t.Errorf("escapeTemplate(%q) = %q, want %q", in, got, want)
		}
	}
}
