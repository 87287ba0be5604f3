package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// fileName returns the name of a configuration file for the format.
func (w *writer) fileName(stem string) string {
	if w.opts.Format == FormatHCL {
		return stem + ".tf"
	}
	return stem + ".tf.json"
}

// marshalJSON encodes v with sorted keys, two-space indentation, no HTML
// escaping and a final newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func jsonBody(b *body) map[string]any {
	m := map[string]any{}
	for name, n := range b.attrs {
		m[name] = jsonValue(n)
	}
	for name, blocks := range b.blocks {
		list := make([]any, 0, len(blocks))
		for _, blk := range blocks {
			list = append(list, jsonBody(blk))
		}
		m[name] = list
	}
	return m
}

// jsonValue returns the JSON form of a resolved value. Strings are
// templates in JSON syntax, so literals and keys are escaped and
// references are written as interpolations. A depends_on entry is a plain
// address, which Terraform does not read as a template.
func jsonValue(n node) any {
	switch t := n.(type) {
	case litNode:
		if s, ok := t.v.(string); ok {
			return escapeJSONString(s)
		}
		return t.v
	case traversalNode:
		return "${" + joinParts(t.parts) + "}"
	case addrNode:
		return joinParts(t.parts)
	case varNode:
		return "${var." + t.v.name() + "}"
	case callNode:
		return "${" + string(callTokens(t).Bytes()) + "}"
	case listNode:
		out := make([]any, 0, len(t.elems))
		for _, e := range t.elems {
			out = append(out, jsonValue(e))
		}
		return out
	case mapNode:
		out := make(map[string]any, len(t))
		for k, v := range t {
			out[escapeJSONString(k)] = jsonValue(v)
		}
		return out
	}
	panic(fmt.Sprintf("terraform: unexpected value %T", n))
}

func hclBody(dst *hclwrite.Body, b *body) {
	for _, name := range sortedKeys(b.attrs) {
		dst.SetAttributeRaw(name, hclTokens(b.attrs[name]))
	}
	for _, name := range sortedKeys(b.blocks) {
		for _, blk := range b.blocks[name] {
			hclBody(dst.AppendNewBlock(name, nil).Body(), blk)
		}
	}
}

// hclTokens returns the native syntax of a resolved value. hclwrite
// escapes quoted strings, "${" and "%{" included.
func hclTokens(n node) hclwrite.Tokens {
	switch t := n.(type) {
	case litNode:
		switch v := t.v.(type) {
		case string:
			return hclwrite.TokensForValue(cty.StringVal(v))
		case bool:
			return hclwrite.TokensForValue(cty.BoolVal(v))
		case json.Number:
			num, err := cty.ParseNumberVal(string(v))
			if err != nil {
				return hclwrite.TokensForValue(cty.StringVal(string(v)))
			}
			return hclwrite.TokensForValue(num)
		}
	case traversalNode:
		return hclwrite.TokensForTraversal(traversal(t.parts))
	case addrNode:
		return hclwrite.TokensForTraversal(traversal(t.parts))
	case varNode:
		return hclwrite.TokensForTraversal(traversal([]string{"var", t.v.name()}))
	case callNode:
		return callTokens(t)
	case listNode:
		elems := make([]hclwrite.Tokens, 0, len(t.elems))
		for _, e := range t.elems {
			elems = append(elems, hclTokens(e))
		}
		return hclwrite.TokensForTuple(elems)
	case mapNode:
		keys := sortedKeys(t)
		attrs := make([]hclwrite.ObjectAttrTokens, 0, len(keys))
		for _, k := range keys {
			attrs = append(attrs, hclwrite.ObjectAttrTokens{
				Name:  hclwrite.TokensForValue(cty.StringVal(k)),
				Value: hclTokens(t[k]),
			})
		}
		return hclwrite.TokensForObject(attrs)
	}
	panic(fmt.Sprintf("terraform: unexpected value %T", n))
}

func callTokens(c callNode) hclwrite.Tokens {
	args := make([]hclwrite.Tokens, 0, len(c.args))
	for _, a := range c.args {
		args = append(args, hclwrite.TokensForValue(cty.StringVal(a)))
	}
	return hclwrite.TokensForFunctionCall(c.fn, args...)
}

func traversal(parts []string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: parts[0]}}
	for _, p := range parts[1:] {
		t = append(t, hcl.TraverseAttr{Name: p})
	}
	return t
}
