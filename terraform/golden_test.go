package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator/sample"
)

// TestGoldenCorpus writes the Terraform of the sample org and of generated
// orgs, in both formats and with several options, under the folder that
// TF_GOLDEN_DIR names, together with each run's report. Comparing two such
// folders with diff -r shows whether a change to the writer changed its
// output. Without TF_GOLDEN_DIR the test is skipped.
func TestGoldenCorpus(t *testing.T) {
	root := os.Getenv("TF_GOLDEN_DIR")
	if root == "" {
		t.Skip("TF_GOLDEN_DIR is not set")
	}
	sources := map[string]Source{
		"org":     fixtureSource(t, sampleResources(t)),
		"gen1x10": fixtureSource(t, sample.Generate(sample.Config{Seed: 1, Scale: 10}).Resources),
		"gen2x3":  goldenDeps(fixtureSource(t, sample.Generate(sample.Config{Seed: 2, Scale: 3}).Resources)),
		"broken":  goldenBroken(fixtureSource(t, sampleResources(t))),
	}
	options := map[string]Options{
		"default": {},
		"omit":    {OmitDangling: true, LegacyFlowHash: true},
		"version": {ProviderVersion: "= 1.70.0"},
	}
	for srcName, src := range sources {
		for optName, opts := range options {
			for _, format := range []Format{FormatJSON, FormatHCL} {
				opts.Format = format
				dir := filepath.Join(root, fmt.Sprintf("%s-%s-%s", srcName, optName, format))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				files, rep := write(t, src, opts)
				for name, data := range files {
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				data, err := marshalJSON(rep)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "report.json"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// goldenDeps gives every flow of src depends_on entries: the queues and
// skills in id order, every third one, and an id the backup does not hold.
func goldenDeps(src *memSource) Source {
	src.deps = map[objectKey][]catalog.Reference{}
	var targets []catalog.Reference
	for _, typ := range []string{"routing_queue", "routing_skill", "flow"} {
		for _, id := range sortedKeys(src.objects[typ]) {
			targets = append(targets, catalog.Reference{Path: "consumed", To: typ, ID: id})
		}
	}
	for i, id := range sortedKeys(src.objects["flow"]) {
		var refs []catalog.Reference
		for j := i % 3; j < len(targets); j += 3 {
			refs = append(refs, targets[j])
		}
		refs = append(refs, catalog.Reference{Path: "consumed", To: "routing_queue", ID: "missing-" + id})
		src.deps[objectKey{"flow", id}] = refs
	}
	return memDeps{src}
}

// goldenBroken damages src so that the writer meets its rarer cases. It
// adds a user without its required email, an edge group whose required set
// names only a missing object, a queue member without a queue, and skills
// whose names and id prefixes collide.
func goldenBroken(src *memSource) Source {
	users := sortedKeys(src.objects["user"])
	delete(src.objects["user"][users[0]], "email")
	for _, id := range sortedKeys(src.objects["telephony_providers_edges_edge_group"]) {
		src.objects["telephony_providers_edges_edge_group"][id]["phoneTrunkBases"] = []any{map[string]any{"id": "missing-base"}}
	}
	src.add("routing_queue_member", "no-such-queue_"+users[1], map[string]any{"id": users[1]})
	for i, id := range []string{
		"0000aaaa-0000-4000-8000-000000000001",
		"0000aaaa-0000-4000-8000-000000000002",
		"0000aaaa-1111-4000-8000-000000000003",
		"skill-without-guid",
		"skill-without-guid-2",
	} {
		src.add("routing_skill", id, map[string]any{"id": id, "name": fmt.Sprintf("Twin %d", i%2)})
	}
	return src
}
