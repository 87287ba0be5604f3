package sample

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/gcexport/gcexport/simulator"
)

var update = flag.Bool("update", false, "rewrite org.json from the generator")

const sampleFile = "org.json"

func encode(t *testing.T, f *simulator.Fixture) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatalf("encode the sample: %v", err)
	}
	return buf.Bytes()
}

// TestSampleFileUpToDate regenerates org.json with -update and otherwise
// fails while the file differs from what the generator builds.
func TestSampleFileUpToDate(t *testing.T) {
	want := encode(t, Generate(SampleConfig))
	if *update {
		if err := os.WriteFile(sampleFile, want, 0o644); err != nil {
			t.Fatalf("write %s: %v", sampleFile, err)
		}
		return
	}
	got, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatalf("read %s: %v", sampleFile, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run go test ./simulator/sample -update", sampleFile)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	first := encode(t, Generate(SampleConfig))
	second := encode(t, Generate(SampleConfig))
	if !bytes.Equal(first, second) {
		t.Fatal("two runs with the same config gave different orgs")
	}
	other := encode(t, Generate(Config{Seed: SampleConfig.Seed + 1, Scale: 1}))
	if bytes.Equal(first, other) {
		t.Fatal("a different seed gave the same org")
	}
}

func TestGenerateScaled(t *testing.T) {
	cases := []struct {
		scale int
		users int
	}{
		{scale: 0, users: usersPerScale},
		{scale: 1, users: usersPerScale},
		{scale: 3, users: 3 * usersPerScale},
	}
	for _, tc := range cases {
		f := Generate(Config{Seed: 7, Scale: tc.scale})
		data := encode(t, f)
		if _, err := simulator.ParseFixture(data); err != nil {
			t.Errorf("scale %d: generated fixture is invalid: %v", tc.scale, err)
		}
		if got := len(f.Resources[typeUser]); got != tc.users {
			t.Errorf("scale %d: %d users, want %d", tc.scale, got, tc.users)
		}
	}
}
