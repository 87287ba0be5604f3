package terraform

import (
	"strings"
	"unicode"
)

// latinFolds maps the accented and special letters of Latin-1 Supplement
// and Latin Extended-A, and a few of Latin Extended-B, to ASCII.
var latinFolds = buildFolds(
	"ÀÁÂÃÄÅĀĂĄǍ:A", "àáâãäåāăąǎ:a", "Æ:AE", "æ:ae",
	"ÇĆĈĊČ:C", "çćĉċč:c", "ĎĐÐ:D", "ďđð:d",
	"ÈÉÊËĒĔĖĘĚ:E", "èéêëēĕėęě:e", "ĜĞĠĢ:G", "ĝğġģ:g",
	"ĤĦ:H", "ĥħ:h", "ÌÍÎÏĨĪĬĮİ:I", "ìíîïĩīĭįı:i", "Ĳ:IJ", "ĳ:ij",
	"Ĵ:J", "ĵ:j", "Ķ:K", "ķĸ:k", "ĹĻĽĿŁ:L", "ĺļľŀł:l",
	"ÑŃŅŇŊ:N", "ñńņňŉŋ:n", "ÒÓÔÕÖØŌŎŐǑ:O", "òóôõöøōŏőǒ:o",
	"Œ:OE", "œ:oe", "ŔŖŘ:R", "ŕŗř:r", "ŚŜŞŠȘ:S", "śŝşšșſ:s",
	"ß:ss", "ẞ:SS", "ŢŤŦȚ:T", "ţťŧț:t", "Þ:TH", "þ:th",
	"ÙÚÛÜŨŪŬŮŰŲǓ:U", "ùúûüũūŭůűųǔ:u", "Ŵ:W", "ŵ:w",
	"ÝŶŸ:Y", "ýÿŷ:y", "ŹŻŽ:Z", "źżž:z",
)

func buildFolds(groups ...string) map[rune]string {
	folds := map[rune]string{}
	for _, g := range groups {
		letters, ascii, _ := strings.Cut(g, ":")
		for _, r := range letters {
			folds[r] = ascii
		}
	}
	return folds
}

// isCombiningMark reports whether r is a combining diacritical mark
// (U+0300 to U+036F), which decomposed accented letters carry after their
// base letter.
func isCombiningMark(r rune) bool {
	return r >= 0x300 && r <= 0x36f
}

// transliterate writes s with Latin accents folded to ASCII. Letters,
// digits, "_" and "-" of ASCII are kept, combining marks are dropped, and
// every other run of characters becomes one "_". It reports whether any
// ASCII letter or digit is left, and whether letters or digits of another
// script were dropped.
func transliterate(s string) (label string, meaningful, lossy bool) {
	var b strings.Builder
	gap := false
	emit := func(piece string) {
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteString(piece)
	}
	for _, r := range s {
		switch {
		case r < 0x80 && isLabelByte(byte(r)):
			if r != '_' && r != '-' {
				meaningful = true
			}
			emit(string(r))
		case isCombiningMark(r):
		case latinFolds[r] != "":
			meaningful = true
			emit(latinFolds[r])
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				lossy = true
			}
			gap = true
		}
	}
	return b.String(), meaningful, lossy
}

func isLabelByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
