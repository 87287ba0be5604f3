package activities

import (
	"context"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
)

// progressState is an export activity's heartbeat details. Temporal keeps
// the last details of a failed attempt and hands them to the next one, so
// they carry what must survive a retry or a worker crash.
type progressState struct {
	// Cursor is the cursor of the next page of a cursor listing.
	Cursor string `json:"cursor,omitempty"`
	// Pages and Objects count the finished pages and objects of a cursor
	// listing.
	Pages   int `json:"pages,omitempty"`
	Objects int `json:"objects,omitempty"`
	Listed  int `json:"listed,omitempty"`
	// Parent is the index of the next parent object of a parent-listed
	// type, in the sorted order of the parents' ids.
	Parent int `json:"parent,omitempty"`
	// Done lists the objects of the current page already read by id.
	Done []string `json:"done,omitempty"`
	// Requests counts requests by HTTP status over all attempts.
	Requests map[int]int64 `json:"requests,omitempty"`
}

// heartbeat records progressState on every change and, while a slow request
// is in flight, at a fixed interval, so the activity's heartbeat timeout
// only fires for a worker that is really gone.
type heartbeat struct {
	ctx   context.Context
	mu    sync.Mutex
	state progressState
	done  chan struct{}
	once  sync.Once
}

const heartbeatInterval = 10 * time.Second

func startHeartbeat(ctx context.Context) *heartbeat {
	h := &heartbeat{ctx: ctx, done: make(chan struct{})}
	if activity.HasHeartbeatDetails(ctx) {
		// Details that do not decode are from an older worker version and
		// mean only that this attempt starts from the beginning.
		_ = activity.GetHeartbeatDetails(ctx, &h.state)
	}
	go h.loop()
	return h
}

func (h *heartbeat) loop() {
	t := time.NewTicker(heartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-h.ctx.Done():
			return
		case <-t.C:
			h.record()
		}
	}
}

func (h *heartbeat) update(change func(*progressState)) {
	h.mu.Lock()
	change(&h.state)
	h.mu.Unlock()
	h.record()
}

// record sends a copy of the state; the SDK throttles the calls and always
// keeps the latest details, flushing them when the attempt fails.
func (h *heartbeat) record() {
	h.mu.Lock()
	s := h.state
	s.Done = append([]string(nil), h.state.Done...)
	s.Requests = make(map[int]int64, len(h.state.Requests))
	for k, v := range h.state.Requests {
		s.Requests[k] = v
	}
	h.mu.Unlock()
	activity.RecordHeartbeat(h.ctx, s)
}

func (h *heartbeat) stop() {
	h.once.Do(func() { close(h.done) })
}

// keepAlive heartbeats every heartbeatInterval until stop is called, for
// activities that have no progress to record but may run for minutes, such
// as writing the manifest and the Terraform of a large org. With it their
// heartbeat timeout notices a dead worker in seconds, while their
// start-to-close timeout can be long.
func keepAlive(ctx context.Context) (stop func()) {
	if !activity.IsActivity(ctx) {
		// Called outside an activity, as unit tests do: nothing to beat.
		return func() {}
	}
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(heartbeatInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}
