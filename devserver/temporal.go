package devserver

import (
	"fmt"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
)

// reserveServicePorts picks the gRPC ports of all four services. Only the
// frontend's port is chosen by the caller; the others are internal.
func reserveServicePorts(
	ports *portReservation,
	frontendPort int,
) (map[primitives.ServiceName]int, error) {
	result := map[primitives.ServiceName]int{primitives.FrontendService: frontendPort}
	for _, service := range []primitives.ServiceName{
		primitives.HistoryService,
		primitives.MatchingService,
		primitives.WorkerService,
	} {
		port, err := ports.reserveLoopbackPort()
		if err != nil {
			return nil, err
		}
		result[service] = port
	}
	return result, nil
}

func newTemporalServer(
	cfg *config.Config,
	hosts map[primitives.ServiceName]static.Hosts,
	serverLog serverLogger,
) (temporal.Server, error) {
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("devserver: cannot create the Temporal authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, serverLog)
	if err != nil {
		return nil, fmt.Errorf("devserver: cannot create the Temporal claim mapper: %w", err)
	}
	srv, err := newServerRecoveringFatal(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(serverLog),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper {
			return claimMapper
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("devserver: cannot create the Temporal server: %w", err)
	}
	return srv, nil
}

func newServerRecoveringFatal(opts ...temporal.ServerOption) (srv temporal.Server, err error) {
	defer recoverFatal(&err)
	return temporal.NewServer(opts...)
}

// startTemporalServer starts srv and turns a fatal error that the server
// logs while its services start into an error.
//
// NOTE: after such a fatal error Start does not stop the services that had
// started already; what Stop does on a half-started server is untested.
func startTemporalServer(srv temporal.Server) (err error) {
	defer recoverFatal(&err)
	return srv.Start()
}

// recoverFatal stores a recovered fatalError in *err and re-panics any other
// panic value.
func recoverFatal(err *error) {
	r := recover()
	if r == nil {
		return
	}
	fatal, ok := r.(fatalError)
	if !ok {
		panic(r)
	}
	*err = fatal
}
