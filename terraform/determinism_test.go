package terraform

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/gcexport/gcexport/simulator/sample"
)

func TestWriteShuffledSourceSameBytes(t *testing.T) {
	resources := sample.Generate(sample.Config{Seed: 7, Scale: 2}).Resources
	for _, format := range []Format{FormatJSON, FormatHCL} {
		base := fixtureSource(t, resources)
		want, wantRep := write(t, base, Options{Format: format})
		for seed := uint64(1); seed <= 3; seed++ {
			shuffled := fixtureSource(t, resources)
			shuffled.shuffle = rand.New(rand.NewPCG(seed, seed))
			got, gotRep := write(t, shuffled, Options{Format: format})
			if len(got) != len(want) {
				t.Fatalf("%s seed %d: %d files, want %d", format, seed, len(got), len(want))
			}
			for name, data := range want {
				if !bytes.Equal(got[name], data) {
					t.Errorf("%s seed %d: %s differs", format, seed, name)
				}
			}
			a, _ := json.Marshal(wantRep)
			b, _ := json.Marshal(gotRep)
			if !bytes.Equal(a, b) {
				t.Errorf("%s seed %d: reports differ", format, seed)
			}
		}
	}
}
