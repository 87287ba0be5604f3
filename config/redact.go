package config

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
)

const redacted = "<redacted>"

// Redacted returns the configuration for logging, keyed by YAML path
// ("genesys.clientId", "temporal.address", ...), with the client secret,
// the Temporal API key and the encryption key replaced by "<redacted>", or
// "" when they are unset.
func (c *Config) Redacted() map[string]any {
	secret := ""
	if c.Genesys.ClientSecret != "" {
		secret = redacted
	}
	fields := map[string]any{
		"genesys.clientId":     c.Genesys.ClientID,
		"genesys.clientSecret": secret,
		"genesys.region":       c.Genesys.Region,
		"genesys.apiUrl":       c.Genesys.APIURL,
		"genesys.loginUrl":     c.Genesys.LoginURL,
		"temporal.address":     c.Temporal.Address,
		"temporal.namespace":   c.Temporal.Namespace,
		"temporal.taskQueue":   c.Temporal.TaskQueue,
		"output":               c.Output,
		"stateDir":             c.StateDir,
		"fixture":              c.Fixture,
		"logLevel":             c.LogLevel,
		"logFormat":            c.LogFormat,
		"metricsListen":        c.MetricsListen,
		"upload":               c.Upload,
		"archive":              c.Archive,
		"configFile":           c.File,
	}
	for key, value := range c.Genesys.redactedBudget() {
		fields[key] = value
	}
	for key, value := range c.Temporal.redactedSecurity() {
		fields[key] = value
	}
	return fields
}

// String formats the configuration as sorted key=value pairs without the
// client secret.
func (c Config) String() string {
	fields := c.Redacted()
	keys := make([]string, 0, len(fields))
	for key := range fields {
		keys = append(keys, key)
	}
	sort.Strings(keys)

	parts := make([]string, 0, len(keys))
	for _, key := range keys {
		parts = append(parts, fmt.Sprintf("%s=%q", key, fmt.Sprint(fields[key])))
	}
	return "config{" + strings.Join(parts, " ") + "}"
}

// GoString is String, so that %#v hides the secret too.
func (c Config) GoString() string { return c.String() }

// LogValue logs the configuration as nested groups of its redacted fields,
// one group per section ("genesys", "temporal", "tls"), so that every key is
// one lowerCamel word.
func (c Config) LogValue() slog.Value {
	return groupByPath(c.Redacted())
}

// groupByPath turns fields keyed by dotted paths into nested groups.
func groupByPath(fields map[string]any) slog.Value {
	leaves := map[string]any{}
	sections := map[string]map[string]any{}
	for key, value := range fields {
		section, rest, nested := strings.Cut(key, ".")
		if !nested {
			leaves[key] = value
			continue
		}
		if sections[section] == nil {
			sections[section] = map[string]any{}
		}
		sections[section][rest] = value
	}
	keys := make([]string, 0, len(leaves)+len(sections))
	for key := range leaves {
		keys = append(keys, key)
	}
	for key := range sections {
		keys = append(keys, key)
	}
	sort.Strings(keys)

	attrs := make([]slog.Attr, 0, len(keys))
	for _, key := range keys {
		if section, ok := sections[key]; ok {
			attrs = append(attrs, slog.Attr{Key: key, Value: groupByPath(section)})
			continue
		}
		attrs = append(attrs, slog.Any(key, leaves[key]))
	}
	return slog.GroupValue(attrs...)
}

// Secrets returns the configured secret values (the OAuth client secret,
// the Temporal API key and the payload encryption key), for log handlers
// that must never print them.
func (c *Config) Secrets() []string {
	var secrets []string
	for _, secret := range []string{c.Genesys.ClientSecret, c.Temporal.APIKey, c.Temporal.Encryption.Key} {
		if secret != "" {
			secrets = append(secrets, secret)
		}
	}
	return secrets
}

// String formats the Genesys settings without the client secret.
func (c GenesysConfig) String() string {
	secret := `""`
	if c.ClientSecret != "" {
		secret = redacted
	}
	return fmt.Sprintf("{ClientID:%q ClientSecret:%s Region:%q APIURL:%q LoginURL:%q}",
		c.ClientID, secret, c.Region, c.APIURL, c.LoginURL)
}

// GoString is String, so that %#v hides the secret too.
func (c GenesysConfig) GoString() string { return c.String() }

// LogValue logs the Genesys settings without the client secret.
func (c GenesysConfig) LogValue() slog.Value {
	secret := ""
	if c.ClientSecret != "" {
		secret = redacted
	}
	return slog.GroupValue(
		slog.String("clientId", c.ClientID),
		slog.String("clientSecret", secret),
		slog.String("region", c.Region),
		slog.String("apiUrl", c.APIURL),
		slog.String("loginUrl", c.LoginURL),
	)
}
