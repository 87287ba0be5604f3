package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/codec"
	"github.com/gcexport/gcexport/config"
)

const (
	codecListenFlag  = "codec-listen"
	codecOriginsFlag = "codec-allowed-origins"
)

// bindCodecFlags adds the flags of the codec endpoint to fs.
func bindCodecFlags(fs *pflag.FlagSet) {
	fs.String(codecListenFlag, "", "host:port to serve the payload codec endpoint on, for the Temporal UI "+
		"to decrypt payloads, such as 127.0.0.1:8089 (default: not served); needs temporal.encryption.keyId")
	fs.StringSlice(codecOriginsFlag, codec.DefaultAllowedOrigins,
		"comma-separated origins of the Temporal UI pages that may call the codec endpoint from a browser")
}

// startCodecServer serves the codec endpoint when --codec-listen is set,
// and returns the function that stops it. Anyone who reaches the endpoint
// can decrypt payloads, so a non-loopback address is logged as a warning.
func startCodecServer(fs *pflag.FlagSet, cfg config.EncryptionConfig, logger *slog.Logger) (stop func(), err error) {
	listen, _ := fs.GetString(codecListenFlag)
	origins, _ := fs.GetStringSlice(codecOriginsFlag)
	if listen == "" {
		return func() {}, nil
	}
	if !cfg.Enabled() {
		return nil, usageError{fmt.Errorf("--%s needs payload encryption: set temporal.encryption.keyId and its key", codecListenFlag)}
	}
	c, err := app.NewCodec(cfg, nil)
	if err != nil {
		return nil, usageError{err}
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, usageError{fmt.Errorf("--%s: %w", codecListenFlag, err)}
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		logger.Warn("the codec endpoint decrypts payloads for anyone who reaches it: serve it on loopback or behind an authenticating proxy",
			"address", ln.Addr().String())
	}
	srv := &http.Server{Handler: codec.NewHTTPHandler(c, origins), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("codec endpoint stopped", "address", ln.Addr().String(), "error", err)
		}
	}()
	logger.Info("codec endpoint started", "url", "http://"+ln.Addr().String(), "keyIds", strings.Join(c.KeyIDs(), ","),
		"allowedOrigins", strings.Join(origins, ","))
	return func() { _ = srv.Close() }, nil
}
