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
}

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
}

// sections are the YAML keys whose values are mappings of settings.
var sections = []string{"genesys", "temporal"}

// BindFlags adds a flag for every setting, and --config, to fs. Load reads
// only the flags that were set on the command line, so the defaults shown in
// the help do not override the YAML file or the environment.
func BindFlags(fs *pflag.FlagSet) {
	fs.String(configFlag, "", fmt.Sprintf(
		"YAML config file to read (env %s; default: ./%s when it exists)", envConfigFile, defaultConfigFile))
	for _, s := range settings {
		fs.String(s.flag, s.def, fmt.Sprintf("%s (key %s, env %s)", s.help, s.key, strings.Join(s.env, " or ")))
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
