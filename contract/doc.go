// Package contract checks the simulator's responses and the exporter's
// requests against the public description of the Genesys Cloud Platform
// API. Its tests record whole exports through a Recorder in front of the
// simulator and validate every exchange against testdata/openapi.json, a
// Swagger 2.0 subset with the operations that the catalogue uses.
// docs/CONTRACT.md lists what is checked per catalogue type.
package contract
