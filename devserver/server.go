// Package devserver runs a Temporal server inside the gcexport process for
// the one-command default: the frontend, history, matching and worker
// services of a one-node cluster, SQLite persistence in a state folder and
// the Temporal Web UI. Stopping the process and starting it again on the same
// state folder resumes the workflows that were running.
//
// Production deployments use a standalone Temporal server instead (see
// docker-compose.yml at the repository root).
package devserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/temporal"
)

const (
	// DefaultFrontendAddr is the frontend's address when Options.FrontendAddr
	// is empty. It is the port Temporal's own tools connect to by default.
	DefaultFrontendAddr = "127.0.0.1:7233"
	// DefaultUIAddr is the UI's address when Options.UIAddr is empty, the
	// port the Temporal CLI's development server uses.
	DefaultUIAddr = "127.0.0.1:8233"
	// NoUI as Options.UIAddr turns the UI off.
	NoUI = "-"
	// DefaultNamespace is the namespace when Options.Namespace is empty.
	DefaultNamespace = "default"
)

// Options configures Start.
type Options struct {
	// StateDir is the folder for the SQLite database file. Start creates it
	// with mode 0700 when it is missing. Empty means an in-memory database,
	// so nothing survives Stop.
	StateDir string
	// FrontendAddr is the host:port of the gRPC frontend that clients and
	// workers connect to. The host must be an IP address or "localhost".
	// Empty means DefaultFrontendAddr, and port 0 picks a free port.
	FrontendAddr string
	// UIAddr is the host:port of the Temporal Web UI. Empty means
	// DefaultUIAddr, NoUI turns the UI off, and port 0 picks a free port.
	UIAddr string
	// Namespace is registered at start unless it exists. Empty means
	// DefaultNamespace.
	Namespace string
	// SearchAttributes are custom search attributes that Start registers in
	// Namespace unless they exist. Nil means none.
	SearchAttributes map[string]enums.IndexedValueType
	// Logger receives the server's warnings and errors, and one line each
	// when the server has started and stopped. Nil discards them.
	Logger *slog.Logger
}

// Server is a running Temporal server. Its methods are safe for concurrent
// use.
type Server struct {
	temporal     temporal.Server
	ui           *uiserver.Server
	state        *stateFolder
	frontendAddr string
	uiURL        string
	namespace    string
	logger       *slog.Logger
	serverLog    serverLogger

	stopOnce sync.Once
	stopErr  error
}

// Start starts a Temporal server and returns when its frontend accepts
// connections, the namespace and search attributes exist and the UI, unless
// turned off, passes its health check. When it adds search attributes to a
// namespace that exists already, it also waits for the frontend's namespace
// cache to pick them up, up to system.namespaceCacheRefreshInterval (2 s by
// default). ctx bounds the waiting, but not the start of the services
// themselves. Without a deadline the waiting ends after a minute.
//
// Start fails with an error that names the address when a port is in use,
// and names the folder when StateDir cannot be used or another server uses
// it.
func Start(ctx context.Context, opts Options) (_ *Server, err error) {
	begin := time.Now()
	opts = opts.withDefaults()

	frontend, err := parseListenAddress("frontend address", opts.FrontendAddr)
	if err != nil {
		return nil, err
	}
	var uiAddr *listenAddress
	if opts.UIAddr != NoUI {
		addr, err := parseListenAddress("UI address", opts.UIAddr)
		if err != nil {
			return nil, err
		}
		uiAddr = &addr
	}
	if err := validateSearchAttributes(opts.SearchAttributes); err != nil {
		return nil, err
	}

	s := &Server{
		namespace: opts.Namespace,
		logger:    opts.Logger,
		serverLog: newServerLogger(opts.Logger),
	}
	defer func() {
		if err != nil {
			if stopErr := s.Stop(); stopErr != nil {
				err = errors.Join(err, stopErr)
			}
		}
	}()

	sqlConfig, err := s.openDatabase(opts.StateDir)
	if err != nil {
		return nil, err
	}
	if err := createNamespace(sqlConfig, clusterName, opts.Namespace,
		opts.SearchAttributes); err != nil {
		return nil, err
	}

	// The UI's port stays reserved until the UI server starts, and the
	// others until the Temporal server starts, because both servers open
	// their own listeners.
	var ports, uiPorts portReservation
	defer ports.release()
	defer uiPorts.release()
	if err := ports.reserve("frontend address", &frontend); err != nil {
		return nil, err
	}
	if uiAddr != nil {
		if err := uiPorts.reserve("UI address", uiAddr); err != nil {
			return nil, err
		}
	}
	services, err := reserveServicePorts(&ports, frontend.port)
	if err != nil {
		return nil, err
	}
	s.frontendAddr = frontend.dialAddress()

	ports.release()
	srv, err := newTemporalServer(serverConfig(sqlConfig, frontend, services),
		staticHosts(frontend, services), s.serverLog)
	if err != nil {
		return nil, err
	}
	if err := startTemporalServer(srv); err != nil {
		return nil, fmt.Errorf("devserver: cannot start the Temporal server "+
			"(frontend %s, database %s): %w", frontend, sqlConfig.DatabaseName, err)
	}
	s.temporal = srv

	ctx, cancel := withDefaultTimeout(ctx, readinessTimeout)
	defer cancel()
	if err := s.waitAndRegister(ctx, opts.SearchAttributes); err != nil {
		return nil, err
	}

	if uiAddr != nil {
		ui, err := newUIServer(*uiAddr, s.frontendAddr, opts.Namespace)
		if err != nil {
			return nil, err
		}
		s.ui = ui
		s.uiURL = (&url.URL{Scheme: "http", Host: uiAddr.dialAddress()}).String()
		uiPorts.release()
		if err := runUIServer(ctx, ui, s.uiURL); err != nil {
			return nil, err
		}
	}

	s.logger.Info("temporal server started",
		"frontendAddress", s.frontendAddr,
		"uiUrl", s.uiURL,
		"namespace", s.namespace,
		"stateDir", opts.StateDir,
		"startDuration", time.Since(begin).Round(time.Millisecond))
	return s, nil
}

func (o Options) withDefaults() Options {
	if o.FrontendAddr == "" {
		o.FrontendAddr = DefaultFrontendAddr
	}
	if o.UIAddr == "" {
		o.UIAddr = DefaultUIAddr
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Logger == nil {
		o.Logger = discardLogger()
	}
	return o
}

// openDatabase locks the state folder and returns the settings of its
// database, or of an in-memory database when stateDir is empty.
func (s *Server) openDatabase(stateDir string) (*config.SQL, error) {
	if stateDir == "" {
		return memoryDatabaseConfig(), nil
	}
	state, err := openStateFolder(stateDir)
	if err != nil {
		return nil, err
	}
	s.state = state
	return fileDatabaseConfig(state.databasePath())
}

// FrontendAddr returns the host:port that clients dial to reach the
// frontend. It contains the port actually bound, also when
// Options.FrontendAddr asked for port 0.
func (s *Server) FrontendAddr() string {
	return s.frontendAddr
}

// UIURL returns the Temporal UI's base URL, such as "http://127.0.0.1:8233",
// or "" when the UI is turned off.
func (s *Server) UIURL() string {
	return s.uiURL
}

// Namespace returns the namespace that Start registered.
func (s *Server) Namespace() string {
	return s.namespace
}

// Stop stops the UI and the Temporal services and unlocks the state folder.
// It takes about a second, because the frontend gives requests in flight at
// least a second to finish (server v1.32). Later calls return the first
// call's result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.stopErr = s.stop()
	})
	return s.stopErr
}

func (s *Server) stop() error {
	s.serverLog.stopping.Store(true)
	var errs []error
	if s.ui != nil {
		s.ui.Stop()
	}
	if s.temporal != nil {
		if err := s.temporal.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("devserver: cannot stop the Temporal server: %w", err))
		}
	}
	if s.state != nil {
		if err := s.state.close(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 && s.temporal != nil {
		s.logger.Info("temporal server stopped", "frontendAddress", s.frontendAddr)
	}
	return errors.Join(errs...)
}
