package terraform

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// hostileKeys are map keys and property names as the API could return
// them: template sequences, the "//" that JSON syntax reads as a comment
// in a body, Terraform meta-argument names, quotes, escapes, line breaks,
// and non-ASCII letters.
var hostileKeys = []string{
	"${var.secret}", "%{ if true }x%{ endif }", "$${literal}", "%%{literal}", "//", "#", "/* c */",
	"a b", "a.b", `a"b`, `a\b`, "a\nb", "a\rb", "a\tb", "count", "for_each", "depends_on", "lifecycle",
	"123", "-x", "=", "{", "}", "é", "e\u0301x", "東京", "Custom_Attr$",
}

// hostileSource returns objects whose map keys and property names are
// the hostile keys. They are a data table's columns, a row's properties,
// a data action's headers and translation map, the credential fields of a
// known and of an unknown type, and a work item schema's custom
// attributes.
func hostileSource() *memSource {
	src := &memSource{}
	columns := map[string]any{}
	row := map[string]any{"key": "row-1"}
	headers := map[string]any{}
	translations := map[string]any{}
	fields := map[string]any{}
	attributes := map[string]any{}
	for i, k := range hostileKeys {
		columns[k] = map[string]any{"type": "string", "title": k, "displayOrder": float64(i)}
		row[k] = "value of " + k
		headers[k] = "header " + k
		translations[k] = "$." + k
		fields[k] = "field " + k
		attributes[k] = map[string]any{"title": k, "type": "string"}
	}

	src.add("architect_datatable", "t1", map[string]any{
		"id": "t1", "name": "Hostile table", "schema": map[string]any{"properties": columns},
	})
	src.add("architect_datatable_row", "t1_row-1", row)

	src.add("integration", "i1", map[string]any{
		"id": "i1", "integrationType": map[string]any{"id": "custom-rest-actions"},
		"config": map[string]any{"current": map[string]any{"name": "Actions"}},
	})
	src.add("integration_action", "a1", map[string]any{
		"id": "a1", "name": "Hostile action", "category": "c", "integrationId": "i1",
		"contract": map[string]any{
			"input":  map[string]any{"inputSchema": map[string]any{"type": "object"}},
			"output": map[string]any{"successSchema": map[string]any{"type": "object"}},
		},
		"config": map[string]any{
			"request":  map[string]any{"requestType": "GET", "requestUrlTemplate": "https://example.invalid", "headers": headers},
			"response": map[string]any{"translationMap": translations},
		},
	})

	src.add("integration_credential", "c1", map[string]any{
		"id": "c1", "name": "Known type", "type": map[string]any{"name": "basicAuth"}, "credentialFields": fields,
	})
	src.add("integration_credential", "c2", map[string]any{
		"id": "c2", "name": "Unknown type", "type": map[string]any{"name": "someVendorAuth"}, "credentialFields": fields,
	})
	src.add("task_management_workitem_schema", "s1", map[string]any{
		"id": "s1", "name": "Hostile schema", "jsonSchema": map[string]any{"properties": attributes},
	})
	return src
}

// unknownRoots returns an evaluation context in which every variable that
// expr references is unknown, so that references evaluate while literal
// keys and values stay known.
func unknownRoots(exprs ...hcl.Expression) *hcl.EvalContext {
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}}
	for _, expr := range exprs {
		for _, traversal := range expr.Variables() {
			ctx.Variables[traversal.RootName()] = cty.DynamicVal
		}
	}
	return ctx
}

// evaluate returns the value of an attribute, with references unknown.
func evaluate(t *testing.T, where string, attr *hcl.Attribute) cty.Value {
	t.Helper()
	v, diags := attr.Expr.Value(unknownRoots(attr.Expr))
	if diags.HasErrors() {
		t.Fatalf("%s: evaluate %s: %v", where, attr.Name, diags)
	}
	return v
}

// objectKeys returns the keys of an object or map value, sorted.
func objectKeys(t *testing.T, where string, v cty.Value) []string {
	t.Helper()
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		t.Fatalf("%s: %s is not an object", where, v.Type().FriendlyName())
	}
	var keys []string
	for it := v.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		keys = append(keys, k.AsString())
	}
	sort.Strings(keys)
	return keys
}

// jsonKeys returns the top-level keys of a JSON object string, sorted.
func jsonKeys(t *testing.T, where string, v cty.Value) []string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(v.AsString()), &m); err != nil {
		t.Fatalf("%s: %q is not a JSON object: %v", where, v.AsString(), err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// wantKeys returns the hostile keys, plus extra, sorted. normalized puts
// them in Unicode normal form C, the form HCL strings take.
func wantKeys(normalized bool, extra ...string) []string {
	var keys []string
	for _, k := range append(append([]string(nil), hostileKeys...), extra...) {
		if normalized {
			k = cty.StringVal(k).AsString()
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sameKeys(t *testing.T, where string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("%s: keys read back as\n%q\nwant\n%q", where, got, want)
	}
}

// parsedResource returns the body of one resource block of a written file.
func parsedResource(t *testing.T, files memDir, format Format, typ, label string) hcl.Body {
	t.Helper()
	name := typ + ".tf"
	parser := hclparse.NewParser()
	var file *hcl.File
	var diags hcl.Diagnostics
	if format == FormatJSON {
		name += ".json"
		file, diags = parser.ParseJSON(files[name], name)
	} else {
		file, diags = parser.ParseHCL(files[name], name)
	}
	if diags.HasErrors() {
		t.Fatalf("%s: %v\n%s", name, diags, files[name])
	}
	content, diags := file.Body.Content(topSchema)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	for _, b := range content.Blocks {
		if b.Type == "resource" && b.Labels[0] == resourcePrefix+typ && b.Labels[1] == label {
			return b.Body
		}
	}
	t.Fatalf("%s: no resource %s.%s\n%s", name, typ, label, files[name])
	return nil
}

// attrsAndBlocks splits a body into its attributes and its blocks of the
// given types.
func attrsAndBlocks(t *testing.T, where string, body hcl.Body, attrNames []string, blockTypes ...string) (hcl.Attributes, hcl.Blocks) {
	t.Helper()
	schema := &hcl.BodySchema{}
	for _, name := range attrNames {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
	}
	for _, typ := range blockTypes {
		schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: typ})
	}
	content, _, diags := body.PartialContent(schema)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", where, diags)
	}
	return content.Attributes, content.Blocks
}

func TestHostileKeysReadBack(t *testing.T) {
	for _, format := range []Format{FormatJSON, FormatHCL} {
		t.Run(string(format), func(t *testing.T) {
			files, _ := write(t, hostileSource(), Options{Format: format})
			if err := Check(files); err != nil {
				t.Fatalf("Check: %v", err)
			}

			// A row's property names are keys of its properties JSON.
			row := parsedResource(t, files, format, "architect_datatable_row", "Hostile_table_row-1")
			attrs, _ := attrsAndBlocks(t, "row", row, []string{"properties_json"})
			sameKeys(t, "row properties_json", jsonKeys(t, "row", evaluate(t, "row", attrs["properties_json"])), wantKeys(false))

			// A table's column names are the names of its properties blocks.
			table := parsedResource(t, files, format, "architect_datatable", "Hostile_table")
			_, blocks := attrsAndBlocks(t, "table", table, nil, "properties")
			var columns []string
			for _, b := range blocks {
				battrs, diags := b.Body.JustAttributes()
				if diags.HasErrors() {
					t.Fatalf("table properties: %v", diags)
				}
				columns = append(columns, evaluate(t, "table column", battrs["name"]).AsString())
			}
			sort.Strings(columns)
			sameKeys(t, "table column names", columns, wantKeys(true))

			// A data action's headers and translation map are maps.
			action := parsedResource(t, files, format, "integration_action", "Hostile_action")
			_, blocks = attrsAndBlocks(t, "action", action, nil, "config_request", "config_response")
			for _, b := range blocks {
				battrs, diags := b.Body.JustAttributes()
				if diags.HasErrors() {
					t.Fatalf("%s: %v", b.Type, diags)
				}
				name := map[string]string{"config_request": "headers", "config_response": "translation_map"}[b.Type]
				where := b.Type + "." + name
				sameKeys(t, where, objectKeys(t, where, evaluate(t, where, battrs[name])), wantKeys(true))
			}

			// A credential of a known type has a map of fields with a
			// variable for its secret.
			credential := parsedResource(t, files, format, "integration_credential", "Known_type")
			attrs, _ = attrsAndBlocks(t, "credential", credential, []string{"fields"})
			sameKeys(t, "credential fields", objectKeys(t, "fields", evaluate(t, "fields", attrs["fields"])), wantKeys(true, "password"))

			// A work item schema's custom attribute names are keys of its
			// properties JSON.
			schema := parsedResource(t, files, format, "task_management_workitem_schema", "Hostile_schema")
			attrs, _ = attrsAndBlocks(t, "schema", schema, []string{"properties"})
			sameKeys(t, "schema properties", jsonKeys(t, "schema", evaluate(t, "schema", attrs["properties"])), wantKeys(false))

			// The example for the unknown credential type shows every field.
			example, diags := hclparse.NewParser().ParseHCL(files[TFVarsExampleFile], TFVarsExampleFile)
			if diags.HasErrors() {
				t.Fatalf("%s: %v\n%s", TFVarsExampleFile, diags, files[TFVarsExampleFile])
			}
			vars, diags := example.Body.JustAttributes()
			if diags.HasErrors() {
				t.Fatalf("%s: %v", TFVarsExampleFile, diags)
			}
			found := false
			for name, attr := range vars {
				if !strings.Contains(name, "Unknown_type") {
					continue
				}
				found = true
				sameKeys(t, "tfvars "+name, objectKeys(t, name, evaluate(t, name, attr)), wantKeys(true, "secret"))
			}
			if !found {
				t.Errorf("%s has no variable for the unknown credential type:\n%s", TFVarsExampleFile, files[TFVarsExampleFile])
			}
		})
	}
}

func TestNormalizationSafeJSON(t *testing.T) {
	cases := map[string]string{
		"already normal":    `{"é":"東京"}`,
		"combining accent":  `{"e` + "\u0301" + `":"x"}`,
		"astral and accent": `{"😀":"a` + "\u0301" + `","k":"\u2028"}`,
	}
	for name, text := range cases {
		got := normalizationSafeJSON(text)
		if cty.StringVal(got).AsString() != got {
			t.Errorf("%s: %q changes under HCL's normalization", name, got)
		}
		var want, back any
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatalf("%s: %q is not JSON: %v", name, got, err)
		}
		wantText, _ := json.Marshal(want)
		backText, _ := json.Marshal(back)
		if string(wantText) != string(backText) {
			t.Errorf("%s: %q decodes to %s, want %s", name, got, backText, wantText)
		}
	}
	if got := normalizationSafeJSON(`{"é":"東京"}`); got != `{"é":"東京"}` {
		t.Errorf("text in normal form C was rewritten to %q", got)
	}
}
