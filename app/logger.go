package app

import (
	"log/slog"

	"go.temporal.io/sdk/log"
)

// newTemporalLogger adapts slog to the SDK's logger. The SDK logs every
// worker start and poll error at info level; those go to the debug level
// here, so a user's terminal shows gcexport's own progress.
func newTemporalLogger(logger *slog.Logger) log.Logger {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return sdkLogger{logger}
}

type sdkLogger struct{ l *slog.Logger }

func (s sdkLogger) Debug(msg string, kv ...any) { s.l.Debug(msg, kv...) }
func (s sdkLogger) Info(msg string, kv ...any)  { s.l.Debug(msg, kv...) }
func (s sdkLogger) Warn(msg string, kv ...any)  { s.l.Warn(msg, kv...) }
func (s sdkLogger) Error(msg string, kv ...any) { s.l.Error(msg, kv...) }
