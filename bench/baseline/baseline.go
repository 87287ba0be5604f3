// Package baseline is a per-object exporter, the way Genesys' own exporter
// (CX as Code, genesyscloud_tf_export) reads an org: it lists each type's
// ids, then reads every object by id with ten reads in flight (its
// max_concurrent_threads default), retrying a 429 after its Retry-After
// capped at 30 s and transient failures with a linear backoff. It exists
// only so that the benchmark can compare gcexport with that approach
// against the same simulator.
package baseline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/genesys"
)

// Config configures a Run.
type Config struct {
	Client  *genesys.Client
	Catalog *catalog.Catalog
	// Output is the folder that every object is written to, as
	// <type>/<escaped id>.json.
	Output string
	// InFlight is the number of reads in flight; 0 means 10.
	InFlight int
	// TimeScale multiplies the waits between retries, as
	// genesys.Config.TimeScale does; 0 means 1.
	TimeScale float64
}

// Result counts what a Run read.
type Result struct {
	Objects int64 `json:"objects"`
	// Failed counts objects and listings given up after their retries.
	Failed int64 `json:"failed"`
}

// Retry limits, as Genesys' provider configures its SDK client: at most 20
// retries, and no wait longer than 30 s.
const (
	maxTries      = 20
	maxRetryAfter = 30 * time.Second
)

// Run exports every type of cfg.Catalog, parents before the types listed
// under them.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.InFlight == 0 {
		cfg.InFlight = 10
	}
	if cfg.TimeScale == 0 {
		cfg.TimeScale = 1
	}
	r := &run{cfg: cfg, keys: map[string][]string{}}
	for _, layer := range cfg.Catalog.Layers(cfg.Catalog.Names()) {
		for _, name := range layer {
			t, _ := cfg.Catalog.Type(name)
			if err := r.exportType(ctx, t); err != nil {
				return nil, err
			}
		}
	}
	return &Result{Objects: r.objects.Load(), Failed: r.failed.Load()}, nil
}

type run struct {
	cfg     Config
	objects atomic.Int64
	failed  atomic.Int64
	// keys holds each exported type's parent keys (its ParentField values
	// for the types listed under it, or ids), as the per-object exporter
	// keeps every id in memory.
	mu   sync.Mutex
	keys map[string][]string
}

// entry is one object to read: its id and, for a parent-listed type, the
// parent's key.
type entry struct{ id, parent string }

func (r *run) exportType(ctx context.Context, t *catalog.Type) error {
	if t.Singleton {
		body, err := r.retry(ctx, func() ([]byte, error) {
			return r.cfg.Client.Get(ctx, t.GetPath, query(t.GetQuery, nil))
		})
		if err == nil {
			r.write(t, t.Name, body)
		}
		return ctx.Err()
	}
	var entries []entry
	if t.Parent == "" {
		for _, p := range t.PartitionsOf() {
			ids := r.list(ctx, t, t.ListPath, query(t.ListQuery, p.Query))
			for _, id := range ids {
				entries = append(entries, entry{id: id})
			}
		}
	} else {
		r.mu.Lock()
		parents := r.keys[t.Parent]
		r.mu.Unlock()
		for _, parent := range parents {
			path := strings.ReplaceAll(t.ListPath, catalog.ParentToken, url.PathEscape(parent))
			if t.Paging == catalog.PagingObject {
				entries = append(entries, entry{parent: parent})
				continue
			}
			for _, id := range r.list(ctx, t, path, query(t.ListQuery, nil)) {
				entries = append(entries, entry{id: id, parent: parent})
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.readAll(ctx, t, entries)
	return ctx.Err()
}

// readAll reads every entry by id, InFlight at a time.
func (r *run) readAll(ctx context.Context, t *catalog.Type, entries []entry) {
	work := make(chan entry)
	var wg sync.WaitGroup
	for range r.cfg.InFlight {
		wg.Go(func() {
			for e := range work {
				r.read(ctx, t, e)
			}
		})
	}
	for _, e := range entries {
		select {
		case work <- e:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
}

func (r *run) read(ctx context.Context, t *catalog.Type, e entry) {
	path := t.GetPath
	if t.Paging == catalog.PagingObject {
		path = t.ListPath
	}
	path = strings.ReplaceAll(path, "{id}", url.PathEscape(e.id))
	path = strings.ReplaceAll(path, catalog.ParentToken, url.PathEscape(e.parent))
	body, err := r.retry(ctx, func() ([]byte, error) {
		return r.cfg.Client.Get(ctx, path, query(t.GetQuery, nil))
	})
	if err != nil {
		return
	}
	id := e.id
	if e.parent != "" {
		id = e.parent + "_" + e.id
	}
	r.write(t, id, body)
	r.remember(t, body)
}

// remember keeps the key that fills the list path of types listed under t.
func (r *run) remember(t *catalog.Type, body []byte) {
	for _, name := range r.cfg.Catalog.Names() {
		child, _ := r.cfg.Catalog.Type(name)
		if child.Parent != t.Name {
			continue
		}
		field := child.ParentField
		if field == "" {
			field = "id"
		}
		var obj any
		if json.Unmarshal(body, &obj) != nil {
			return
		}
		if values := catalog.Extract(obj, field); len(values) > 0 {
			r.mu.Lock()
			r.keys[t.Name] = append(r.keys[t.Name], values[0])
			r.mu.Unlock()
		}
		return
	}
}

// list returns the ids of every entity of one listing.
func (r *run) list(ctx context.Context, t *catalog.Type, path string, q url.Values) []string {
	var ids []string
	add := func(entities []json.RawMessage) {
		for _, raw := range entities {
			if id := idOf(raw, t.IDField); id != "" {
				ids = append(ids, id)
			}
		}
	}
	client := r.cfg.Client
	switch t.Paging {
	case catalog.PagingPageNumber:
		for page := 1; ; page++ {
			var p *genesys.Page
			_, err := r.retry(ctx, func() ([]byte, error) {
				var err error
				p, err = client.GetPage(ctx, path, q, page, t.PageSize)
				return nil, err
			})
			if err != nil {
				return ids
			}
			add(p.Entities)
			if len(p.Entities) == 0 || (p.NextURI == "" && page >= p.PageCount) {
				return ids
			}
		}
	case catalog.PagingNone:
		var entities []json.RawMessage
		_, err := r.retry(ctx, func() ([]byte, error) {
			var err error
			entities, err = client.GetUnpaged(ctx, path, q)
			return nil, err
		})
		if err == nil {
			add(entities)
		}
		return ids
	default:
		next := ""
		for {
			var p *genesys.CursorPage
			_, err := r.retry(ctx, func() ([]byte, error) {
				var err error
				switch t.Paging {
				case catalog.PagingAfter:
					p, err = client.GetAfterPage(ctx, path, q, next, t.PageSize)
				case catalog.PagingCursor:
					p, err = client.GetCursorPage(ctx, path, q, next, t.PageSize)
				default:
					p, err = client.GetScanPage(ctx, path, q, next, t.PageSize)
				}
				return nil, err
			})
			if err != nil {
				return ids
			}
			add(p.Entities)
			if next = p.Next; next == "" {
				return ids
			}
		}
	}
}

// retry calls do until it succeeds, fails with an error no retry fixes, or
// runs out of tries. A final failure is counted and returned.
func (r *run) retry(ctx context.Context, do func() ([]byte, error)) ([]byte, error) {
	for try := 1; ; try++ {
		body, err := do()
		if err == nil {
			return body, nil
		}
		var apiErr *genesys.Error
		retryable := errors.As(err, &apiErr) &&
			(apiErr.Class == genesys.ClassRateLimited || apiErr.Class == genesys.ClassTransient)
		if !retryable || try == maxTries || ctx.Err() != nil {
			r.failed.Add(1)
			return nil, err
		}
		// The client has already scaled RetryAfter by its TimeScale.
		wait := min(apiErr.RetryAfter, time.Duration(float64(maxRetryAfter)*r.cfg.TimeScale))
		if wait == 0 {
			wait = time.Duration(float64(try) * float64(500*time.Millisecond) * r.cfg.TimeScale)
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
		}
	}
}

func (r *run) write(t *catalog.Type, id string, body []byte) {
	dir := filepath.Join(r.cfg.Output, t.Name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		r.failed.Add(1)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, url.PathEscape(id)+".json"), body, 0o600); err != nil {
		r.failed.Add(1)
		return
	}
	r.objects.Add(1)
}

func idOf(raw json.RawMessage, field string) string {
	if field == "" {
		field = "id"
	}
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	id, _ := fields[field].(string)
	return id
}

// query merges parameter sets into url.Values; later sets win.
func query(sets ...map[string][]string) url.Values {
	q := url.Values{}
	for _, set := range sets {
		for k, v := range set {
			q[k] = append([]string(nil), v...)
		}
	}
	return q
}

// String describes a result for logs.
func (r Result) String() string {
	return fmt.Sprintf("%d objects, %d failed", r.Objects, r.Failed)
}
