package activities

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/genesys"
)

func TestTemporalErrorClasses(t *testing.T) {
	cases := []struct {
		class        genesys.Class
		retryAfter   time.Duration
		nonRetryable bool
		delay        time.Duration
	}{
		{genesys.ClassConflict, 0, false, 0},
		{genesys.ClassTransient, 0, false, 0},
		{genesys.ClassRateLimited, 58 * time.Second, false, 58 * time.Second},
		{genesys.ClassRateLimited, 300 * time.Second, false, 300 * time.Second},
		{genesys.ClassAuth, 0, true, 0},
		{genesys.ClassForbidden, 0, true, 0},
		{genesys.ClassGone, 0, true, 0},
		{genesys.ClassInvalid, 0, true, 0},
	}
	for _, tc := range cases {
		apiErr := &genesys.Error{Class: tc.class, Status: 499, Method: "GET", Path: "/api/v2/x", RetryAfter: tc.retryAfter}
		err := temporalError(fmt.Errorf("list x: %w", apiErr))
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			t.Fatalf("%s: %T is not an application error", tc.class, err)
		}
		if appErr.Type() != string(tc.class) {
			t.Errorf("%s: type = %q", tc.class, appErr.Type())
		}
		if appErr.NonRetryable() != tc.nonRetryable {
			t.Errorf("%s: non-retryable = %v, want %v", tc.class, appErr.NonRetryable(), tc.nonRetryable)
		}
		if appErr.NextRetryDelay() != tc.delay {
			t.Errorf("%s: next retry delay = %v, want %v", tc.class, appErr.NextRetryDelay(), tc.delay)
		}
	}
}

func TestTemporalErrorLocalFailureIsRetryable(t *testing.T) {
	err := temporalError(errors.New("disk full"))
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || appErr.NonRetryable() || appErr.Type() != "Local" {
		t.Errorf("temporalError(disk full) = %v", err)
	}
}
