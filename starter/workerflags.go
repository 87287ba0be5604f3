package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// workerFlags are the flags of settings that only a worker acts on: the
// starter passes them to the worker it runs with --dev, and a starter that
// only starts exports on a cluster rejects them, because the cluster's
// workers have their own configuration.
var workerFlags = []string{"upload", "archive", "metrics-listen"}

// checkWorkerFlags rejects worker flags given to a starter without --dev.
// The same settings from the environment or a YAML file are ignored, so a
// file shared by workers and starters still works.
func checkWorkerFlags(fs *pflag.FlagSet) error {
	var given []string
	for _, name := range workerFlags {
		if f := fs.Lookup(name); f != nil && f.Changed {
			given = append(given, "--"+name)
		}
	}
	if len(given) == 0 {
		return nil
	}
	return fmt.Errorf("%s apply to the workers that write the backup: set them on each worker "+
		"(go run ./worker %s ...), or add --dev to run the worker in this process", strings.Join(given, ", "), given[0])
}
