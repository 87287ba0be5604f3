package simulator

import (
	_ "embed"
	"fmt"
)

// sampleJSON is the bundled sample org. The generator in the sample folder
// writes it: run `go test ./simulator/sample -update` to regenerate it.
//
//go:embed sample/org.json
var sampleJSON []byte

// SampleFixture returns a fresh copy of the bundled sample org. It panics
// only if the embedded file is broken, which the package's tests rule out.
func SampleFixture() *Fixture {
	f, err := ParseFixture(sampleJSON)
	if err != nil {
		panic(fmt.Sprintf("simulator: the embedded sample fixture is invalid: %v", err))
	}
	return f
}
