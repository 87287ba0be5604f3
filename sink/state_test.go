package sink

import (
	"sync"
	"testing"
)

func TestStateRoundTrip(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Total int }
	if ok, err := d.ReadState("export-1", "listing routing_queue/", &got); ok || err != nil {
		t.Fatalf("ReadState before any write = %v, %v; want false, nil", ok, err)
	}
	if err := d.WriteState("export-1", "listing routing_queue/", struct{ Total int }{42}); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.ReadState("export-1", "listing routing_queue/", &got); !ok || err != nil || got.Total != 42 {
		t.Errorf("ReadState = %v, %v, %+v; want the stored total 42", ok, err, got)
	}
	if ok, _ := d.ReadState("export-2", "listing routing_queue/", &got); ok {
		t.Error("another export reads the state of export-1")
	}
}

func TestClaimFirstOwnerWins(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const claimants = 16
	holders := make([]string, claimants)
	errs := make([]error, claimants)
	var wg sync.WaitGroup
	for i := range claimants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			holders[i], errs[i] = d.Claim("export-1", "routing_queue", "q1", string(rune('a'+i)))
		}()
	}
	wg.Wait()
	winners := 0
	for i, h := range holders {
		if errs[i] != nil {
			t.Errorf("claimant %d: %v", i, errs[i])
		}
		if h == string(rune('a'+i)) {
			winners++
		}
	}
	if winners != 1 {
		t.Errorf("%d claimants hold the key, want exactly 1 (holders %q)", winners, holders)
	}
	again, err := d.Claim("export-1", "routing_queue", "q1", "z")
	if err != nil || again == "z" || again == "" {
		t.Errorf("a later claim = %q, %v; want the first holder", again, err)
	}
}

func TestPublishRemovesState(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Claim("export-1", "routing_queue", "q1", "page 1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Publish("export-1", "run-1"); err != nil {
		t.Fatal(err)
	}
	var v any
	if ok, _ := d.ReadState("export-1", "anything", &v); ok {
		t.Error("state survives Publish")
	}
	if holder, _ := d.Claim("export-1", "routing_queue", "q1", "page 2"); holder != "page 2" {
		t.Errorf("claim after Publish held by %q, want a fresh claim", holder)
	}
}
