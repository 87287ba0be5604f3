package terraform

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

const (
	providerSource = "mypurecloud/genesyscloud"
	providerName   = "genesyscloud"
	// placeholder is the value terraform.tfvars.example gives every secret.
	placeholder = "REPLACE_ME"
	// TFVarsExampleFile holds a placeholder for every variable.
	TFVarsExampleFile = "terraform.tfvars.example"
	// RestoreOrderFile lists the layers of types in which a restore
	// creates objects.
	RestoreOrderFile = "restore-order.json"
)

// variable is an input variable for a secret the API does not return. Its
// name comes from its object's label, so it is known only once labels are.
type variable struct {
	// owner is the object that holds the secret, of which only the fields
	// that make its address are set.
	owner *object
	// field names the secret within the object, such as "password".
	field string
	// mapType makes the variable a map(string) of every field rather than
	// a string.
	mapType bool
	// example is the value terraform.tfvars.example shows: a string or a
	// map of strings.
	example node
}

// ownerOf returns the fields of o that name it in addresses, so a variable
// or reference does not keep o's JSON.
func ownerOf(o *object) *object {
	return &object{num: o.num, typ: o.typ, id: o.id, label: o.label, data: o.data}
}

func (v *variable) name() string {
	return v.owner.typ + "_" + v.owner.label + "_" + sanitizeName(v.field)
}

func (v *variable) description() string {
	if v.mapType {
		return "Credential fields of " + v.owner.address() + ", secrets included, which the API does not return."
	}
	return "Secret " + v.field + " of " + v.owner.address() + ", which the API does not return."
}

// sanitizeName keeps the letters, digits, "_" and "-" of s, so it can end
// a variable name.
func sanitizeName(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if isLabelByte(s[i]) {
			out = append(out, s[i])
		} else {
			out = append(out, '_')
		}
	}
	return string(out)
}

// sortVariables orders the variables by name, once labels are assigned,
// and lists them in the report.
func (w *writer) sortVariables() {
	sort.Slice(w.variables, func(i, j int) bool { return w.variables[i].name() < w.variables[j].name() })
	for _, v := range w.variables {
		w.report.Variables = append(w.report.Variables, v.name())
	}
}

// RestoreOrder is the content of restore-order.json.
type RestoreOrder struct {
	// Layers groups the written types: every type's objects can be
	// created once the layers before it exist, and the types of one layer
	// reference each other.
	Layers [][]string `json:"layers"`
}

// writeCommon writes the files that do not belong to one type: the
// provider, the variables, terraform.tfvars.example and restore-order.json.
func (w *writer) writeCommon() error {
	w.sortVariables()
	files := map[string][]byte{}
	var err error
	if w.opts.Format == FormatHCL {
		files[w.fileName("provider")] = w.hclProvider()
		files[w.fileName("variables")] = w.hclVariables()
	} else {
		if files[w.fileName("provider")], err = w.jsonProvider(); err != nil {
			return err
		}
		if files[w.fileName("variables")], err = w.jsonVariables(); err != nil {
			return err
		}
	}
	files[TFVarsExampleFile] = w.tfvarsExample()
	// NOTE: the catalogue's type graph does not see references that a
	// mapping adds through merged child types (a queue's members name
	// users), so Terraform's own graph, not these layers, orders an apply.
	order := RestoreOrder{Layers: restoreLayers(w.cat, w.writtenTypes())}
	if order.Layers == nil {
		order.Layers = [][]string{}
	}
	if files[RestoreOrderFile], err = marshalJSON(order); err != nil {
		return fmt.Errorf("terraform: render %s: %w", RestoreOrderFile, err)
	}
	for _, name := range sortedKeys(files) {
		if err := w.out.WriteFile(name, files[name]); err != nil {
			return fmt.Errorf("terraform: write %s: %w", name, err)
		}
		w.report.Files = append(w.report.Files, name)
	}
	return nil
}

func (w *writer) jsonProvider() ([]byte, error) {
	return marshalJSON(map[string]any{
		"terraform": map[string]any{
			"required_providers": map[string]any{
				providerName: map[string]any{
					"source":  escapeJSONString(providerSource),
					"version": escapeJSONString(w.opts.ProviderVersion),
				},
			},
		},
		"provider": map[string]any{providerName: map[string]any{}},
	})
}

func (w *writer) hclProvider() []byte {
	f := hclwrite.NewEmptyFile()
	tf := f.Body().AppendNewBlock("terraform", nil).Body()
	req := tf.AppendNewBlock("required_providers", nil).Body()
	req.SetAttributeValue(providerName, cty.ObjectVal(map[string]cty.Value{
		"source":  cty.StringVal(providerSource),
		"version": cty.StringVal(w.opts.ProviderVersion),
	}))
	f.Body().AppendNewline()
	f.Body().AppendNewBlock("provider", []string{providerName})
	return hclwrite.Format(f.Bytes())
}

func (w *writer) jsonVariables() ([]byte, error) {
	vars := map[string]any{}
	for _, v := range w.variables {
		typ := "string"
		if v.mapType {
			typ = "map(string)"
		}
		vars[v.name()] = map[string]any{
			"type":        typ,
			"sensitive":   true,
			"description": escapeJSONString(v.description()),
		}
	}
	root := map[string]any{}
	if len(vars) > 0 {
		root["variable"] = vars
	}
	return marshalJSON(root)
}

func (w *writer) hclVariables() []byte {
	f := hclwrite.NewEmptyFile()
	for i, v := range w.variables {
		if i > 0 {
			f.Body().AppendNewline()
		}
		b := f.Body().AppendNewBlock("variable", []string{v.name()}).Body()
		b.SetAttributeValue("description", cty.StringVal(v.description()))
		b.SetAttributeValue("sensitive", cty.True)
		typ := hclwrite.TokensForIdentifier("string")
		if v.mapType {
			typ = hclwrite.TokensForFunctionCall("map", hclwrite.TokensForIdentifier("string"))
		}
		b.SetAttributeRaw("type", typ)
	}
	return hclwrite.Format(f.Bytes())
}

// tfvarsExample writes a placeholder for every variable in native syntax,
// whatever the format, as terraform.tfvars files are.
func (w *writer) tfvarsExample() []byte {
	f := hclwrite.NewEmptyFile()
	for _, v := range w.variables {
		f.Body().SetAttributeRaw(v.name(), hclTokens(v.example))
	}
	header := "# Copy to terraform.tfvars and replace every " + placeholder + " with the secret,\n" +
		"# which the Genesys Cloud API never returns.\n"
	return append([]byte(header), hclwrite.Format(f.Bytes())...)
}
