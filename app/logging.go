package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"unicode"
)

// Log formats of NewLogger, as the logFormat setting names them.
const (
	LogFormatAuto = "auto"
	LogFormatText = "text"
	LogFormatJSON = "json"
)

// redactedValue replaces a secret in log records.
const redactedValue = "<redacted>"

// NewLogger returns the logger of a gcexport program: records at level and
// above, written to w as text when format is "text", or "auto" and w is a
// terminal, and as JSON lines otherwise. Every occurrence of one of secrets
// in a message or a value is replaced by "<redacted>".
func NewLogger(w io.Writer, format string, level slog.Level, secrets []string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var handler slog.Handler
	if LogFormatOf(w, format) == LogFormatText {
		handler = slog.NewTextHandler(w, opts)
	} else {
		handler = slog.NewJSONHandler(w, opts)
	}
	return slog.New(NewRedactingHandler(handler, secrets))
}

// LogFormatOf resolves format "auto" to "text" when w is a terminal and to
// "json" otherwise. It returns "text" and "json" as they are.
func LogFormatOf(w io.Writer, format string) string {
	switch format {
	case LogFormatText, LogFormatJSON:
		return format
	}
	if isTerminal(w) {
		return LogFormatText
	}
	return LogFormatJSON
}

// isTerminal reports whether w is a character device, as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// redactingHandler replaces secrets in the messages and values of records
// before its inner handler formats them.
type redactingHandler struct {
	inner   slog.Handler
	secrets []string
}

// NewRedactingHandler returns a handler that passes records to inner with
// every occurrence of one of secrets replaced by "<redacted>". It ignores
// empty secrets and returns inner when no secret is left.
func NewRedactingHandler(inner slog.Handler, secrets []string) slog.Handler {
	var kept []string
	for _, s := range secrets {
		if s != "" {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return inner
	}
	return redactingHandler{inner: inner, secrets: kept}
}

func (h redactingHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.redactAttr(a))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	redacted := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		redacted[i] = h.redactAttr(a)
	}
	return redactingHandler{inner: h.inner.WithAttrs(redacted), secrets: h.secrets}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{inner: h.inner.WithGroup(name), secrets: h.secrets}
}

func (h redactingHandler) redact(s string) string {
	for _, secret := range h.secrets {
		s = strings.ReplaceAll(s, secret, redactedValue)
	}
	return s
}

func (h redactingHandler) redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindGroup:
		group := v.Group()
		attrs := make([]slog.Attr, len(group))
		for i, member := range group {
			attrs[i] = h.redactAttr(member)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(attrs...)}
	case slog.KindAny:
		// An error or a struct prints its fields, which may hold a
		// secret: such a value is logged as its redacted text.
		text := fmt.Sprint(v.Any())
		if redacted := h.redact(text); redacted != text {
			return slog.String(a.Key, redacted)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// lowerCamelHandler renames the keys and groups of records to lowerCamel
// ("WorkflowID" to "workflowID", "wf-id" to "wfId") before its inner
// handler formats them. It wraps the loggers that the Temporal SDK and
// server write to, whose keys other programs chose.
type lowerCamelHandler struct {
	inner slog.Handler
}

// WithLowerCamelKeys returns a logger that writes to logger's handler with
// every key and group name in lowerCamel.
func WithLowerCamelKeys(logger *slog.Logger) *slog.Logger {
	return slog.New(lowerCamelHandler{inner: logger.Handler()})
}

func (h lowerCamelHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h lowerCamelHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.inner.Handle(ctx, renameRecord(r, r.Level))
}

func (h lowerCamelHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return lowerCamelHandler{inner: h.inner.WithAttrs(renameAttrs(attrs))}
}

func (h lowerCamelHandler) WithGroup(name string) slog.Handler {
	return lowerCamelHandler{inner: h.inner.WithGroup(LowerCamel(name))}
}

// renameRecord returns a copy of r at level with its keys in lowerCamel.
func renameRecord(r slog.Record, level slog.Level) slog.Record {
	out := slog.NewRecord(r.Time, level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(renameAttr(a))
		return true
	})
	return out
}

func renameAttrs(attrs []slog.Attr) []slog.Attr {
	renamed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		renamed[i] = renameAttr(a)
	}
	return renamed
}

func renameAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		v = slog.GroupValue(renameAttrs(v.Group())...)
	}
	return slog.Attr{Key: LowerCamel(a.Key), Value: v}
}

// IsLowerCamel reports whether key is one lowerCamel word: a lower-case
// letter, then letters and digits.
func IsLowerCamel(key string) bool {
	for i, r := range key {
		switch {
		case i == 0 && !(r >= 'a' && r <= 'z'):
			return false
		case !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			return false
		}
	}
	return key != ""
}

// LowerCamel converts a key in PascalCase ("WorkflowID"), kebab-case
// ("wf-id"), snake_case or dotted form to lowerCamel ("workflowID",
// "wfId"). The leading run of capitals of the first word goes to lower
// case but for the last capital before a lower-case letter, so "HTTPServer"
// gives "httpServer".
func LowerCamel(key string) string {
	if IsLowerCamel(key) || key == "" {
		return key
	}
	words := strings.FieldsFunc(key, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return "key"
	}
	var b strings.Builder
	b.WriteString(lowerFirstWord(words[0]))
	for _, word := range words[1:] {
		runes := []rune(word)
		runes[0] = unicode.ToUpper(runes[0])
		b.WriteString(string(runes))
	}
	out := b.String()
	if first := []rune(out)[0]; !unicode.IsLetter(first) {
		out = "key" + out
	}
	return out
}

func lowerFirstWord(word string) string {
	runes := []rune(word)
	upper := 0
	for upper < len(runes) && unicode.IsUpper(runes[upper]) {
		upper++
	}
	if upper > 1 && upper < len(runes) && unicode.IsLower(runes[upper]) {
		upper-- // keep the capital that starts the next part: "HTTPServer"
	}
	for i := 0; i < upper; i++ {
		runes[i] = unicode.ToLower(runes[i])
	}
	return string(runes)
}
