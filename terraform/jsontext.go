package terraform

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
)

// normalizationSafeJSON returns JSON text that HCL reads back as the same
// JSON document. HCL puts every string in Unicode normal form C, which
// would rewrite a property name or value written in another form (such
// as "e" and a combining accent) inside a JSON attribute. Text that is
// already in normal form C is returned as it is. Otherwise every
// non-ASCII character is written as a \u escape, which only JSON
// strings can hold, so the text is ASCII and no normalization touches it.
func normalizationSafeJSON(text string) string {
	if cty.StringVal(text).AsString() == text {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
