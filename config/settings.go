package config

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// setting is one configuration key and the ways to set it.
type setting struct {
	key  string   // YAML path in lowerCamel, for example "temporal.taskQueue"
	flag string   // command-line flag name without dashes
	env  []string // environment variables, highest precedence first
	def  string   // default value
	help string   // flag help without the default, which pflag prints
	kind flagKind // the flag's type, for the help and so that a bare switch means true
}

// flagKind is the type of a setting's command-line flag.
type flagKind int

const (
	flagString flagKind = iota
	flagBool
	flagInt
)

// Environment variables that CX as Code (the Genesys Cloud Terraform
// provider, genesyscloud/provider/provider_env.go) reads, so that users of
// it need not set anything new. GENESYSCLOUD_API_REGION is not read by the
// provider, but Genesys' blueprints set it to the API URL
// ("https://api.mypurecloud.com"), which LookupRegion accepts too.
const (
	envClientID     = "GENESYSCLOUD_OAUTHCLIENT_ID"
	envClientSecret = "GENESYSCLOUD_OAUTHCLIENT_SECRET"
	envRegion       = "GENESYSCLOUD_REGION"
	envAPIRegion    = "GENESYSCLOUD_API_REGION"
)

// envConfigFile names the YAML file when neither LoadOptions.File nor
// --config does.
const envConfigFile = "GCEXPORT_CONFIG"

// defaultConfigFile is read when it exists and no file is named.
const defaultConfigFile = "gcexport.yaml"

const configFlag = "config"

var settings = []setting{
	{
		key: "genesys.clientId", flag: "client-id",
		env:  []string{"GCEXPORT_CLIENT_ID", envClientID},
		help: "OAuth client ID (client-credentials grant) of the Genesys Cloud org to export",
	},
	{
		key: "genesys.clientSecret", flag: "client-secret",
		env: []string{"GCEXPORT_CLIENT_SECRET", envClientSecret},
		help: "OAuth client secret. Prefer the " + envClientSecret +
			" variable, because other local users can read command lines",
	},
	{
		key: "genesys.region", flag: "region", def: "us-east-1",
		env:  []string{"GCEXPORT_REGION", envRegion, envAPIRegion},
		help: "Genesys Cloud region key such as eu-west-1, or its domain such as mypurecloud.ie",
	},
	{
		key: "genesys.apiUrl", flag: "api-url",
		env:  []string{"GCEXPORT_API_URL"},
		help: "Platform API base URL, replacing the region's (for example http://127.0.0.1:8080 for the simulator)",
	},
	{
		key: "genesys.loginUrl", flag: "login-url",
		env:  []string{"GCEXPORT_LOGIN_URL"},
		help: "OAuth login base URL, replacing the region's (default: the API URL when --api-url is set)",
	},
	{
		key: "genesys.requestsPerMinute", flag: "requests-per-minute", def: "300", kind: flagInt,
		env: []string{"GCEXPORT_REQUESTS_PER_MINUTE"},
		help: "Platform API requests per minute that all workers of this OAuth client send together " +
			"(the API's default limit per token is 300)",
	},
	{
		key: "genesys.workers", flag: "workers", def: "1", kind: flagInt,
		env:  []string{"GCEXPORT_WORKERS"},
		help: "number of worker processes that share genesys.requestsPerMinute; each sends at most its share",
	},
	{
		key: "temporal.address", flag: "temporal-address", def: "127.0.0.1:7233",
		env:  []string{"GCEXPORT_TEMPORAL_ADDRESS"},
		help: "host:port of the Temporal frontend service",
	},
	{
		key: "temporal.namespace", flag: "namespace", def: "default",
		env:  []string{"GCEXPORT_TEMPORAL_NAMESPACE"},
		help: "Temporal namespace that exports run in",
	},
	{
		key: "temporal.taskQueue", flag: "task-queue", def: "gcexport",
		env:  []string{"GCEXPORT_TEMPORAL_TASK_QUEUE"},
		help: "Temporal task queue that workers poll and exports are started on",
	},
	{
		key:  "temporal.apiKey",
		env:  []string{"GCEXPORT_TEMPORAL_API_KEY"},
		help: "API key sent as a bearer token to the Temporal frontend, as Temporal Cloud expects; turns TLS on",
	},
	{
		key: "temporal.tls.enabled", flag: "temporal-tls", def: "false", kind: flagBool,
		env:  []string{"GCEXPORT_TEMPORAL_TLS"},
		help: "connect to Temporal over TLS, trusting the system's certificate authorities unless temporal.tls.caFile is set",
	},
	{
		key: "temporal.tls.caFile", flag: "temporal-tls-ca-file",
		env:  []string{"GCEXPORT_TEMPORAL_TLS_CA_FILE"},
		help: "PEM file of the certificate authorities that sign the Temporal frontend's certificate; turns TLS on",
	},
	{
		key: "temporal.tls.certFile", flag: "temporal-tls-cert-file",
		env:  []string{"GCEXPORT_TEMPORAL_TLS_CERT_FILE"},
		help: "PEM client certificate for mutual TLS with the Temporal frontend; needs temporal.tls.keyFile",
	},
	{
		key: "temporal.tls.keyFile", flag: "temporal-tls-key-file",
		env:  []string{"GCEXPORT_TEMPORAL_TLS_KEY_FILE"},
		help: "PEM private key of temporal.tls.certFile",
	},
	{
		key: "temporal.tls.serverName", flag: "temporal-tls-server-name",
		env:  []string{"GCEXPORT_TEMPORAL_TLS_SERVER_NAME"},
		help: "name the Temporal frontend's certificate must hold (default: the host of temporal.address)",
	},
	{
		key: "temporal.encryption.keyId", flag: "encryption-key-id",
		env:  []string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_ID"},
		help: "id of the AES-256 key that encrypts Temporal payloads; turns payload encryption on",
	},
	{
		key: "temporal.encryption.keyFile", flag: "encryption-key-file",
		env:  []string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY_FILE"},
		help: "file with the payload encryption key: 64 hexadecimal digits or base64 of 32 bytes",
	},
	{
		key:  "temporal.encryption.key",
		env:  []string{"GCEXPORT_TEMPORAL_ENCRYPTION_KEY"},
		help: "the payload encryption key itself, in place of temporal.encryption.keyFile",
	},
	{
		key: "temporal.encryption.readOnlyKeys", flag: "encryption-read-only-keys",
		env: []string{"GCEXPORT_TEMPORAL_ENCRYPTION_READ_ONLY_KEYS"},
		help: "comma-separated id=FILE or id=env:NAME entries: earlier keys that only decrypt, " +
			"for histories written before a key rotation",
	},
	{
		key: "output", flag: "output", def: "./backup",
		env:  []string{"GCEXPORT_OUTPUT"},
		help: "backup folder that exports are written to",
	},
	{
		key: "stateDir", flag: "state-dir", def: ".gcexport",
		env:  []string{"GCEXPORT_STATE_DIR"},
		help: "folder for the state of the embedded Temporal server",
	},
	{
		key: "fixture", flag: "fixture",
		env:  []string{"GCEXPORT_FIXTURE"},
		help: "org fixture file for the simulator that the embedded default runs without credentials (default: the bundled sample org)",
	},
	{
		key: "logLevel", flag: "log-level", def: "info",
		env:  []string{"GCEXPORT_LOG_LEVEL"},
		help: "log level: debug, info, warn or error",
	},
	{
		key: "logFormat", flag: "log-format", def: "auto",
		env:  []string{"GCEXPORT_LOG_FORMAT"},
		help: "log format: text, json, or auto for text on a terminal and JSON otherwise",
	},
	{
		key: "metricsListen", flag: "metrics-listen",
		env:  []string{"GCEXPORT_METRICS_LISTEN"},
		help: "host:port of the worker's Prometheus endpoint, served at /metrics, such as 127.0.0.1:9464 (default: off)",
	},
	{
		key: "upload", flag: "upload",
		env: []string{"GCEXPORT_UPLOAD"},
		help: "bucket URL (file://, s3://, gs://, azblob://) that the worker copies each complete backup to " +
			"after its manifest, such as s3://my-bucket?prefix=genesys/ (default: keep the backup in the folder only)",
	},
	{
		key: "archive", flag: "archive", def: "false", kind: flagBool,
		env: []string{"GCEXPORT_ARCHIVE"},
		help: "also write each complete backup as one tar.gz: <output>.tar.gz beside the folder, " +
			"or, with upload, <folder name>.tar.gz in the bucket in place of the files",
	},
}

// sections are the YAML keys whose values are mappings of settings.
var sections = []string{"genesys", "temporal", "temporal.tls", "temporal.encryption"}

// BindFlags adds a flag for every setting but the secrets that only the
// environment and the YAML file set, and --config, to fs. Load reads
// only the flags that were set on the command line, so the defaults shown in
// the help do not override the YAML file or the environment.
func BindFlags(fs *pflag.FlagSet) {
	fs.String(configFlag, "", fmt.Sprintf(
		"YAML config file to read (env %s; default: ./%s when it exists)", envConfigFile, defaultConfigFile))
	for _, s := range settings {
		if s.flag == "" {
			continue // a secret, which a command line would show to other local users
		}
		usage := fmt.Sprintf("%s (key %s, env %s)", s.help, s.key, strings.Join(s.env, " or "))
		value := &flagValue{text: s.def, kind: s.kind}
		fs.Var(value, s.flag, usage)
		if s.kind == flagBool {
			// A bare --archive means --archive=true.
			fs.Lookup(s.flag).NoOptDefVal = "true"
		}
	}
}

// flagValue is a setting's flag value. It keeps the text as given, so that
// Load parses it like the environment's and the YAML file's values and
// names the setting in its errors. Type gives pflag the type for the help.
type flagValue struct {
	text string
	kind flagKind
}

func (v *flagValue) String() string { return v.text }

func (v *flagValue) Set(text string) error {
	v.text = text
	return nil
}

func (v *flagValue) Type() string {
	switch v.kind {
	case flagBool:
		return "bool"
	case flagInt:
		return "int"
	default:
		return "string"
	}
}

// lookupSetting finds a setting by its YAML path, ignoring letter case as
// viper does.
func lookupSetting(key string) (setting, bool) {
	for _, s := range settings {
		if strings.EqualFold(s.key, key) {
			return s, true
		}
	}
	return setting{}, false
}

func isSection(key string) bool {
	for _, section := range sections {
		if strings.EqualFold(section, key) {
			return true
		}
	}
	return false
}

// sectionKeys lists the setting names under section, for messages.
func sectionKeys(section string) []string {
	var names []string
	for _, s := range settings {
		if rest, ok := strings.CutPrefix(s.key, section+"."); ok {
			names = append(names, rest)
		}
	}
	return names
}
