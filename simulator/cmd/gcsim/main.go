// Command gcsim serves a simulated Genesys Cloud org on one base URL: the
// login host's POST /oauth/token and the Platform API's /api/v2 paths.
// Point the exporter's login and API base URLs at the address it logs.
//
//	gcsim --listen 127.0.0.1:8080 --fixture org.json --client-id id --client-secret secret
//
// Without --fixture it serves the bundled sample org.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/gcexport/gcexport/simulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gcsim:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("gcsim", flag.ContinueOnError)
	listen := flags.String("listen", "127.0.0.1:8080",
		"address to listen on, host:port; port 0 picks a free port")
	fixturePath := flags.String("fixture", "",
		"fixture file of the org to serve (JSON); empty serves the bundled sample org")
	clientID := flags.String("client-id", "",
		"the only client id the token endpoint accepts; empty accepts any")
	clientSecret := flags.String("client-secret", "",
		"the only client secret the token endpoint accepts; empty accepts any")
	verbose := flags.Bool("verbose", false, "log every request")
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "Usage: gcsim [flags]\n\n"+
			"Serves a simulated Genesys Cloud org: POST /oauth/token (client-credentials\n"+
			"grant, Basic auth) and the read-only /api/v2 configuration endpoints.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; see gcsim --help", flags.Args())
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	fixture := simulator.SampleFixture()
	if *fixturePath != "" {
		var err error
		if fixture, err = simulator.LoadFixture(*fixturePath); err != nil {
			return err
		}
	}
	server, err := simulator.New(fixture, simulator.Options{
		ClientID:     *clientID,
		ClientSecret: *clientSecret,
		Logger:       logger,
	})
	if err != nil {
		return err
	}
	if _, err := server.Start(*listen); err != nil {
		return err
	}
	logger.Info("serving org", "fixture", fixtureName(*fixturePath), "objects", total(server.Counts()))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return server.Close()
}

func fixtureName(path string) string {
	if path == "" {
		return "bundled sample"
	}
	return path
}

func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
