package activities

import (
	"errors"
	"fmt"
	"runtime/debug"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/genesys"
)

// malformedAttempts is how many attempts of a page activity may read a
// malformed body (cut short, or a JSON syntax error) before the page is
// given up as failed. One bad body may be a proxy that dropped the end of
// a response, so the page is retried with the retry policy's backoff. A
// body malformed on every attempt is likely to stay so, and failing the
// page after a few attempts lets the export finish without waiting out
// every retry.
const malformedAttempts = 3

// pageError is temporalError for the failure of a page activity's attempt,
// with the malformed-body limit applied: the attempt that reaches
// malformedAttempts fails for good, with type Invalid.
func pageError(err error, attempt int32, details ...any) error {
	if attempt >= malformedAttempts && errors.Is(err, genesys.ErrMalformedBody) {
		return temporal.NewApplicationErrorWithOptions(
			fmt.Sprintf("%v (malformed again on attempt %d, so the page is reported as failed)", err, attempt),
			string(genesys.ClassInvalid),
			temporal.ApplicationErrorOptions{NonRetryable: true, Details: details})
	}
	return temporalError(err, details...)
}

// recoverPage turns a panic in a page activity into a failure of that page
// that is not retried, because a retry meets the same input, and logs it
// with its stack. The workflow reports the page as failed and goes on. It
// must be deferred directly, as recover requires.
func (a *Activities) recoverPage(in export.PageInput, err *error) {
	recovered := recover()
	if recovered == nil {
		return
	}
	a.logger().Error("panic while exporting a page, reported as failed", "type", in.Type,
		"partition", in.Partition, "page", in.Page, "panic", recovered, "stack", string(debug.Stack()))
	*err = temporal.NewNonRetryableApplicationError(
		fmt.Sprintf("export %s page %d: the exporter failed on this page (panic: %v)", in.Type, in.Page, recovered),
		"Panic", nil)
}
