package main

import (
	"math"
	"testing"
)

func TestParseMemoryLimit(t *testing.T) {
	valid := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"1048576", 1 << 20},
		{"512B", 512},
		{"64KiB", 64 << 10},
		{"200MiB", 200 << 20},
		{"2GiB", 2 << 30},
		{"1TiB", 1 << 40},
		{"+5MiB", 5 << 20},
		{"off", math.MaxInt64},
		{"9223372036854775807", math.MaxInt64},
		{"8388607TiB", 8388607 << 40},
	}
	for _, c := range valid {
		got, err := parseMemoryLimit(c.in)
		if err != nil {
			t.Errorf("parseMemoryLimit(%q) failed: %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("parseMemoryLimit(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	invalid := []string{
		"", "B", "KiB", "MiB", "-1", "-1MiB", "200M", "200MB", "200mib", "200 MiB", " 200MiB",
		"1.5GiB", "200KB", "200iB", "Off", "8388608TiB", "9223372036854775808",
	}
	for _, in := range invalid {
		if got, err := parseMemoryLimit(in); err == nil {
			t.Errorf("parseMemoryLimit(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseOptionsWorkerMemoryLimit(t *testing.T) {
	o, err := parseOptions([]string{"--worker-memory-limit", "200MiB"})
	if err != nil {
		t.Fatalf("parseOptions failed: %v", err)
	}
	if o.workerMemoryLimit != "200MiB" {
		t.Errorf("workerMemoryLimit = %q, want 200MiB", o.workerMemoryLimit)
	}
	if _, err := parseOptions([]string{"--worker-memory-limit", "200MB"}); err == nil {
		t.Error("parseOptions accepted --worker-memory-limit 200MB")
	}
	if _, err := parseOptions([]string{"worker"}); err == nil {
		t.Error("parseOptions accepted the positional argument worker")
	}
}
