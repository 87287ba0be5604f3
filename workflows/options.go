package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The timeouts and retry policies of every activity the workflows run, with
// the reason for each value. docs/TIMEOUTS.md lists them with the client's
// own timeouts and retries.

// nonRetryable are the error types of activities that no retry can fix. They
// match the genesys client's error classes: a malformed request, rejected
// credentials, a missing permission and a deleted object stay so.
var nonRetryable = []string{"Invalid", "Auth", "Forbidden", "Gone"}

// pageAttempts is the retry limit of page activities. 409 and 5xx responses
// are retried with backoff. A 429 is retried after exactly its Retry-After
// because the activity sets NextRetryDelay, and those retries count too.
// Ten is the attempt count of the provider's own exporter (RetryWhen), which
// has been run against real orgs.
const pageAttempts = 10

// retryPolicy backs off from 1 s to at most 1 min: the first retries catch
// a dropped connection at once, and the later ones spread over the several
// minutes that a 5xx burst or a deploy of the API lasts.
func retryPolicy() *temporal.RetryPolicy {
	return &temporal.RetryPolicy{
		InitialInterval:        time.Second,
		BackoffCoefficient:     2,
		MaximumInterval:        time.Minute,
		MaximumAttempts:        pageAttempts,
		NonRetryableErrorTypes: nonRetryable,
	}
}

// pageOptions are the options of activities that list pages, read locked
// objects again, or list a type under its parents.
func pageOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		// A cursor or parent listing of a large type runs in one attempt:
		// 30 minutes is some 9,000 requests at the default rate limit.
		// Longer listings resume from their heartbeated cursor.
		StartToCloseTimeout: 30 * time.Minute,
		// Page activities heartbeat at least every 10 seconds, so a dead
		// worker's attempt is retried elsewhere after 30 seconds instead of
		// after StartToCloseTimeout.
		HeartbeatTimeout: 30 * time.Second,
		RetryPolicy:      retryPolicy(),
	}
}

// shortOptions are the options of the Plan and WriteManifest activities,
// which make a few requests or only read and write the backup folder.
func shortOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		// Writing the Terraform of a large org, its digests and an upload
		// to object storage take minutes. An hour bounds a stuck attempt.
		StartToCloseTimeout: time.Hour,
		// Both activities heartbeat every 10 seconds while they run, so a
		// dead worker's attempt moves on after 30 seconds.
		HeartbeatTimeout: 30 * time.Second,
		RetryPolicy:      retryPolicy(),
	}
}

// closureOptions are the page options with a longer heartbeat timeout: the
// closure reads every staged object of the selected types before its first
// request, and heartbeats between reads of referenced objects.
func closureOptions() workflow.ActivityOptions {
	opts := pageOptions()
	opts.HeartbeatTimeout = 2 * time.Minute
	return opts
}

// flowYAMLOptions give the flow YAML export two hours: Architect export
// jobs of a few thousand flows run for tens of minutes, and the activity
// polls them itself, heartbeating the job id.
func flowYAMLOptions() workflow.ActivityOptions {
	opts := pageOptions()
	opts.StartToCloseTimeout = 2 * time.Hour
	return opts
}
