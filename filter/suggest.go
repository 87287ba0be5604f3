package filter

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gcexport/gcexport/internal/typehint"
)

// describeUnknownType returns the error reason for a type that the
// catalogue does not declare, with the closest known names as a hint.
// names is the catalogue's sorted list of type names.
func describeUnknownType(typ string, names []string) string {
	msg := fmt.Sprintf("unknown type %q", typ)
	if before, after, ok := strings.Cut(typ, ":"); ok && slices.Contains(names, strings.TrimSpace(before)) {
		return fmt.Sprintf(`%s (did you mean "%s::%s"? a type and its pattern are separated by "::")`,
			msg, strings.TrimSpace(before), after)
	}
	return msg + " " + typehint.Hint(typ, names)
}
