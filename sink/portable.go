package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// caseSuffixLength is the number of hexadecimal digits of the hash that
// caseSuffix appends. 32 bits keep a collision between two ids of one type
// that differ only in case unlikely, at about one in four billion per pair.
const caseSuffixLength = 8

// caseSuffix returns "~" and the start of the SHA-256 of id in lower-case
// hexadecimal. Names are otherwise ASCII with letters only from the id, so
// two ids that differ only in letter case get names that differ in more
// than case. The hash depends only on the id, so the name is stable.
func caseSuffix(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "~" + hex.EncodeToString(sum[:])[:caseSuffixLength]
}

func hasUpper(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' }) >= 0
}

// idFromCaseName returns the id of a name that FileName gave caseSuffix,
// checking that suffix is the hash of the id that base decodes to. It
// returns false for any other name with a "~", such as a shortened one.
func idFromCaseName(base, suffix string) (string, bool) {
	if len(suffix) != 1+caseSuffixLength {
		return "", false
	}
	id, ok := unescapeName(base)
	if !ok || !hasUpper(id) || caseSuffix(id) != suffix {
		return "", false
	}
	return id, true
}

// windowsDeviceNames are the names that Windows reserves for devices in
// every folder, in any letter case and with any extension ("con.json" is
// the console too).
var windowsDeviceNames = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// escapeDeviceName writes the first letter of name as %XX when the part of
// name before its first "." is a Windows device name. IDFromFileName
// decodes the escape like any other, and no id escapes to the same name,
// because a "%" in an id is itself escaped.
func escapeDeviceName(name string) string {
	stem, _, _ := strings.Cut(name, ".")
	if !windowsDeviceNames[strings.ToLower(stem)] {
		return name
	}
	return "%" + strings.ToUpper(hex.EncodeToString([]byte{name[0]})) + name[1:]
}
