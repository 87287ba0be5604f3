package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// peakRSSKiB returns this process's peak resident set size in KiB, the
// VmHWM line of /proc/self/status, or 0 when it cannot be read. getrusage
// of a child is no substitute: on Linux its ru_maxrss can hold the
// parent's RSS at the fork that started the child.
func peakRSSKiB() int64 { return statusKiB("VmHWM:") }

// rssKiB returns this process's current resident set size in KiB, the
// VmRSS line of /proc/self/status, or 0 when it cannot be read.
func rssKiB() int64 { return statusKiB("VmRSS:") }

// statusKiB returns the value in KiB of the /proc/self/status line that
// starts with field, or 0 when it cannot be read.
func statusKiB(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if value, ok := strings.CutPrefix(scanner.Text(), field); ok {
			var kib int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(value), " kB"), &kib); err == nil {
				return kib
			}
		}
	}
	return 0
}
