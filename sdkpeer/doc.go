// Package sdkpeer runs the official Genesys Cloud JavaScript SDK,
// purecloud-platform-client-v2, against the simulator, as a second client
// besides the exporter. Its test starts the simulator on 127.0.0.1 and runs
// peer.mjs with Node.js. The script logs in through the SDK's gateway
// setting, lists every catalogue type through the SDK's API classes and
// reads objects by id. It checks each response body against the SDK's model
// declarations (index.d.ts), each type's count against the fixture, and the
// SDK's view of the simulator's 401 and 429 responses.
//
// The package has no Go code besides its tests. The SDK is pinned in
// package-lock.json and installed into node_modules by `npm ci`, which the
// test runs when node_modules is missing. docs/CONTRACT.md lists the SDK
// methods used per type.
package sdkpeer
