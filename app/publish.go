package app

import (
	"context"
	"log/slog"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/blobsink"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
)

// WorkerOptions are the optional parts of a worker.
type WorkerOptions struct {
	// Metrics counts the objects that the export activities write; nil
	// counts nothing.
	Metrics *Metrics
	// Publisher copies or archives each complete backup after its
	// manifest; nil leaves backups in the folder only.
	Publisher *Publisher
}

// Publisher copies each complete backup to a bucket, or writes it as a
// tar.gz, once the manifest activity has written manifest.json.
type Publisher struct {
	// Destination is the bucket of the upload setting; nil writes the
	// archive beside the backup folder instead.
	Destination *blobsink.Destination
	// Archive writes the backup as one tar.gz.
	Archive bool
	Logger  *slog.Logger
}

// UploadErrorType is the error type of a failed copy to the bucket. The
// manifest activity retries it, as it retries other errors.
const UploadErrorType = "Upload"

// NewPublisher returns the publisher of the upload and archive settings,
// or nil when neither is set.
func NewPublisher(cfg *config.Config, logger *slog.Logger) *Publisher {
	if cfg.Upload == "" && !cfg.Archive {
		return nil
	}
	p := &Publisher{Archive: cfg.Archive, Logger: logger}
	if cfg.Upload != "" {
		p.Destination = &blobsink.Destination{URL: cfg.Upload, Archive: cfg.Archive}
	}
	return p
}

// afterManifest wraps the manifest activity so that a complete backup is
// copied once manifest.json is written. A copy that fails fails the
// attempt: the folder stays complete, and the retried attempt writes the
// manifest again and copies again. Partial backups are not copied, so the
// copy, which has no previous/ folder, always holds a complete backup.
func (p *Publisher) afterManifest(
	write func(context.Context, export.ManifestInput) (*export.Summary, error),
) func(context.Context, export.ManifestInput) (*export.Summary, error) {
	if p == nil {
		return write
	}
	return func(ctx context.Context, in export.ManifestInput) (*export.Summary, error) {
		summary, err := write(ctx, in)
		if err != nil {
			return nil, err
		}
		if err := p.publish(ctx, summary); err != nil {
			return nil, err
		}
		return summary, nil
	}
}

// NOTE: the copy runs inside the manifest activity, whose start-to-close
// timeout is an hour (workflows.shortOptions). A backup too large to
// upload in that time fails every attempt; the folder stays complete.
func (p *Publisher) publish(ctx context.Context, summary *export.Summary) error {
	logger := p.logger()
	if summary.Status != export.StatusComplete {
		logger.Warn("backup not copied, because only complete backups are", "status", summary.Status,
			"output", summary.Output, "workflowId", summary.WorkflowID)
		return nil
	}
	if p.Destination == nil {
		target := summary.Output + ".tar.gz"
		if err := blobsink.WriteArchiveFile(summary.Output, target); err != nil {
			logger.Error("writing the backup archive failed", "output", summary.Output, "archive", target, "error", err)
			return temporal.NewApplicationErrorWithCause(err.Error(), UploadErrorType, err)
		}
		logger.Info("backup archived", "output", summary.Output, "archive", target, "workflowId", summary.WorkflowID)
		return nil
	}
	keys, err := p.Destination.Publish(ctx, summary.Output)
	if err != nil {
		logger.Error("copying the backup to the bucket failed", "output", summary.Output,
			"url", blobsink.DisplayURL(p.Destination.URL), "error", err)
		return temporal.NewApplicationErrorWithCause(err.Error(), UploadErrorType, err)
	}
	logger.Info("backup copied to the bucket", "output", summary.Output, "url", blobsink.DisplayURL(p.Destination.URL),
		"objects", len(keys), "archive", p.Destination.Archive, "workflowId", summary.WorkflowID)
	return nil
}

func (p *Publisher) logger() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

// countObjects wraps an export activity so that the objects its result
// reports are added to the objects counter of metrics.
func countObjects[In any](
	metrics *Metrics, run func(context.Context, In) (*export.PageResult, error),
) func(context.Context, In) (*export.PageResult, error) {
	if metrics == nil {
		return run
	}
	return func(ctx context.Context, in In) (*export.PageResult, error) {
		result, err := run(ctx, in)
		if result != nil {
			metrics.CountObjects(ctx, result.Type, result.Objects)
		}
		return result, err
	}
}
