package simulator

import (
	"slices"
	"sync"
	"time"
)

// faultInjector stores the state of a fixture's faults: how many requests
// each has failed, when it first did, the 429s waiting for their retry,
// the objects created or deleted so far, and each token's rate-limit
// window.
type faultInjector struct {
	now func() time.Time
	// timeScale multiplies the Retry-After of 429 faults when the gap
	// before the retry is measured.
	timeScale float64

	mu        sync.Mutex
	faults    []*faultState
	perMinute int // 0: no rate limit
	windows   map[string]*rateWindow
	retryGaps []RetryGap
	// mutates is set when a FaultCreate or FaultDelete exists; it does not
	// change after newFaultInjector.
	mutates bool
}

type faultState struct {
	Fault
	// index is the fault's position in the fixture's faults.
	index int
	used  int
	first time.Time
	// throttledAt is the time of this 429 fault's last response, zero once
	// the next matching request has come.
	throttledAt time.Time
	// triggered is set once a FaultCreate or FaultDelete changed its list.
	triggered bool
}

// rateWindow is one token's current fixed one-minute window.
type rateWindow struct {
	start time.Time
	count int
}

// RetryGap is the wait before the request that followed a 429 fault's
// response, among the requests that fault applies to.
type RetryGap struct {
	Type string
	ID   string
	Page int
	// RetryAfter is the Retry-After the fault sent, in seconds.
	RetryAfter int
	// Want is RetryAfter multiplied by Options.TimeScale: the shortest
	// gap that honours the Retry-After.
	Want time.Duration
	// Gap is the time between the 429 and the next request.
	Gap time.Duration
	// Early is true when Gap is shorter than Want.
	Early bool
}

// faultRequest is the part of a request that faults select by.
type faultRequest struct {
	typ string
	// id is the object key of a get-by-id request, "" for a list request.
	id   string
	list bool
	// page is the pageNumber of a page-numbered list request, 0 for other
	// requests.
	page int
}

func newFaultInjector(faults []Fault, now func() time.Time, timeScale float64) *faultInjector {
	fi := &faultInjector{now: now, timeScale: timeScale, windows: map[string]*rateWindow{}}
	for i, f := range faults {
		if f.RateLimit != nil {
			fi.perMinute = f.RateLimit.PerMinute
			continue
		}
		fi.faults = append(fi.faults, &faultState{Fault: f, index: i})
		fi.mutates = fi.mutates || f.Kind == FaultCreate || f.Kind == FaultDelete
	}
	return fi
}

// uses returns, per fault of the fixture, how many requests it failed or
// altered. A rateLimit fault counts 0.
func (fi *faultInjector) uses(n int) []int {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	out := make([]int, n)
	for _, f := range fi.faults {
		out[f.index] = f.used
	}
	return out
}

// selects reports whether a fault of a status or a response kind applies
// to req: an ID fault to get-by-id requests of its object, a Page fault to
// list requests of its page.
func (f *faultState) selects(req faultRequest) bool {
	switch {
	case f.Type != req.typ:
		return false
	case f.ID != "" && (req.list || f.ID != req.id):
		return false
	case f.Page != 0 && (!req.list || f.Page != req.page):
		return false
	}
	return true
}

// match returns the error of the first active status fault that applies to
// a request of type typ, and counts the request against that fault only. id
// is the object of a get-by-id request and empty for a list request.
func (fi *faultInjector) match(typ, id string) *apiError {
	f := fi.matchRequest(faultRequest{typ: typ, id: id, list: id == ""}, false)
	if f == nil {
		return nil
	}
	return f.apiError()
}

// matchRequest returns the first active fault of an error status or, with
// kinds, of a kind that answers the whole request (FaultExpireToken and the
// responseKinds), and counts the request against it. It also measures the
// gap since every earlier 429 of a fault that applies to req.
func (fi *faultInjector) matchRequest(req faultRequest, kinds bool) *faultState {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	var chosen *faultState
	for _, f := range fi.faults {
		answers := f.Kind == "" || (kinds && (f.Kind == FaultExpireToken || slices.Contains(responseKinds, f.Kind)))
		if !answers || !f.selects(req) {
			continue
		}
		fi.measureRetry(f, now)
		if chosen != nil || !f.active(now) {
			continue
		}
		f.use(now)
		if f.Status == 429 {
			f.throttledAt = now
		}
		chosen = f
	}
	return chosen
}

// measureRetry records the gap between f's last 429 and now.
func (fi *faultInjector) measureRetry(f *faultState, now time.Time) {
	if f.throttledAt.IsZero() {
		return
	}
	retryAfter := max(f.RetryAfter, 1)
	want := time.Duration(float64(time.Duration(retryAfter)*time.Second) * fi.timeScale)
	gap := now.Sub(f.throttledAt)
	fi.retryGaps = append(fi.retryGaps, RetryGap{
		Type: f.Type, ID: f.ID, Page: f.Page, RetryAfter: retryAfter, Want: want, Gap: gap, Early: gap < want,
	})
	f.throttledAt = time.Time{}
}

func (f *faultState) use(now time.Time) {
	f.used++
	if f.first.IsZero() {
		f.first = now
	}
}

// apiError is the response of a fault with an error status.
func (f *faultState) apiError() *apiError {
	if f.Status == 429 && f.RetryAfter > 0 {
		return tooManyRequests(f.RetryAfter)
	}
	if f.Status == 403 && f.Permission != "" {
		return &apiError{status: 403, code: "missing.permissions", message: "Unable to perform the requested action. " +
			"You are missing the following permission(s): " + f.Permission}
	}
	return errorForStatus(f.Status)
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

// throttleToken reports whether an active FaultTokenThrottle answers this
// token request, and counts it.
func (fi *faultInjector) throttleToken() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	for _, f := range fi.faults {
		if f.Kind == FaultTokenThrottle && f.active(now) {
			f.use(now)
			return true
		}
	}
	return false
}

// altersBodies reports whether an active fault may alter an object or the
// envelope of a response to req, so that the response must be buffered.
func (fi *faultInjector) altersBodies(req faultRequest) bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	for _, f := range fi.faults {
		if f.bodyFault() && f.Type == req.typ && f.active(now) {
			return true
		}
	}
	return false
}

func (f *faultState) bodyFault() bool {
	return f.Kind == FaultField || slices.Contains(objectKinds, f.Kind)
}

// takeBodyFaults returns the active faults that alter the response to req,
// whose objects have the keys present, and counts the request against each.
// An envelope FaultField applies to list requests of its page only.
func (fi *faultInjector) takeBodyFaults(req faultRequest, present []string) []*faultState {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	var out []*faultState
	for _, f := range fi.faults {
		if !f.bodyFault() || f.Type != req.typ || !f.active(now) {
			continue
		}
		if f.Page != 0 && (!req.list || f.Page != req.page) {
			continue
		}
		if f.ID == "" && !req.list {
			continue
		}
		if f.ID != "" && !slices.Contains(present, f.ID) {
			continue
		}
		f.use(now)
		out = append(out, f)
	}
	return out
}

// hidden reports whether the object with key of type typ is absent from
// the org: not yet created, or deleted.
func (fi *faultInjector) hidden(typ, key string) bool {
	if !fi.mutates {
		return false
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	for _, f := range fi.faults {
		if f.Type != typ || f.ID != key {
			continue
		}
		if (f.Kind == FaultCreate && !f.triggered) || (f.Kind == FaultDelete && f.triggered) {
			return true
		}
	}
	return false
}

// listed applies the FaultCreate and FaultDelete faults that wait for the
// response to req, a list request that succeeded.
func (fi *faultInjector) listed(req faultRequest) {
	if !req.list {
		return
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := fi.now()
	for _, f := range fi.faults {
		if (f.Kind != FaultCreate && f.Kind != FaultDelete) || f.Type != req.typ || f.triggered {
			continue
		}
		if req.page == max(f.Page, 1) {
			f.triggered = true
			f.use(now)
		}
	}
}

// gaps returns a copy of the measured retry gaps.
func (fi *faultInjector) gaps() []RetryGap {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return slices.Clone(fi.retryGaps)
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
