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
		"configFile":           c.File,
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
		parts = append(parts, fmt.Sprintf("%s=%q", key, fields[key]))
	}
	return "config{" + strings.Join(parts, " ") + "}"
}

// GoString is String, so that %#v hides the secret too.
func (c Config) GoString() string { return c.String() }

// LogValue logs the configuration as a group of its redacted fields.
func (c Config) LogValue() slog.Value {
	fields := c.Redacted()
	keys := make([]string, 0, len(fields))
	for key := range fields {
		keys = append(keys, key)
	}
	sort.Strings(keys)

	attrs := make([]slog.Attr, 0, len(keys))
	for _, key := range keys {
		attrs = append(attrs, slog.Any(key, fields[key]))
	}
	return slog.GroupValue(attrs...)
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
