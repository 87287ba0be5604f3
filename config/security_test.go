package config

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCertPair writes a self-signed certificate and its key as PEM files.
func writeCertPair(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "config test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile = writeFile(t, "cert.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	keyFile = writeFile(t, "key.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})))
	return certFile, keyFile
}

func hexKey(fill byte) string { return hex.EncodeToString(bytes.Repeat([]byte{fill}, 32)) }

func TestLoadTemporalSecurityFromYAML(t *testing.T) {
	inEmptyDir(t)
	certFile, keyFile := writeCertPair(t)
	keyPath := writeFile(t, "current.key", hexKey(1)+"\n")
	oldPath := writeFile(t, "old.key", hexKey(2))
	file := writeFile(t, "gcexport.yaml", fmt.Sprintf(`
temporal:
  address: temporal.example.internal:7233
  tls:
    caFile: %s
    certFile: %s
    keyFile: %s
    serverName: temporal.example.internal
  encryption:
    keyId: key-2026
    keyFile: %s
    readOnlyKeys: key-2025=%s, key-2024=env:OLD_KEY
`, certFile, certFile, keyFile, keyPath, oldPath))
	cfg := load(t, LoadOptions{File: file, Env: env(map[string]string{
		"GCEXPORT_TEMPORAL_API_KEY": "cloud-api-key",
		"OLD_KEY":                   hexKey(3),
	})})
	want := TemporalConfig{
		Address: "temporal.example.internal:7233", Namespace: "default", TaskQueue: "gcexport",
		APIKey: "cloud-api-key",
		TLS:    TLSConfig{CAFile: certFile, CertFile: certFile, KeyFile: keyFile, ServerName: "temporal.example.internal"},
		Encryption: EncryptionConfig{KeyID: "key-2026", KeyFile: keyPath,
			ReadOnlyKeys: "key-2025=" + oldPath + ", key-2024=env:OLD_KEY"},
	}
	if cfg.Temporal != want {
		t.Errorf("temporal = %#v\nwant       %#v", cfg.Temporal, want)
	}
	if !cfg.Temporal.UsesTLS() || !cfg.Temporal.Encryption.Enabled() {
		t.Errorf("UsesTLS() = %v, Encryption.Enabled() = %v, want both true",
			cfg.Temporal.UsesTLS(), cfg.Temporal.Encryption.Enabled())
	}
}

func TestLoadEncryptionKeyFromEnvironment(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
		"GCEXPORT_TEMPORAL_ENCRYPTION_KEY":    hexKey(4),
		"GCEXPORT_TEMPORAL_TLS":               "true",
	})})
	if cfg.Temporal.Encryption.Key != hexKey(4) || cfg.Temporal.Encryption.KeyID != "k1" {
		t.Errorf("encryption = %+v", cfg.Temporal.Encryption)
	}
	if !cfg.Temporal.TLS.Enabled {
		t.Error("GCEXPORT_TEMPORAL_TLS=true did not turn TLS on")
	}
}

func TestTemporalSecurityDefaultsOff(t *testing.T) {
	inEmptyDir(t)
	cfg := load(t, LoadOptions{})
	if cfg.Temporal.UsesTLS() {
		t.Error("TLS is on by default")
	}
	if cfg.Temporal.Encryption.Enabled() {
		t.Error("encryption is on by default")
	}
}

func TestTemporalSecurityErrorsNameSetting(t *testing.T) {
	certFile, keyFile := writeCertPair(t)
	notPEM := writeFile(t, "ca.txt", "not a certificate")
	shortKey := writeFile(t, "short.key", hex.EncodeToString(make([]byte, 16)))
	goodKey := writeFile(t, "good.key", hexKey(5))
	missing := filepath.Join(t.TempDir(), "missing.pem")
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"CA file missing", map[string]string{"GCEXPORT_TEMPORAL_TLS_CA_FILE": missing},
			`config: temporal.tls.caFile: file "` + missing + `" not found (set by environment variable GCEXPORT_TEMPORAL_TLS_CA_FILE)`},
		{"CA file not PEM", map[string]string{"GCEXPORT_TEMPORAL_TLS_CA_FILE": notPEM},
			"config: temporal.tls.caFile: " + notPEM + " contains no PEM certificate"},
		{"certificate without key", map[string]string{"GCEXPORT_TEMPORAL_TLS_CERT_FILE": certFile},
			"config: temporal.tls.keyFile: missing while temporal.tls.certFile is set"},
		{"key without certificate", map[string]string{"GCEXPORT_TEMPORAL_TLS_KEY_FILE": keyFile},
			"config: temporal.tls.certFile: missing while temporal.tls.keyFile is set"},
		{"key file missing", map[string]string{"GCEXPORT_TEMPORAL_TLS_CERT_FILE": certFile, "GCEXPORT_TEMPORAL_TLS_KEY_FILE": missing},
			`config: temporal.tls.keyFile: file "` + missing + `" not found`},
		{"certificate and key mismatch", map[string]string{"GCEXPORT_TEMPORAL_TLS_CERT_FILE": certFile, "GCEXPORT_TEMPORAL_TLS_KEY_FILE": certFile},
			"config: temporal.tls.certFile: cannot use " + certFile},
		{"TLS flag not boolean", map[string]string{"GCEXPORT_TEMPORAL_TLS": "maybe"},
			`config: temporal.tls.enabled: "maybe" is not true or false`},
		{"key id without key", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1"},
			"config: temporal.encryption.keyFile: missing while temporal.encryption.keyId is set"},
		{"key without key id", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey},
			"config: temporal.encryption.keyId: missing while an encryption key is set"},
		{"key file and key", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
			"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey, "GCEXPORT_TEMPORAL_ENCRYPTION_KEY": hexKey(1)},
			"config: temporal.encryption.key: set while temporal.encryption.keyFile is set too"},
		{"short key", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1", "GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": shortKey},
			"config: temporal.encryption.keyFile: " + shortKey + ": key is 32 hexadecimal digits (16 bytes), want 64"},
		{"key file missing for encryption", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1", "GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": missing},
			`config: temporal.encryption.keyFile: file "` + missing + `" not found`},
		{"key id with space", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "key 1", "GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey},
			"config: temporal.encryption.keyId: key id"},
		{"read-only key entry malformed", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
			"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey, "GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS": "old"},
			`config: temporal.encryption.readOnlyKeys: entry "old" is not id=FILE or id=env:NAME`},
		{"read-only key reuses current id", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
			"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey, "GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS": "k1=" + goodKey},
			`config: temporal.encryption.readOnlyKeys: key id "k1" is the current temporal.encryption.keyId`},
		{"read-only key file missing", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
			"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey, "GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS": "k0=" + missing},
			`config: temporal.encryption.readOnlyKeys: key "k0": file "` + missing + `" not found`},
		{"read-only key variable unset", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
			"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE": goodKey, "GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS": "k0=env:OLD"},
			`config: temporal.encryption.readOnlyKeys: key "k0": environment variable OLD is not set`},
		{"read-only keys without current key", map[string]string{"GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS": "k0=" + goodKey},
			"config: temporal.encryption.readOnlyKeys: set while temporal.encryption.keyId is not"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inEmptyDir(t)
			_, err := Load(LoadOptions{Env: env(tc.vars)})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.want)
			}
		})
	}
}

func TestEncryptionKeyErrorHidesKey(t *testing.T) {
	inEmptyDir(t)
	badKey := "not-a-valid-key-but-still-secret"
	_, err := Load(LoadOptions{Env: env(map[string]string{
		"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1", "GCEXPORT_TEMPORAL_ENCRYPTION_KEY": badKey,
	})})
	if err == nil || !strings.Contains(err.Error(), "temporal.encryption.key") {
		t.Fatalf("error = %v, want one naming temporal.encryption.key", err)
	}
	if strings.Contains(err.Error(), badKey) {
		t.Errorf("error %q repeats the key", err)
	}
}

func TestUnknownNestedKeyIsReported(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "temporal:\n  tls:\n    caFiel: /etc/ca.pem\n")
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), `unknown key "temporal.tls.caFiel"`) || !strings.Contains(err.Error(), "temporal.tls.caFile") {
		t.Errorf("error %q does not name the key and the suggestion", err)
	}
}

func TestSecretSettingsHaveNoFlag(t *testing.T) {
	fs := flags(t)
	for _, s := range settings {
		if s.key == "temporal.apiKey" || s.key == "temporal.encryption.key" {
			if s.flag != "" {
				t.Errorf("%s has the flag --%s, which other local users could read", s.key, s.flag)
			}
		}
	}
	for _, name := range []string{"temporal-tls-ca-file", "temporal-tls-cert-file", "temporal-tls-key-file",
		"temporal-tls-server-name", "temporal-tls", "encryption-key-id", "encryption-key-file", "encryption-read-only-keys"} {
		if fs.Lookup(name) == nil {
			t.Errorf("flag --%s is missing", name)
		}
	}
}

func TestTemporalSecretsRedacted(t *testing.T) {
	inEmptyDir(t)
	apiKey, key := "api-key-value-1234", hexKey(6)
	cfg := load(t, LoadOptions{Env: env(map[string]string{
		"GCEXPORT_TEMPORAL_API_KEY":           apiKey,
		"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID": "k1",
		"GCEXPORT_TEMPORAL_ENCRYPTION_KEY":    key,
	})})
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "cfg", *cfg, "temporal", cfg.Temporal)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", *cfg, "temporal", cfg.Temporal)
	text := fmt.Sprintf("%v %+v %#v %s %v %#v %v %#v", *cfg, *cfg, *cfg, cfg.Temporal, cfg.Temporal, cfg.Temporal,
		cfg.Temporal.Encryption, cfg.Temporal.Encryption) + fmt.Sprint(cfg.Redacted()) + logs.String()
	for name, secret := range map[string]string{"API key": apiKey, "encryption key": key} {
		if strings.Contains(text, secret) {
			t.Errorf("the %s appears in formatted or logged configuration: %s", name, text)
		}
	}
	if got := cfg.Redacted()["temporal.apiKey"]; got != redacted {
		t.Errorf("Redacted()[temporal.apiKey] = %v, want %s", got, redacted)
	}
	if got := cfg.Redacted()["temporal.encryption.keyId"]; got != "k1" {
		t.Errorf("Redacted()[temporal.encryption.keyId] = %v, want k1", got)
	}
	if _, err := os.Stat("gcexport.yaml"); err == nil {
		t.Fatal("unexpected config file in the test folder")
	}
}
