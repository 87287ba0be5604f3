// Command server runs the embedded Temporal server of package devserver on
// its own, without a worker or an export, so that the crash test can kill it
// with SIGKILL and start it again on the same SQLite file.
//
//	server --state-dir /tmp/state --frontend 127.0.0.1:7233
//
// It prints one line, "ready <frontend address>", on standard output once
// the frontend serves the namespace, and logs to standard error. SIGINT or
// SIGTERM stops it cleanly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	enums "go.temporal.io/api/enums/v1"

	"github.com/gcexport/gcexport/devserver"
	"github.com/gcexport/gcexport/export"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	stateDir := flags.String("state-dir", "",
		"folder of the SQLite database file; required, because a server that forgets its state cannot be restarted")
	frontend := flags.String("frontend", devserver.DefaultFrontendAddr,
		"host:port of the gRPC frontend; the host must be an IP address")
	namespace := flags.String("namespace", devserver.DefaultNamespace, "namespace to register")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	if *stateDir == "" {
		return fmt.Errorf("missing --state-dir")
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := devserver.Start(ctx, devserver.Options{
		StateDir:         *stateDir,
		FrontendAddr:     *frontend,
		UIAddr:           devserver.NoUI,
		Namespace:        *namespace,
		SearchAttributes: searchAttributes(),
		Logger:           logger,
	})
	if err != nil {
		return err
	}
	fmt.Println("ready", srv.FrontendAddr())
	<-ctx.Done()
	return srv.Stop()
}

// searchAttributes returns the custom search attributes of ExportOrg, which
// the server must know before a start or an upsert sets them.
func searchAttributes() map[string]enums.IndexedValueType {
	attributes := map[string]enums.IndexedValueType{}
	for _, key := range export.SearchAttributeKeys() {
		attributes[key.GetName()] = key.GetValueType()
	}
	return attributes
}
