package devserver

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
)

// serverLogger adapts the Temporal server's log.Logger to slog. It drops
// debug and info records, because the server writes hundreds of them on
// every start and they mean nothing to a gcexport user. Warnings and errors
// go to slog at their own level, except that expected ones go at debug
// level: the warnings in expectedWarnings, and everything logged once Stop
// has begun, when the services report one another's departure (failed
// polls, refused dials, closed task queues).
type serverLogger struct {
	slog     *slog.Logger
	stopping *atomic.Bool
}

var _ log.Logger = serverLogger{}

// expectedWarnings are prefixes of warnings that this configuration causes
// on purpose.
var expectedWarnings = []string{
	// The frontend's HTTP API (and Nexus with it) is off, because gcexport
	// uses only gRPC and the UI reaches the frontend through gRPC too.
	"HTTP API port has not been set",
}

// fatalError is the panic value of serverLogger.Fatal.
type fatalError struct {
	message string
}

func (e fatalError) Error() string {
	return "temporal server: " + e.message
}

func newServerLogger(logger *slog.Logger) serverLogger {
	return serverLogger{
		slog:     logger.With("component", "temporal"),
		stopping: new(atomic.Bool),
	}
}

func (l serverLogger) Debug(string, ...tag.Tag) {}

func (l serverLogger) Info(string, ...tag.Tag) {}

func (l serverLogger) Warn(msg string, tags ...tag.Tag) {
	level := slog.LevelWarn
	if l.stopping.Load() || isExpectedWarning(msg) {
		level = slog.LevelDebug
	}
	l.log(level, msg, tags)
}

func (l serverLogger) Error(msg string, tags ...tag.Tag) {
	l.log(l.errorLevel(), msg, tags)
}

// DPanic logs at error level. The server's own zap logger panics here only in
// development builds.
func (l serverLogger) DPanic(msg string, tags ...tag.Tag) {
	l.log(l.errorLevel(), msg, tags)
}

func (l serverLogger) Panic(msg string, tags ...tag.Tag) {
	l.log(slog.LevelError, msg, tags)
	panic(msg)
}

// Fatal panics with a fatalError instead of exiting the process, so that
// Start can recover a fatal error raised while the services start (a gRPC
// listener that cannot bind, for example) and return it. A Fatal call on one
// of the server's own goroutines still ends the process, with a stack trace.
func (l serverLogger) Fatal(msg string, tags ...tag.Tag) {
	l.log(slog.LevelError, msg, tags)
	panic(fatalError{message: formatRecord(msg, tags)})
}

func (l serverLogger) errorLevel() slog.Level {
	if l.stopping.Load() {
		return slog.LevelDebug
	}
	return slog.LevelError
}

func (l serverLogger) log(level slog.Level, msg string, tags []tag.Tag) {
	ctx := context.Background()
	if !l.slog.Enabled(ctx, level) {
		return
	}
	l.slog.LogAttrs(ctx, level, msg, tagsToAttrs(tags)...)
}

func isExpectedWarning(msg string) bool {
	for _, prefix := range expectedWarnings {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// tagsToAttrs keeps the server's tag keys ("wf-id", "service-name") as they
// are, so that a log line can be matched against the server's source.
func tagsToAttrs(tags []tag.Tag) []slog.Attr {
	attrs := make([]slog.Attr, 0, len(tags))
	for _, t := range tags {
		attrs = append(attrs, slog.Any(t.Key(), t.Value()))
	}
	return attrs
}

// formatRecord renders msg and its tags as "msg (key=value, ...)".
func formatRecord(msg string, tags []tag.Tag) string {
	if len(tags) == 0 {
		return msg
	}
	parts := make([]string, 0, len(tags))
	for _, t := range tags {
		parts = append(parts, fmt.Sprintf("%s=%v", t.Key(), t.Value()))
	}
	return msg + " (" + strings.Join(parts, ", ") + ")"
}

// discardLogger returns a logger that drops every record.
func discardLogger() *slog.Logger {
	return slog.New(slog.DiscardHandler)
}
