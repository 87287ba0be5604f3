//go:build !unix

package devserver

import "os"

// TODO: lock the state folder on Windows too (LockFileEx); until then two
// servers can open one database there.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) error { return nil }
