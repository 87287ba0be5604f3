package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server. The zero value accepts any client
// credentials and issues tokens that live 24 hours by the wall clock.
type Options struct {
	// ClientID and ClientSecret are the accepted client credentials. An
	// empty field accepts any non-empty value.
	ClientID, ClientSecret string
	// TokenLifetime is the expires_in of issued tokens. Zero means 86400 s.
	TokenLifetime time.Duration
	// Now is the clock of rate-limit windows, fault seconds and token
	// expiry. Nil means time.Now.
	Now func() time.Time
	// Logger receives start, stop and per-request events. Nil discards them.
	Logger *slog.Logger
	// TimeScale multiplies the Retry-After of 429 faults when the server
	// measures the gap before the retry (see RetryGaps); the header still
	// sends the fixture's seconds. Zero means 1. Tests set it below 1 with
	// the same scale in the client, so that a Retry-After of 300 s is
	// honoured in 3 s.
	TimeScale float64
	// ListOrderSeed, when not zero, lists the objects of every page-number
	// and unpaged list in an order drawn from this seed instead of by id.
	// The order is fixed for the server's life. Tests use it to check that an
	// export does not depend on the order of the API's listings. Cursor and
	// scan lists keep the id order that their cursors rely on.
	ListOrderSeed int64
}

// Server is a simulated org. Its methods are safe for concurrent use.
type Server struct {
	org  Org
	opts Options
	now  func() time.Time
	log  *slog.Logger

	// objects holds each type's objects in list order: sorted by their id
	// field, and under a parent by parent key first. children holds the
	// objects of a type listed under a parent by parent key, and index every
	// object by type and objectKey. All are read-only after New.
	objects        map[string][]map[string]any
	children       map[string]map[string][]map[string]any
	index          map[string]map[string]map[string]any
	homeDivisionID string
	// dependencies holds each flow's consumed resources, sorted by type
	// and id. It is read-only after New.
	dependencies map[string][]Dependency

	faults     *faultInjector
	faultCount int
	tokens     tokenStore

	// selections keeps the filtered objects of each listing by request, so
	// that the pages of one listing share them.
	selectionsMu sync.Mutex
	selections   map[selectionKey]*selection

	totalRequests atomic.Int64
	tokenRequests atomic.Int64
	countMu       sync.Mutex
	objectCounts  map[objectKey]int

	httpMu     sync.Mutex
	httpServer *http.Server
}

type objectKey struct{ typ, id string }

// New builds a server for a copy of f, so later changes to f do not reach
// it. It validates f as ParseFixture does.
func New(f *Fixture, opts Options) (*Server, error) {
	if f == nil {
		return nil, errors.New("simulator: nil fixture")
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	s := &Server{
		org:          f.Org,
		opts:         opts,
		now:          opts.Now,
		log:          opts.Logger,
		objects:      map[string][]map[string]any{},
		children:     map[string]map[string][]map[string]any{},
		index:        map[string]map[string]map[string]any{},
		tokens:       tokenStore{expiry: map[string]time.Time{}},
		objectCounts: map[objectKey]int{},
		dependencies: sortedDependencies(f.Dependencies),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, typ := range typeNames() {
		if ep := endpointFor(typ); !ep.derived {
			if err := s.load(ep, f.Resources[typ]); err != nil {
				return nil, err
			}
		}
	}
	if err := s.load(endpointFor(typeRoleSubjectGrants), s.roleSubjectGrants()); err != nil {
		return nil, err
	}
	if opts.TimeScale < 0 {
		return nil, fmt.Errorf("simulator: Options.TimeScale %v is negative", opts.TimeScale)
	}
	timeScale := opts.TimeScale
	if timeScale == 0 {
		timeScale = 1
	}
	s.faults = newFaultInjector(f.Faults, s.now, timeScale)
	s.faultCount = len(f.Faults)
	return s, nil
}

// load stores a copy of a type's fixture objects. Objects listed under a
// parent lose their parentKeyField, which only the fixture has.
func (s *Server) load(ep *endpoint, fixtureObjects []map[string]any) error {
	objects, err := copyObjects(ep.typ, fixtureObjects)
	if err != nil {
		return err
	}
	idField := ep.idName()
	parentOf := make([]string, len(objects))
	order := make([]int, len(objects))
	for i, obj := range objects {
		order[i] = i
		if ep.underParent() {
			parentOf[i], _ = obj[parentKeyField].(string)
			delete(obj, parentKeyField)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(parentOf[a], parentOf[b]); c != 0 {
			return c
		}
		return strings.Compare(objects[a][idField].(string), objects[b][idField].(string))
	})

	sorted := make([]map[string]any, len(objects))
	index := make(map[string]map[string]any, len(objects))
	var children map[string][]map[string]any
	if ep.underParent() {
		children = map[string][]map[string]any{}
	}
	for i, j := range order {
		obj := objects[j]
		sorted[i] = obj
		index[ep.objectKey(parentOf[j], obj[idField].(string))] = obj
		if children != nil {
			children[parentOf[j]] = append(children[parentOf[j]], obj)
		}
		if ep.typ == typeDivision && obj["homeDivision"] == true {
			s.homeDivisionID = obj["id"].(string)
		}
	}
	if s.opts.ListOrderSeed != 0 && (ep.paging == pageNumbered || ep.paging == pageNone || ep.paging == pageTotal) {
		rng := rand.New(rand.NewSource(s.opts.ListOrderSeed + int64(len(ep.typ))))
		rng.Shuffle(len(sorted), func(i, j int) { sorted[i], sorted[j] = sorted[j], sorted[i] })
	}
	s.objects[ep.typ] = sorted
	s.index[ep.typ] = index
	if children != nil {
		s.children[ep.typ] = children
	}
	return nil
}

// copyObjects deep-copies objects through JSON, which also proves that
// every response built from them can be encoded.
func copyObjects(typ string, objects []map[string]any) ([]map[string]any, error) {
	data, err := json.Marshal(objects)
	if err != nil {
		return nil, fmt.Errorf("fixture: resources[%q] cannot be encoded as JSON: %w", typ, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("fixture: resources[%q] cannot be copied: %w", typ, err)
	}
	return out, nil
}

// Handler returns the handler of both hosts: POST /oauth/token of the login
// host and the /api/v2 paths of the API host.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

// Start listens on addr (such as "127.0.0.1:0"), serves in the background
// and returns the base URL, such as "http://127.0.0.1:43121", which is both
// the login and the API base URL.
func (s *Server) Start(addr string) (string, error) {
	return s.serve(addr, s.Handler())
}

// Close stops a server that Start started, closing open connections. It
// does nothing for a server that was never started.
func (s *Server) Close() error {
	s.httpMu.Lock()
	defer s.httpMu.Unlock()
	if s.httpServer == nil {
		return nil
	}
	err := s.httpServer.Close()
	s.httpServer = nil
	s.log.Info("simulator stopped", "orgId", s.org.ID)
	if err != nil {
		return fmt.Errorf("simulator: close: %w", err)
	}
	return nil
}

// ObjectRequests returns the number of get-by-id requests routed to the
// object, whatever the response, faulted ones included. Requests with a
// missing or invalid token are not counted. The id of an object listed
// under a parent is "<parentKey>_<id>", as in faults.
func (s *Server) ObjectRequests(typ, id string) int {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	return s.objectCounts[objectKey{typ, id}]
}

// RetryGaps returns, in order, the gap measured before each request that
// followed a 429 fault's response, among the requests the fault applies to.
func (s *Server) RetryGaps() []RetryGap { return s.faults.gaps() }

// FaultUses returns, per fault of the fixture in fixture order, the number
// of requests it failed or altered. A rateLimit fault counts 0.
func (s *Server) FaultUses() []int { return s.faults.uses(s.faultCount) }

// TotalRequests returns the number of API requests, whatever the response.
// Token requests are not counted.
func (s *Server) TotalRequests() int { return int(s.totalRequests.Load()) }

// TokenRequests returns the number of requests to the token endpoint.
func (s *Server) TokenRequests() int { return int(s.tokenRequests.Load()) }

// Counts returns the number of objects of every catalogue type, zero
// included. A type listed under a parent counts its objects under every
// parent.
func (s *Server) Counts() map[string]int {
	counts := make(map[string]int, len(s.objects))
	for typ, objects := range s.objects {
		counts[typ] = len(objects)
	}
	return counts
}

func (s *Server) countObject(typ, id string) {
	s.countMu.Lock()
	defer s.countMu.Unlock()
	s.objectCounts[objectKey{typ, id}]++
}
