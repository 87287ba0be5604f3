package genesys

import (
	"fmt"
	"sort"
	"strings"
)

// Region is a Genesys Cloud region: its key in the form CX as Code and
// Terraform use ("us-east-1") and the domain its hosts share.
type Region struct {
	Key    string // for example "eu-west-1"
	Domain string // for example "mypurecloud.ie"
}

// regions lists the 17 regions of Genesys' Go SDK configuration.go
// (platform-client-sdk-go 188.0.0) and JavaScript SDK PureCloudRegionHosts.js,
// plus eusc-de-east-1, which only the Terraform provider's region map has.
var regions = []Region{
	{"us-east-1", "mypurecloud.com"},
	{"us-east-2", "use2.us-gov-pure.cloud"},
	{"us-west-2", "usw2.pure.cloud"},
	{"ca-central-1", "cac1.pure.cloud"},
	{"sa-east-1", "sae1.pure.cloud"},
	{"mx-central-1", "mxc1.pure.cloud"},
	{"eu-west-1", "mypurecloud.ie"},
	{"eu-west-2", "euw2.pure.cloud"},
	{"eu-central-1", "mypurecloud.de"},
	{"eu-central-2", "euc2.pure.cloud"},
	{"me-central-1", "mec1.pure.cloud"},
	{"ap-south-1", "aps1.pure.cloud"},
	{"ap-northeast-1", "mypurecloud.jp"},
	{"ap-northeast-2", "apne2.pure.cloud"},
	{"ap-northeast-3", "apne3.pure.cloud"},
	{"ap-southeast-1", "apse1.pure.cloud"},
	{"ap-southeast-2", "mypurecloud.com.au"},
	{"eusc-de-east-1", "edee1.eusc-pure.cloud"},
}

// Regions returns every known region, sorted by key.
func Regions() []Region {
	sorted := append([]Region(nil), regions...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Key < sorted[j].Key })
	return sorted
}

// LookupRegion finds a region by its key in the Terraform form ("us-east-1"),
// the SDK form ("us_east_1") or any letter case, or by its domain with or
// without an "api." or "login." host prefix and an https:// scheme
// ("mypurecloud.com", "api.mypurecloud.com", "https://api.mypurecloud.com").
func LookupRegion(s string) (Region, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	key := strings.ReplaceAll(name, "_", "-")
	domain := strings.TrimSuffix(name, "/")
	domain = strings.TrimPrefix(domain, "https://")
	domain = strings.TrimPrefix(domain, "http://")
	for _, prefix := range []string{"api.", "login."} {
		if strings.HasPrefix(domain, prefix) {
			domain = strings.TrimPrefix(domain, prefix)
			break
		}
	}
	for _, r := range regions {
		if r.Key == key || r.Domain == domain {
			return r, nil
		}
	}
	return Region{}, fmt.Errorf("genesys: unknown region %q (known: %s)", s, strings.Join(RegionKeys(), ", "))
}

// RegionKeys returns the keys of every known region, sorted.
func RegionKeys() []string {
	keys := make([]string, 0, len(regions))
	for _, r := range Regions() {
		keys = append(keys, r.Key)
	}
	return keys
}

// APIBaseURL returns the Platform API base URL, "https://api.<domain>".
func (r Region) APIBaseURL() string { return "https://api." + r.Domain }

// LoginBaseURL returns the OAuth login base URL, "https://login.<domain>".
func (r Region) LoginBaseURL() string { return "https://login." + r.Domain }
