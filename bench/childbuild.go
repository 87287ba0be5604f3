package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// childPackage is the package of the child processes' binary, which links
// neither the Temporal server nor the simulator.
const childPackage = "github.com/gcexport/gcexport/bench/benchchild"

// buildChild builds childPackage into dir with the go command on PATH and
// returns the binary's path. The build inherits this process's
// environment, so GOTOOLCHAIN, GOFLAGS and the like apply to it as they
// did to `go run ./bench`, and it resolves childPackage from the module
// of the working folder.
//
// NOTE: build flags given to `go run` itself, such as -race or -tags, do
// not reach this build, so the children run without them.
func buildChild(dir string) (string, error) {
	goCommand, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("build the child binary: the go command is not on PATH: %w", err)
	}
	binary := filepath.Join(dir, "gcexport-bench-child")
	fmt.Println("building the worker child binary:", childPackage)
	cmd := exec.Command(goCommand, "build", "-o", binary, childPackage)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the child binary with `go build -o %s %s` failed (%w); "+
			"run the benchmark from inside the gcexport module, and see the go command's output above",
			binary, childPackage, err)
	}
	return binary, nil
}
