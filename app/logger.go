package app

import (
	"log/slog"

	"go.temporal.io/sdk/log"
)

// newTemporalLogger adapts slog to the SDK's logger. The SDK logs worker
// starts at info level and failed activity attempts at error level. Both go
// to debug here, because the activities log each failed attempt themselves
// at warn level, naming the object.
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
func (s sdkLogger) Error(msg string, kv ...any) {
	if msg == activityErrorMessage {
		s.l.Debug(msg, kv...)
		return
	}
	s.l.Error(msg, kv...)
}

// activityErrorMessage is the message of the SDK's log line for a failed
// activity attempt (go.temporal.io/sdk v1.50 internal_task_handlers.go).
const activityErrorMessage = "Activity error."
