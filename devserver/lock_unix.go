//go:build unix

package devserver

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f without waiting. The kernel drops
// the lock when the process exits, so a crash leaves no stale lock.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
