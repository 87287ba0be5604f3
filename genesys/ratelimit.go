package genesys

import (
	"context"
	"fmt"
	"math"
	"time"
)

// pacingMargin is how much further apart than the budget requires the
// pacer spaces requests. The API counts a request when it arrives, and two
// requests can arrive closer together than they left, so pacing at exactly
// the budget could put one request too many into a minute. Spacing 2%
// wider leaves 1.2 s of slack per minute for that jitter.
const pacingMargin = 0.02

// pacer is a token bucket of capacity 1: one request leaves at a time, at
// least interval after the one before it left, so no window of a minute
// holds more than the budget, whatever its alignment. A larger capacity
// would let a burst after an idle spell push a fixed one-minute window over
// the budget. Spacing is measured from the time each request actually
// left, so a request that woke late does not let the next one leave early.
type pacer struct {
	interval time.Duration
	now      func() time.Time
	// turn is held by the one request that is waiting for its slot.
	turn chan struct{}
	// last is when the previous request left; only the holder of turn
	// reads or writes it.
	last time.Time
}

// newPacer returns a pacer for perMinute requests per minute of API time,
// which runs 1/timeScale times as fast as the wall clock, or nil for no
// limit when perMinute is 0.
func newPacer(perMinute, timeScale float64, now func() time.Time) *pacer {
	if perMinute == 0 {
		return nil
	}
	interval := time.Duration(float64(time.Minute) / perMinute * (1 + pacingMargin) * timeScale)
	return &pacer{interval: max(interval, 1), now: now, turn: make(chan struct{}, 1)}
}

// wait returns when the request may leave, or an error when ctx ends first.
func (p *pacer) wait(ctx context.Context, out outgoing) error {
	if p == nil {
		return nil
	}
	cancelled := func(waited string) error {
		return &Error{
			Class: ClassTransient, Method: out.method, Path: out.displayPath,
			Message: "cancelled while waiting " + waited + " for the client's request rate limit",
			Err:     ctx.Err(),
		}
	}
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return cancelled("for its turn")
	}
	defer func() { <-p.turn }()

	if delay := p.last.Add(p.interval).Sub(p.now()); delay > 0 {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return cancelled(delay.Round(time.Millisecond).String())
		}
	}
	p.last = p.now()
	return nil
}

// checkRequestsPerMinute returns what is wrong with Config.RequestsPerMinute.
func checkRequestsPerMinute(perMinute float64) error {
	if perMinute < 0 || math.IsNaN(perMinute) || math.IsInf(perMinute, 0) {
		return fmt.Errorf("genesys: Config.RequestsPerMinute %v is not a finite number of at least 0", perMinute)
	}
	return nil
}
