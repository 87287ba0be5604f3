package devserver

import (
	"net"
	"strconv"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/primitives"
)

const (
	// clusterName is the name of the single cluster. It is stored in the
	// database with every namespace, so it must not change between releases.
	clusterName = "active"
	// loopbackIP is where the internal services listen.
	loopbackIP = "127.0.0.1"
)

// serverConfig returns the static configuration of a one-node cluster that
// stores everything in sqlConfig. frontend is the frontend's bound address,
// and ports holds the gRPC port of every service, frontend included.
func serverConfig(
	sqlConfig *config.SQL,
	frontend listenAddress,
	ports map[primitives.ServiceName]int,
) *config.Config {
	const storeName = "sqlite-default"
	frontendDial := frontend.dialAddress()

	var cfg config.Config
	cfg.Persistence = config.Persistence{
		DefaultStore:    storeName,
		VisibilityStore: storeName,
		// One shard is enough for one user's workflows, and SQLite allows
		// one writer at a time anyway. The count is fixed once the database
		// exists.
		NumHistoryShards: 1,
		DataStores:       map[string]config.DataStore{storeName: {SQL: sqlConfig}},
	}
	cfg.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             frontendDial,
			},
		},
	}
	cfg.DCRedirectionPolicy.Policy = "noop"

	cfg.Services = make(map[string]config.Service, len(ports))
	for service, port := range ports {
		ip := loopbackIP
		if service == primitives.FrontendService {
			ip = frontend.ip
		}
		cfg.Services[string(service)] = config.Service{RPC: config.RPC{
			GRPCPort: port,
			// BindOnIP rather than BindOnLocalHost, because the latter reads
			// the address from the LOCALHOST_IP environment variable.
			BindOnIP: ip,
		}}
	}

	cfg.Archival.History.State = "disabled"
	cfg.Archival.Visibility.State = "disabled"
	cfg.NamespaceDefaults.Archival.History.State = "disabled"
	cfg.NamespaceDefaults.Archival.Visibility.State = "disabled"
	// The worker service (scheduler, batch operations) reaches the frontend
	// through this address.
	cfg.PublicClient.HostPort = frontendDial
	return &cfg
}

// staticHosts returns the membership of the cluster, in which each service
// is one host. This fixed membership replaces ringpop. On a restart, ringpop
// reads the previous run's hosts from the database and can spend its whole
// join timeout on them, which leaves a service out of the ring ("Not enough
// hosts to serve the request"). The Temporal CLI's development server
// switched to static hosts for the same reason.
func staticHosts(
	frontend listenAddress,
	ports map[primitives.ServiceName]int,
) map[primitives.ServiceName]static.Hosts {
	hosts := make(map[primitives.ServiceName]static.Hosts, len(ports))
	for service, port := range ports {
		addr := net.JoinHostPort(loopbackIP, strconv.Itoa(port))
		if service == primitives.FrontendService {
			addr = frontend.dialAddress()
		}
		hosts[service] = static.SingleLocalHost(addr)
	}
	return hosts
}
