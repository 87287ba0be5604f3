package activities

import (
	"runtime/debug"
	"sync"
)

// writerGCPercent is the garbage collector's target (GOGC) while the
// Terraform writer runs. The writer keeps the largest live heap of an
// export, its index of every object, and makes garbage at a high rate while
// it renders. At the default of 100 the heap grows to twice the live heap
// between collections, and at 50 to one and a half times, which kept a
// million-object export's worker under 256 MB of RSS in the benchmark
// (BENCHMARKS.md). The target is the process's, so other exports on the
// same worker collect more often meanwhile too.
const writerGCPercent = 50

// gcTarget counts the Terraform writers running in this process and keeps
// the target to restore when the last one ends.
var gcTarget struct {
	mu      sync.Mutex
	writers int
	saved   int
}

// tightenGC lowers the garbage collector's target to writerGCPercent while
// a Terraform writer runs, and returns the function that restores it. A
// target already at or below it, or off (GOGC=off, where GOMEMLIMIT alone
// paces the collector), is left as it is.
func tightenGC() (restore func()) {
	gcTarget.mu.Lock()
	defer gcTarget.mu.Unlock()
	if gcTarget.writers == 0 {
		gcTarget.saved = debug.SetGCPercent(writerGCPercent)
		if gcTarget.saved <= writerGCPercent {
			debug.SetGCPercent(gcTarget.saved)
		}
	}
	gcTarget.writers++
	return sync.OnceFunc(func() {
		gcTarget.mu.Lock()
		defer gcTarget.mu.Unlock()
		gcTarget.writers--
		if gcTarget.writers == 0 {
			debug.SetGCPercent(gcTarget.saved)
		}
	})
}
