package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseMemoryLimit parses a GOMEMLIMIT value as the Go runtime does
// (parseByteCount in runtime/string.go, Go 1.27): "off", or a decimal
// byte count with an optional B, KiB, MiB, GiB or TiB suffix. It returns
// the limit in bytes, math.MaxInt64 for "off". A value that the runtime
// rejects would make every worker child crash at its start.
func parseMemoryLimit(s string) (int64, error) {
	if s == "off" {
		return math.MaxInt64, nil
	}
	number, multiplier := s, int64(1)
	for _, unit := range []struct {
		suffix string
		bytes  int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, unit.suffix); ok {
			number, multiplier = n, unit.bytes
			break
		}
	}
	invalid := fmt.Errorf("invalid memory limit %q: expected a number of bytes with an optional "+
		"B, KiB, MiB, GiB or TiB suffix, such as 200MiB, or off", s)
	// The runtime parses the number with strconv.ParseInt, so a sign is
	// accepted, but a negative count is not.
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil || n < 0 {
		return 0, invalid
	}
	if n > math.MaxInt64/multiplier {
		return 0, fmt.Errorf("memory limit %q is over the maximum of %d bytes", s, int64(math.MaxInt64))
	}
	return n * multiplier, nil
}
