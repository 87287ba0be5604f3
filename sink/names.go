package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// maxFileName bounds the length of an object's file name without its
// extension, well under the 255 bytes that common file systems allow.
const maxFileName = 200

// FileName returns the name an object id is stored under, without the
// extension. Letters, digits, "_", "-" and "." (except a leading one) stay
// as they are. Every other byte is written as %XX, so the name never holds
// a separator, "..", a NUL or a non-ASCII character, and two ids never share
// a name. The first letter of a Windows device name such as CON or com1 is
// escaped too (see escapeDeviceName). An id with upper-case letters gets
// caseSuffix, so that ids differing only in case keep apart on
// case-insensitive file systems. A name that would be longer than
// maxFileName keeps its start and ends in "~" and a hash of the whole id.
func FileName(id string) (string, error) {
	if id == "" {
		return "", errors.New("sink: empty object id")
	}
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
			b.WriteByte(c)
		case c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	name := escapeDeviceName(b.String())
	if hasUpper(id) {
		name += caseSuffix(id)
	}
	if len(name) <= maxFileName {
		return name, nil
	}
	sum := sha256.Sum256([]byte(id))
	cut := maxFileName - 33
	// Never cut an escape in two.
	if i := strings.LastIndexByte(name[:cut], '%'); i >= cut-2 {
		cut = i
	}
	return name[:cut] + "~" + hex.EncodeToString(sum[:16]), nil
}

// IDFromFileName returns the id that FileName turned into name. It returns
// false for a name shortened with a hash, whose id is not recoverable from
// the name.
func IDFromFileName(name string) (string, bool) {
	if i := strings.IndexByte(name, '~'); i >= 0 {
		return idFromCaseName(name[:i], name[i:])
	}
	return unescapeName(name)
}

func unescapeName(name string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if name[i] != '%' {
			b.WriteByte(name[i])
			continue
		}
		if i+2 >= len(name) {
			return "", false
		}
		v, err := hex.DecodeString(name[i+1 : i+3])
		if err != nil {
			return "", false
		}
		b.WriteByte(v[0])
		i += 2
	}
	return b.String(), true
}
