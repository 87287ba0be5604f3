package app

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/codec"
	"github.com/gcexport/gcexport/config"
)

// clientOptions returns the options of a Temporal client for cfg: its
// address and namespace, TLS, the API key, and the payload codec when
// encryption is on.
func clientOptions(cfg config.TemporalConfig, logger *slog.Logger) (client.Options, error) {
	opts := client.Options{
		HostPort:  cfg.Address,
		Namespace: cfg.Namespace,
		Logger:    newTemporalLogger(logger),
	}
	if cfg.UsesTLS() {
		tlsConfig, err := NewTLSConfig(cfg)
		if err != nil {
			return client.Options{}, err
		}
		opts.ConnectionOptions.TLS = tlsConfig
	}
	if cfg.APIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.APIKey)
	}
	if cfg.Encryption.Enabled() {
		c, err := NewCodec(cfg.Encryption, nil)
		if err != nil {
			return client.Options{}, err
		}
		opts.DataConverter = converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
		// Failure messages and stack traces name objects and ids, so they
		// go into the encrypted payload too.
		opts.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
			DataConverter:          opts.DataConverter,
			EncodeCommonAttributes: true,
		})
	}
	return opts, nil
}

// NewTLSConfig returns the TLS configuration of the connection to the
// Temporal frontend: the configured certificate authorities or the
// system's, the client certificate for mutual TLS, and the server name.
func NewTLSConfig(cfg config.TemporalConfig) (*tls.Config, error) {
	t := cfg.TLS
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.ServerName}
	if tlsConfig.ServerName == "" {
		if host, _, err := net.SplitHostPort(cfg.Address); err == nil {
			tlsConfig.ServerName = host
		}
	}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("temporal.tls.caFile: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("temporal.tls.caFile: %s contains no PEM certificate", t.CAFile)
		}
		tlsConfig.RootCAs = pool
	}
	if t.CertFile != "" || t.KeyFile != "" {
		pair, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("temporal.tls.certFile and temporal.tls.keyFile: %w", err)
		}
		tlsConfig.Certificates = []tls.Certificate{pair}
	}
	return tlsConfig, nil
}

// NewCodec returns the payload codec of cfg: the current key and every
// read-only key. lookupEnv reads the variables that read-only keys name;
// nil means os.LookupEnv.
func NewCodec(cfg config.EncryptionConfig, lookupEnv func(string) (string, bool)) (*codec.Codec, error) {
	var current []byte
	var err error
	if cfg.KeyFile != "" {
		current, err = codec.ReadKeyFile(cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("temporal.encryption.keyFile: %w", err)
		}
	} else {
		current, err = codec.ParseKey(cfg.Key)
		if err != nil {
			return nil, fmt.Errorf("temporal.encryption.key: %w", err)
		}
	}
	keys := map[string][]byte{cfg.KeyID: current}
	sources, err := codec.ParseKeySources(cfg.ReadOnlyKeys)
	if err != nil {
		return nil, fmt.Errorf("temporal.encryption.readOnlyKeys: %w", err)
	}
	for _, s := range sources {
		if _, dup := keys[s.ID]; dup {
			return nil, fmt.Errorf("temporal.encryption.readOnlyKeys: key id %q is the current key's id", s.ID)
		}
		if keys[s.ID], err = s.Load(lookupEnv); err != nil {
			return nil, fmt.Errorf("temporal.encryption.readOnlyKeys: key %q: %w", s.ID, err)
		}
	}
	c, err := codec.New(cfg.KeyID, keys)
	if err != nil {
		return nil, fmt.Errorf("temporal.encryption: %w", err)
	}
	return c, nil
}

// dataConverters maps each client that Dial returns to its data converter,
// which the client itself does not expose, so that payloads read from
// history decode as the client encoded them.
var dataConverters sync.Map // client.Client to converter.DataConverter

// dataConverterOf returns the data converter of a client from Dial, or the
// SDK's default for any other client.
func dataConverterOf(c client.Client) converter.DataConverter {
	if dc, ok := dataConverters.Load(c); ok {
		return dc.(converter.DataConverter)
	}
	return converter.GetDefaultDataConverter()
}

// dialHint returns a suggestion for a failed connection whose cause is
// likely a TLS setting, or "" for any other failure.
func dialHint(cfg config.TemporalConfig, err error) string {
	text := err.Error()
	switch {
	case !cfg.UsesTLS() && (strings.Contains(text, "server preface") || strings.Contains(text, "connection reset")):
		return "; if the server requires TLS, set temporal.tls.enabled or temporal.tls.caFile"
	case strings.Contains(text, "x509:") && cfg.TLS.CAFile == "":
		return "; set temporal.tls.caFile to the certificate authority that signs the server's certificate"
	case strings.Contains(text, "x509:"):
		return "; check that temporal.tls.caFile signs the server's certificate and that temporal.tls.serverName matches it"
	case strings.Contains(text, "certificate required") || strings.Contains(text, "bad certificate") ||
		(cfg.TLS.CertFile == "" && strings.Contains(text, "handshake failure")):
		return "; if the server requires a client certificate, set temporal.tls.certFile and temporal.tls.keyFile"
	case strings.Contains(text, "Unauthenticated") || strings.Contains(text, "PermissionDenied"):
		return "; check temporal.apiKey and the namespace"
	}
	return ""
}
