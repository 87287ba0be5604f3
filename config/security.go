package config

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/gcexport/gcexport/codec"
)

// TLSConfig secures the connection to the Temporal frontend.
type TLSConfig struct {
	// Enabled turns TLS on with the system's certificate authorities. A CA
	// file, a client certificate or an API key turns it on too.
	Enabled    bool
	CAFile     string // PEM certificate authorities that the server's certificate must chain to
	CertFile   string // PEM client certificate for mutual TLS
	KeyFile    string // PEM private key of CertFile
	ServerName string // name the server's certificate must hold; default the host of the address
}

// EncryptionConfig turns on the encryption of Temporal payloads. KeyID is
// empty when encryption is off.
type EncryptionConfig struct {
	KeyID   string // id of the key that encrypts, stored in every payload's metadata
	KeyFile string // file with the current key
	Key     string // the current key itself, in place of KeyFile
	// ReadOnlyKeys lists earlier keys that only decrypt, as comma-separated
	// "id=FILE" or "id=env:NAME" entries (see codec.ParseKeySources).
	ReadOnlyKeys string
}

// UsesTLS reports whether the connection to Temporal uses TLS.
func (c TemporalConfig) UsesTLS() bool {
	return c.TLS.Enabled || c.TLS.CAFile != "" || c.TLS.CertFile != "" || c.APIKey != ""
}

// Enabled reports whether payloads are encrypted.
func (c EncryptionConfig) Enabled() bool { return c.KeyID != "" }

// loadSecurity reads the TLS and encryption settings into c and checks
// them: every named file must exist and contain what its setting names,
// and settings that only work together must be set together. It returns one
// error per problem, each naming its setting.
func (c *TemporalConfig) loadSecurity(get func(string) string, env func(string) (string, bool),
	sources map[string]string, skip map[string]bool) []error {
	var problems []error
	report := func(key, format string, args ...any) {
		if skip[strings.ToLower(key)] {
			return
		}
		message := fmt.Sprintf("config: %s: %s", key, fmt.Sprintf(format, args...))
		if source, ok := sources[key]; ok {
			message += " (set by " + source + ")"
		}
		problems = append(problems, errors.New(message))
	}

	c.TLS = TLSConfig{
		CAFile:     get("temporal.tls.caFile"),
		CertFile:   get("temporal.tls.certFile"),
		KeyFile:    get("temporal.tls.keyFile"),
		ServerName: get("temporal.tls.serverName"),
	}
	if text := get("temporal.tls.enabled"); text != "" {
		enabled, err := strconv.ParseBool(text)
		if err != nil {
			report("temporal.tls.enabled", "%q is not true or false", text)
		}
		c.TLS.Enabled = enabled
	}
	c.checkTLS(report)

	c.Encryption = EncryptionConfig{
		KeyID:        get("temporal.encryption.keyId"),
		KeyFile:      get("temporal.encryption.keyFile"),
		Key:          get("temporal.encryption.key"),
		ReadOnlyKeys: get("temporal.encryption.readOnlyKeys"),
	}
	c.Encryption.check(report, env)
	return problems
}

func (c *TemporalConfig) checkTLS(report func(key, format string, args ...any)) {
	t := c.TLS
	if t.CAFile != "" {
		if data, ok := readSettingFile(report, "temporal.tls.caFile", t.CAFile); ok {
			if !x509.NewCertPool().AppendCertsFromPEM(data) {
				report("temporal.tls.caFile", "%s contains no PEM certificate", t.CAFile)
			}
		}
	}
	switch {
	case t.CertFile != "" && t.KeyFile == "":
		report("temporal.tls.keyFile", "missing while temporal.tls.certFile is set (a client certificate needs its private key)")
	case t.CertFile == "" && t.KeyFile != "":
		report("temporal.tls.certFile", "missing while temporal.tls.keyFile is set (a private key needs its client certificate)")
	case t.CertFile != "":
		_, certOK := readSettingFile(report, "temporal.tls.certFile", t.CertFile)
		_, keyOK := readSettingFile(report, "temporal.tls.keyFile", t.KeyFile)
		if certOK && keyOK {
			if _, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile); err != nil {
				report("temporal.tls.certFile", "cannot use %s with the key in %s: %v", t.CertFile, t.KeyFile, err)
			}
		}
	}
	if strings.IndexFunc(t.ServerName, unicode.IsSpace) >= 0 {
		report("temporal.tls.serverName", "%q must not contain spaces", t.ServerName)
	}
}

func (e EncryptionConfig) check(report func(key, format string, args ...any), env func(string) (string, bool)) {
	hasKey := e.KeyFile != "" || e.Key != ""
	switch {
	case e.KeyFile != "" && e.Key != "":
		report("temporal.encryption.key", "set while temporal.encryption.keyFile is set too: set only one of them")
	case e.KeyID == "" && hasKey:
		report("temporal.encryption.keyId", "missing while an encryption key is set (the id is stored in every payload, so the key can rotate)")
	case e.KeyID != "" && !hasKey:
		report("temporal.encryption.keyFile", "missing while temporal.encryption.keyId is set "+
			"(or set the key itself in GCEXPORT_TEMPORAL_ENCRYPTION_KEY)")
	case e.KeyFile != "":
		if _, err := codec.ReadKeyFile(e.KeyFile); err != nil {
			report("temporal.encryption.keyFile", "%s", fileError(e.KeyFile, err))
		}
	case e.Key != "":
		// The message never repeats the value, which is a secret.
		if _, err := codec.ParseKey(e.Key); err != nil {
			report("temporal.encryption.key", "%v", err)
		}
	}
	if e.KeyID != "" {
		if _, err := codec.New(e.KeyID, map[string][]byte{e.KeyID: make([]byte, codec.KeySize)}); err != nil {
			report("temporal.encryption.keyId", "%s", strings.TrimPrefix(err.Error(), "codec: "))
		}
	}

	if e.ReadOnlyKeys == "" {
		return
	}
	const key = "temporal.encryption.readOnlyKeys"
	if e.KeyID == "" {
		report(key, "set while temporal.encryption.keyId is not: read-only keys only decrypt, so a current key is needed too")
		return
	}
	sources, err := codec.ParseKeySources(e.ReadOnlyKeys)
	if err != nil {
		report(key, "%s", strings.TrimPrefix(err.Error(), "codec: "))
		return
	}
	for _, s := range sources {
		if s.ID == e.KeyID {
			report(key, "key id %q is the current temporal.encryption.keyId: give the new key a new id", s.ID)
			continue
		}
		if _, err := s.Load(env); err != nil {
			report(key, "key %q: %s", s.ID, fileError(s.File, err))
		}
	}
}

// readSettingFile reads the file that a setting names, reporting a missing
// or unreadable one.
func readSettingFile(report func(key, format string, args ...any), key, path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		report(key, "%s", fileError(path, err))
		return nil, false
	}
	return data, true
}

// fileError words a file error without the Go operation prefix.
func fileError(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("file %q not found", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("file %q is not readable by this user", path)
	}
	return err.Error()
}
