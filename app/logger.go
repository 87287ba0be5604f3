package app

import (
	"context"
	"log/slog"

	"go.temporal.io/sdk/log"
)

// newTemporalLogger adapts slog to the SDK's logger through the SDK's own
// bridge, log.NewStructuredLogger, with the SDK's keys ("WorkflowID",
// "TaskQueue") renamed to lowerCamel. The SDK logs worker starts at info
// level and failed activity attempts at error level. Both go to debug here,
// because the activities log each failed attempt themselves at warn level,
// naming the object.
func newTemporalLogger(logger *slog.Logger) log.Logger {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return log.NewStructuredLogger(slog.New(sdkHandler{inner: logger.Handler()}))
}

// sdkHandler lowers the levels of the SDK's records as newTemporalLogger
// describes and renames their keys to lowerCamel.
type sdkHandler struct {
	inner slog.Handler
}

func (h sdkHandler) Enabled(ctx context.Context, level slog.Level) bool {
	if level == slog.LevelInfo {
		level = slog.LevelDebug
	}
	return h.inner.Enabled(ctx, level)
}

func (h sdkHandler) Handle(ctx context.Context, r slog.Record) error {
	level := r.Level
	if level == slog.LevelInfo || level == slog.LevelError && r.Message == activityErrorMessage {
		level = slog.LevelDebug
	}
	if !h.inner.Enabled(ctx, level) {
		return nil
	}
	return h.inner.Handle(ctx, renameRecord(r, level))
}

func (h sdkHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return sdkHandler{inner: h.inner.WithAttrs(renameAttrs(attrs))}
}

func (h sdkHandler) WithGroup(name string) slog.Handler {
	return sdkHandler{inner: h.inner.WithGroup(LowerCamel(name))}
}

// activityErrorMessage is the message of the SDK's log line for a failed
// activity attempt (go.temporal.io/sdk v1.50 internal_task_handlers.go).
const activityErrorMessage = "Activity error."
