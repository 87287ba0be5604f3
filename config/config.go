// Package config loads gcexport's settings from defaults, a YAML file, the
// environment and command-line flags, in that order of precedence, and
// checks them before anything connects anywhere.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the validated configuration of a gcexport process.
type Config struct {
	Genesys  GenesysConfig  // OAuth client and region of the org to export
	Temporal TemporalConfig // Temporal frontend to connect to
	Output   string         // backup folder, default "./backup"
	StateDir string         // embedded Temporal server's state folder, default ".gcexport"
	Fixture  string         // simulator fixture for the embedded default, "" for the bundled sample
	LogLevel string         // "debug", "info", "warn" or "error", default "info"
	// LogFormat is "text", "json" or "auto" (text on a terminal).
	LogFormat string
	// MetricsListen is the host:port of the Prometheus endpoint, "" for none.
	MetricsListen string
	// Upload is the bucket URL that each complete backup is copied to, ""
	// for none, and Archive writes the backup as one tar.gz.
	Upload  string
	Archive bool
	File    string // YAML file that was read, "" when none was
}

// GenesysConfig selects the org to export and how to reach it.
type GenesysConfig struct {
	ClientID     string
	ClientSecret string
	// Region is the region key ("us-east-1", the default) after Load, whatever
	// form was configured.
	Region string
	// APIURL and LoginURL replace the region's base URLs when set.
	APIURL   string
	LoginURL string
	// RequestsPerMinute is the API budget that Workers worker processes
	// share; each paces itself at its share (WorkerRequestsPerMinute).
	RequestsPerMinute int
	Workers           int
}

// TemporalConfig locates the Temporal frontend service.
type TemporalConfig struct {
	Address   string // host:port, default "127.0.0.1:7233"
	Namespace string // default "default"
	TaskQueue string // default "gcexport"
	// APIKey is sent as a bearer token on every call, as Temporal Cloud
	// expects. Setting it turns TLS on.
	APIKey     string
	TLS        TLSConfig
	Encryption EncryptionConfig
}

// HasCredentials reports whether an OAuth client is configured. Without one,
// the embedded default exports the simulator's org.
func (c GenesysConfig) HasCredentials() bool {
	return c.ClientID != "" && c.ClientSecret != ""
}

// LoadOptions selects the sources that Load reads.
type LoadOptions struct {
	// File is the YAML file to read. Empty means the --config flag, else the
	// GCEXPORT_CONFIG variable, else ./gcexport.yaml when it exists. A file
	// named by any of the first three must exist.
	File string
	// Flags supplies the flags that BindFlags added. Only flags set on the
	// command line count. Nil means no flags.
	Flags *pflag.FlagSet
	// Env looks up an environment variable. Nil means os.LookupEnv.
	Env func(string) (string, bool)
}

// Load reads the configuration and validates it. Precedence from lowest to
// highest is defaults, the YAML file, the environment, then flags. All
// independent problems are returned together, joined and sorted.
func Load(opts LoadOptions) (*Config, error) {
	env := opts.Env
	if env == nil {
		env = os.LookupEnv
	}

	v := viper.New()
	sources := map[string]string{}
	for _, s := range settings {
		v.SetDefault(s.key, s.def)
	}

	file, explicit := configFile(opts, env)
	var problems []error
	skip := map[string]bool{}
	if file != "" {
		data, err := os.ReadFile(file)
		switch {
		case err == nil:
			fileProblems, badKeys, err := checkYAML(data, file)
			if err != nil {
				return nil, err
			}
			problems = append(problems, fileProblems...)
			skip = badKeys
			v.SetConfigType("yaml")
			if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
				return nil, fmt.Errorf("config: cannot parse %s: %w", file, err)
			}
			for _, s := range settings {
				if v.InConfig(s.key) {
					sources[s.key] = file
				}
			}
		case errors.Is(err, fs.ErrNotExist) && !explicit:
			file = ""
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("config: config file %q not found", file)
		default:
			return nil, fmt.Errorf("config: cannot read config file %q: %w", file, err)
		}
	}

	for _, s := range settings {
		for _, name := range s.env {
			if value, ok := env(name); ok && value != "" {
				v.Set(s.key, value)
				sources[s.key] = "environment variable " + name
				break
			}
		}
	}

	if opts.Flags != nil {
		for _, s := range settings {
			if f := opts.Flags.Lookup(s.flag); f != nil && f.Changed {
				v.Set(s.key, f.Value.String())
				sources[s.key] = "flag --" + s.flag
			}
		}
	}

	get := func(key string) string { return strings.TrimSpace(v.GetString(key)) }
	cfg := &Config{
		Genesys: GenesysConfig{
			ClientID:     get("genesys.clientId"),
			ClientSecret: get("genesys.clientSecret"),
			Region:       get("genesys.region"),
			APIURL:       get("genesys.apiUrl"),
			LoginURL:     get("genesys.loginUrl"),
		},
		Temporal: TemporalConfig{
			Address:   get("temporal.address"),
			Namespace: get("temporal.namespace"),
			TaskQueue: get("temporal.taskQueue"),
			APIKey:    get("temporal.apiKey"),
		},
		Output:   get("output"),
		StateDir: get("stateDir"),
		Fixture:  get("fixture"),
		LogLevel: get("logLevel"),
		File:     file,
	}

	problems = append(problems, cfg.loadOutputs(get, sources, skip)...)
	problems = append(problems, cfg.Temporal.loadSecurity(get, env, sources, skip)...)
	problems = append(problems, cfg.Genesys.loadBudget(get, sources, skip)...)
	problems = append(problems, cfg.validate(sources, skip)...)
	if len(problems) > 0 {
		return nil, joinSorted(problems)
	}
	return cfg, nil
}

// configFile picks the YAML file and reports whether it was named
// explicitly, in which case it must exist.
func configFile(opts LoadOptions, env func(string) (string, bool)) (file string, explicit bool) {
	if opts.File != "" {
		return opts.File, true
	}
	if opts.Flags != nil {
		if f := opts.Flags.Lookup(configFlag); f != nil && f.Changed && f.Value.String() != "" {
			return f.Value.String(), true
		}
	}
	if value, ok := env(envConfigFile); ok && value != "" {
		return value, true
	}
	return defaultConfigFile, false
}

// SlogLevel returns LogLevel as a slog.Level.
func (c *Config) SlogLevel() slog.Level {
	switch c.LogLevel {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}
