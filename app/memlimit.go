package app

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
)

// containerMemoryShare is the part of a container's memory limit that a
// worker gives the Go runtime as its soft limit. The rest is room for the
// memory the runtime does not count and for the garbage collector to
// catch up before the container's hard limit kills the process.
const containerMemoryShare = 0.8

// cgroupMemoryFiles are the files that hold the memory limit of the
// process's cgroup inside a container, cgroup v2 first.
// NOTE: these are the files at the root of the cgroup mount, which is the
// container's own cgroup when it has a private cgroup namespace (the
// default of Docker and Kubernetes on cgroup v2). With the host's cgroup
// namespace or a nested cgroup the limit is not found. A limit at or above
// noMemoryLimit means none: cgroup v1 writes the largest page-aligned int64.
var cgroupMemoryFiles = []string{
	"sys/fs/cgroup/memory.max",
	"sys/fs/cgroup/memory/memory.limit_in_bytes",
}

const noMemoryLimit = 1 << 60

// SetContainerMemoryLimit gives the Go runtime a soft memory limit of 80%
// of the container's memory limit, so that the garbage collector works
// harder before the container's limit is reached instead of after. It does
// nothing when GOMEMLIMIT is set, since the runtime already applies it, or
// when the process has no cgroup memory limit. It returns the limit it set,
// or 0.
func SetContainerMemoryLimit(logger *slog.Logger) int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit, file, err := containerMemoryLimit(os.DirFS("/"))
	if err != nil {
		logger.Warn("cannot read the container's memory limit; the Go runtime has no soft memory limit",
			"file", "/"+file, "error", err)
		return 0
	}
	if limit == 0 {
		logger.Debug("no container memory limit found; the Go runtime has no soft memory limit")
		return 0
	}
	soft := int64(float64(limit) * containerMemoryShare)
	debug.SetMemoryLimit(soft)
	logger.Info("soft memory limit set from the container's memory limit; set GOMEMLIMIT to choose another",
		"containerLimitBytes", limit, "softLimitBytes", soft, "file", "/"+file)
	return soft
}

// containerMemoryLimit returns the memory limit of the cgroup files in
// root and the file it read, or 0 when no file gives a limit.
func containerMemoryLimit(root fs.FS) (int64, string, error) {
	for _, file := range cgroupMemoryFiles {
		data, err := fs.ReadFile(root, file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, file, err
		}
		value := strings.TrimSpace(string(data))
		if value == "max" {
			return 0, file, nil
		}
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n <= 0 {
			return 0, file, fmt.Errorf("invalid memory limit %q in %s: expected a number of bytes or max", value, filepath.Base(file))
		}
		if n >= noMemoryLimit {
			return 0, file, nil
		}
		return n, file, nil
	}
	return 0, "", nil
}
