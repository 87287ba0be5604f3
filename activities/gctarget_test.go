package activities

import (
	"runtime/debug"
	"testing"
)

func TestTightenGC(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, while int
	}{
		{name: "default lowered", before: 100, while: writerGCPercent},
		{name: "lower kept", before: 20, while: 20},
		{name: "off kept", before: -1, while: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			original := debug.SetGCPercent(tc.before)
			defer debug.SetGCPercent(original)

			restoreFirst := tightenGC()
			restoreSecond := tightenGC()
			if got := debug.SetGCPercent(tc.while); got != tc.while {
				t.Errorf("GOGC while two writers run = %d, want %d", got, tc.while)
			}
			restoreFirst()
			if got := debug.SetGCPercent(tc.while); got != tc.while {
				t.Errorf("GOGC while one writer runs = %d, want %d", got, tc.while)
			}
			restoreSecond()
			if got := debug.SetGCPercent(tc.before); got != tc.before {
				t.Errorf("GOGC after the writers = %d, want %d", got, tc.before)
			}
		})
	}
}
