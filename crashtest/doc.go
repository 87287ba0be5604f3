// Package crashtest proves that an export survives processes killed with
// SIGKILL. Its test builds the real worker binary and a server-only binary
// (cmd/server, the embedded Temporal server of package devserver with its
// SQLite file), and serves a generated org from the simulator inside the
// test process on 127.0.0.1.
//
// The test exports the org once undisturbed. It then exports it again
// under a new workflow id into a new folder. Meanwhile it kills the worker
// process at seeded random points and restarts it each time, and it kills
// the server process and restarts it on the same SQLite file. The second export
// must end complete, with raw/, flows/ and terraform/ byte-identical to the
// first and the manifest and report equal apart from run ids, times and
// request counts. The simulator's request log must show that no page
// whose activity had completed before a kill was fetched again.
//
// The test logs its seed, and -crash.seed replays a schedule of kills:
//
//	go test ./crashtest -run TestExportSurvivesKills -crash.seed=42
//
// The same seed gives the same kinds of kill at the same delays. Where they
// land in the export still depends on the machine's timing.
//
// The package has no code outside its tests.
package crashtest
