package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gcexport/gcexport/simulator"
)

// TestUnknownDivisionFailsAtOnce filters by a division id that the org does
// not have, next to one it has: the export fails before listing anything,
// naming the unknown id.
func TestUnknownDivisionFailsAtOnce(t *testing.T) {
	f := simulator.SampleFixture()
	known := f.Resources["auth_division"][0]["id"].(string)
	const unknown = "00000000-dead-4000-8000-000000000000"
	h := newHarness(t, f)
	_, err := h.run("e2e-unknown-division", json.RawMessage(`{"divisions":["`+known+`","`+unknown+`"]}`))
	if err == nil {
		t.Fatal("the export with an unknown division id succeeded")
	}
	if !strings.Contains(err.Error(), unknown) || strings.Contains(err.Error(), known) {
		t.Errorf("error %q should name %s and only it", err, unknown)
	}
	if n := len(typeFiles(t, h.output, "routing_queue")); n != 0 {
		t.Errorf("%d queues were exported before the request was rejected", n)
	}
}
