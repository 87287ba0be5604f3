// Package prodtest runs gcexport the way a production install runs it,
// without Docker: a PostgreSQL cluster from Debian's postgresql package in
// a temporary folder on a free loopback port, the Temporal databases set
// up with the Temporal server's SQL tool, a Temporal server process built
// from go.temporal.io/server/cmd/server with a configuration like
// docker-compose.yml's, and the worker and the starter as separate
// processes. A generated org is served by the simulator inside the test
// process, and the export must end complete.
//
// Without PostgreSQL the test fails and names the Debian package to
// install:
//
//	apt-get install -y postgresql
//	go test ./prodtest
//
// As root, the test runs initdb and pg_ctl as the postgres user (runuser).
// The package has no code outside its tests.
package prodtest
