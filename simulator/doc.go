// Package simulator serves a local imitation of the Genesys Cloud Platform
// API v2 for the exporter's tests, the embedded default and the benchmark.
//
// One handler serves both hosts a client needs: the login host's token
// endpoint (POST /oauth/token, client-credentials grant) and the read-only
// configuration endpoints under /api/v2 for the types of the export
// catalogue. Paths, query parameters, paging envelopes, error bodies and the
// 429 response follow the public API description. The exporter's real HTTP
// client therefore talks to a Server exactly as it talks to an org, and only
// the base URLs differ.
//
// An org is described by a Fixture: the org's identity, objects per
// catalogue type in the shape that the API's get-by-id returns, and faults
// to inject (409s, 403s, 5xx, 429s and a per-token rate limit).
// SampleFixture returns the bundled sample org.
package simulator
