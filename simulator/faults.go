package simulator

import (
	"sync"
	"time"
)

// faultInjector stores the state of a fixture's faults: how many requests
// each has failed, when it first did, and each token's rate-limit window.
type faultInjector struct {
	now func() time.Time

	mu        sync.Mutex
	faults    []*faultState
	perMinute int // 0: no rate limit
	windows   map[string]*rateWindow
}

type faultState struct {
	Fault
	used  int
	first time.Time
}

// rateWindow is one token's current fixed one-minute window.
type rateWindow struct {
	start time.Time
	count int
}

func newFaultInjector(faults []Fault, now func() time.Time) *faultInjector {
	fi := &faultInjector{now: now, windows: map[string]*rateWindow{}}
	for _, f := range faults {
		if f.RateLimit != nil {
			fi.perMinute = f.RateLimit.PerMinute
			continue
		}
		fi.faults = append(fi.faults, &faultState{Fault: f})
	}
	return fi
}

// match returns the error of the first active fault that applies to a
// request of type typ, and counts the request against that fault only. id
// is the object of a get-by-id request and empty for a list request.
func (fi *faultInjector) match(typ, id string) *apiError {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	for _, f := range fi.faults {
		if f.Type != typ || (f.ID != "" && f.ID != id) {
			continue
		}
		if !f.active(now) {
			continue
		}
		f.used++
		if f.first.IsZero() {
			f.first = now
		}
		if f.Status == 429 && f.RetryAfter > 0 {
			return tooManyRequests(f.RetryAfter)
		}
		if f.Status == 403 && f.Permission != "" {
			return &apiError{status: 403, code: "missing.permissions", message: "Unable to perform the requested action. " +
				"You are missing the following permission(s): " + f.Permission}
		}
		return errorForStatus(f.Status)
	}
	return nil
}

func (f *faultState) active(now time.Time) bool {
	switch {
	case f.Times > 0:
		return f.used < f.Times
	case f.Seconds > 0:
		return f.first.IsZero() || now.Before(f.first.Add(time.Duration(f.Seconds)*time.Second))
	default:
		return true
	}
}

// limit counts a request of token against its window, or returns the 429
// for a request over the budget. Retry-After is the whole seconds left in
// the window, rounded up and at least 1. Requests rejected with 429 do not
// count.
func (fi *faultInjector) limit(token string) *apiError {
	if fi.perMinute == 0 {
		return nil
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	w := fi.windows[token]
	if w == nil || !now.Before(w.start.Add(time.Minute)) {
		w = &rateWindow{start: now}
		fi.windows[token] = w
	}
	if w.count >= fi.perMinute {
		left := w.start.Add(time.Minute).Sub(now)
		seconds := int((left + time.Second - 1) / time.Second)
		return tooManyRequests(max(seconds, 1))
	}
	w.count++
	return nil
}
