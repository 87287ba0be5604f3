package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// templateEscaper doubles the introducer of every template sequence, so
// that Terraform reads "${" and "%{" literally instead of as an
// interpolation or a directive.
var templateEscaper = strings.NewReplacer("${", "$${", "%{", "%%{")

// escapeTemplate returns s written so that a Terraform template reads it
// back as s. JSON syntax evaluates every string as a template, keys
// included, so every string goes through it before JSON encoding. Native
// syntax strings go through hclwrite, which escapes the same sequences and
// the quoted-string escapes.
func escapeTemplate(s string) string {
	return templateEscaper.Replace(s)
}

// escapeJSONString returns s written for a string of Terraform's JSON
// syntax, which encoding/json then quotes.
//
// The template scanner of hashicorp/hcl v2.25.0 mishandles a raw carriage
// return that no line feed follows: the escapes and interpolations after
// it are read as literal text. A string holding a carriage return is
// therefore written as one interpolation of a native quoted string, where
// the carriage return is the escape \r.
func escapeJSONString(s string) string {
	if strings.Contains(s, "\r") {
		return "${" + string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()) + "}"
	}
	return escapeTemplate(s)
}
