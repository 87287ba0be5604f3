package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gcexport/gcexport/simulator"
	"github.com/gcexport/gcexport/simulator/sample"
)

// Shares of an org's objects that the benchmark's org gives the types that
// dominate real orgs. Users come with one authorization subject each
// (user_roles, which the simulator also lists per role), so users and their
// grants make 24%. Queue members and the other types fill the rest, in the
// proportions of the sample generator.
const (
	userShare     = 0.12
	inactiveShare = 0.10 // of the users
	rowShare      = 0.15
	contactShare  = 0.25
)

// buildOrg generates an org of about n objects (exactly n when n is large
// enough for the mix) from seed, without the sample's faults.
func buildOrg(n int, seed uint64) (*simulator.Fixture, error) {
	if n < 2000 {
		return nil, fmt.Errorf("--objects %d: the mix needs at least 2000 objects", n)
	}
	users := int(float64(n) * userShare)
	inactive := int(float64(users) * inactiveShare)
	cfg := sample.Config{Seed: seed, ActiveUsers: users - inactive, InactiveUsers: inactive, DataTableRows: int(float64(n) * rowShare)}
	contacts := int(float64(n) * contactShare)

	// Every type but external contacts grows linearly with Scale once the
	// user count is fixed, so two small orgs give the Scale that leaves
	// room for the contacts.
	others := func(scale int) int {
		cfg.Scale = scale
		f := sample.Generate(cfg)
		return total(f) - len(f.Resources["externalcontacts_contact"])
	}
	one, two := others(1), others(2)
	scale := max(1, int(float64(n-contacts-one)/float64(two-one))+1)
	cfg.Scale = scale
	f := sample.Generate(cfg)
	f.Faults = nil
	want := n - (total(f) - len(f.Resources["externalcontacts_contact"]))
	if want < 1 {
		return nil, fmt.Errorf("--objects %d: the mix leaves no room for external contacts", n)
	}
	f.Resources["externalcontacts_contact"] = resize(f.Resources["externalcontacts_contact"], want)
	return f, nil
}

// resize repeats or cuts objects to n, giving each repeat a new id. The
// repeats keep their references, which point at objects of the org.
func resize(objects []map[string]any, n int) []map[string]any {
	if len(objects) >= n {
		return objects[:n]
	}
	out := make([]map[string]any, 0, n)
	out = append(out, objects...)
	for i := 0; len(out) < n; i++ {
		src := objects[i%len(objects)]
		copied := maps.Clone(src)
		id := repeatID(src["id"].(string), i)
		if self, ok := src["selfUri"].(string); ok {
			copied["selfUri"] = strings.ReplaceAll(self, src["id"].(string), id)
		}
		copied["id"] = id
		out = append(out, copied)
	}
	return out
}

// repeatID returns the id of repeat i of the object with id: a GUID in
// lowercase canonical form, as the API's ids are, drawn from both.
func repeatID(id string, i int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d", id, i))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func total(f *simulator.Fixture) int {
	n := 0
	for _, objects := range f.Resources {
		n += len(objects)
	}
	return n
}

// typeCounts returns the org's object count per type, sorted by name.
func typeCounts(f *simulator.Fixture) ([]string, map[string]int) {
	counts := map[string]int{}
	for typ, objects := range f.Resources {
		counts[typ] = len(objects)
	}
	return slices.Sorted(maps.Keys(counts)), counts
}
