package config

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
)

// redactedSecurity returns the TLS and encryption settings by YAML path,
// with the API key and the encryption key replaced by "<redacted>".
func (c TemporalConfig) redactedSecurity() map[string]any {
	hide := func(secret string) string {
		if secret == "" {
			return ""
		}
		return redacted
	}
	return map[string]any{
		"temporal.apiKey":                  hide(c.APIKey),
		"temporal.tls.enabled":             c.TLS.Enabled,
		"temporal.tls.caFile":              c.TLS.CAFile,
		"temporal.tls.certFile":            c.TLS.CertFile,
		"temporal.tls.keyFile":             c.TLS.KeyFile,
		"temporal.tls.serverName":          c.TLS.ServerName,
		"temporal.encryption.keyId":        c.Encryption.KeyID,
		"temporal.encryption.keyFile":      c.Encryption.KeyFile,
		"temporal.encryption.key":          hide(c.Encryption.Key),
		"temporal.encryption.readOnlyKeys": c.Encryption.ReadOnlyKeys,
	}
}

func (c TemporalConfig) redactedFields() map[string]any {
	fields := c.redactedSecurity()
	fields["temporal.address"] = c.Address
	fields["temporal.namespace"] = c.Namespace
	fields["temporal.taskQueue"] = c.TaskQueue
	return fields
}

// String formats the Temporal settings without the API key and the
// encryption key.
func (c TemporalConfig) String() string {
	fields := c.redactedFields()
	keys := make([]string, 0, len(fields))
	for key := range fields {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, key := range keys {
		parts = append(parts, fmt.Sprintf("%s=%q", strings.TrimPrefix(key, "temporal."), fmt.Sprint(fields[key])))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// GoString is String, so that %#v hides the secrets too.
func (c TemporalConfig) GoString() string { return c.String() }

// LogValue logs the Temporal settings without the API key and the
// encryption key.
func (c TemporalConfig) LogValue() slog.Value {
	fields := c.redactedFields()
	keys := make([]string, 0, len(fields))
	for key := range fields {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	attrs := make([]slog.Attr, 0, len(keys))
	for _, key := range keys {
		attrs = append(attrs, slog.Any(strings.TrimPrefix(key, "temporal."), fields[key]))
	}
	return slog.GroupValue(attrs...)
}

// String formats the encryption settings without the key itself.
func (e EncryptionConfig) String() string {
	key := `""`
	if e.Key != "" {
		key = redacted
	}
	return fmt.Sprintf("{KeyID:%q KeyFile:%q Key:%s ReadOnlyKeys:%q}", e.KeyID, e.KeyFile, key, e.ReadOnlyKeys)
}

// GoString is String, so that %#v hides the key too.
func (e EncryptionConfig) GoString() string { return e.String() }
