package genesys

import (
	"sort"
	"strings"
	"testing"
)

func TestRegionsSortedAndComplete(t *testing.T) {
	all := Regions()
	if len(all) != 18 {
		t.Fatalf("Regions() has %d entries, want 18 (17 SDK regions and eusc-de-east-1)", len(all))
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Key < all[j].Key }) {
		t.Errorf("Regions() is not sorted by key: %v", all)
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.Key] || seen[r.Domain] {
			t.Errorf("region %s/%s is listed twice", r.Key, r.Domain)
		}
		seen[r.Key], seen[r.Domain] = true, true
	}
	if got := strings.Join(RegionKeys(), ","); !strings.Contains(got, "eusc-de-east-1") {
		t.Errorf("RegionKeys() = %s, missing eusc-de-east-1", got)
	}
}

func TestRegionTable(t *testing.T) {
	want := map[string]string{
		"us-east-1":      "mypurecloud.com",
		"us-east-2":      "use2.us-gov-pure.cloud",
		"us-west-2":      "usw2.pure.cloud",
		"ca-central-1":   "cac1.pure.cloud",
		"sa-east-1":      "sae1.pure.cloud",
		"mx-central-1":   "mxc1.pure.cloud",
		"eu-west-1":      "mypurecloud.ie",
		"eu-west-2":      "euw2.pure.cloud",
		"eu-central-1":   "mypurecloud.de",
		"eu-central-2":   "euc2.pure.cloud",
		"me-central-1":   "mec1.pure.cloud",
		"ap-south-1":     "aps1.pure.cloud",
		"ap-northeast-1": "mypurecloud.jp",
		"ap-northeast-2": "apne2.pure.cloud",
		"ap-northeast-3": "apne3.pure.cloud",
		"ap-southeast-1": "apse1.pure.cloud",
		"ap-southeast-2": "mypurecloud.com.au",
		"eusc-de-east-1": "edee1.eusc-pure.cloud",
	}
	for _, r := range Regions() {
		if want[r.Key] != r.Domain {
			t.Errorf("region %s has domain %q, want %q", r.Key, r.Domain, want[r.Key])
		}
		delete(want, r.Key)
	}
	for key := range want {
		t.Errorf("region %s is missing", key)
	}
}

func TestLookupRegionForms(t *testing.T) {
	for _, r := range Regions() {
		forms := []string{
			r.Key,
			strings.ReplaceAll(r.Key, "-", "_"),
			strings.ToUpper(r.Key),
			" " + r.Key + " ",
			r.Domain,
			"api." + r.Domain,
			"login." + r.Domain,
			"https://api." + r.Domain,
			"https://api." + r.Domain + "/",
			strings.ToUpper("api." + r.Domain),
		}
		for _, form := range forms {
			got, err := LookupRegion(form)
			if err != nil {
				t.Errorf("LookupRegion(%q): %v", form, err)
				continue
			}
			if got != r {
				t.Errorf("LookupRegion(%q) = %v, want %v", form, got, r)
			}
		}
	}
}

func TestRegionBaseURLs(t *testing.T) {
	for _, r := range Regions() {
		if got, want := r.APIBaseURL(), "https://api."+r.Domain; got != want {
			t.Errorf("%s APIBaseURL() = %q, want %q", r.Key, got, want)
		}
		if got, want := r.LoginBaseURL(), "https://login."+r.Domain; got != want {
			t.Errorf("%s LoginBaseURL() = %q, want %q", r.Key, got, want)
		}
	}

	r, err := LookupRegion("ap-southeast-2")
	if err != nil {
		t.Fatal(err)
	}
	if r.APIBaseURL() != "https://api.mypurecloud.com.au" {
		t.Errorf("ap-southeast-2 APIBaseURL() = %q", r.APIBaseURL())
	}
	if r.LoginBaseURL() != "https://login.mypurecloud.com.au" {
		t.Errorf("ap-southeast-2 LoginBaseURL() = %q", r.LoginBaseURL())
	}
}

func TestLookupRegionUnknown(t *testing.T) {
	for _, value := range []string{"us-east-9", "", "mypurecloud.example", "api.", "dca"} {
		_, err := LookupRegion(value)
		if err == nil {
			t.Errorf("LookupRegion(%q) returned no error", value)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, `"`+value+`"`) {
			t.Errorf("error %q does not name the value %q", msg, value)
		}
		for _, key := range RegionKeys() {
			if !strings.Contains(msg, key) {
				t.Errorf("error %q does not list key %s", msg, key)
			}
		}
	}
}
