package terraform

import (
	"fmt"
	"testing"

	"github.com/gcexport/gcexport/catalog"
	"github.com/gcexport/gcexport/simulator/sample"
)

// benchNames are label texts of the kinds an org holds: plain, punctuated,
// accented, non-Latin, empty, and duplicates.
var benchNames = []string{"Sales Queue", "Sales Queue!", "sales queue", "Очередь продаж", "", "Cola de ventas ñ", "キュー", "Support / EMEA (Tier 2)"}

func BenchmarkBaseLabel(b *testing.B) {
	ids := make([]string, len(benchNames))
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012d", i*7919, i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n := i % len(benchNames)
		_ = baseLabel(benchNames[n], ids[n])
	}
}

// BenchmarkAssignLabels labels 10,000 objects of one type whose names
// repeat, so that many get id suffixes.
func BenchmarkAssignLabels(b *testing.B) {
	objs := make([]*object, 10_000)
	for i := range objs {
		objs[i] = &object{
			id:  fmt.Sprintf("%08x-0000-4000-8000-%012d", i*7919, i),
			raw: map[string]any{"name": benchNames[i%len(benchNames)] + fmt.Sprint(i%500)},
		}
	}
	text := func(o *object) string { return o.raw["name"].(string) }
	b.ReportAllocs()
	for b.Loop() {
		assignLabels(objs, text)
	}
}

// BenchmarkWrite writes the Terraform of a generated org of about 8,600
// objects (sample scale 10) as JSON and as HCL.
func BenchmarkWrite(b *testing.B) {
	f := sample.Generate(sample.Config{Seed: 1, Scale: 10})
	src := fixtureSource(b, f.Resources)
	objects := 0
	for _, objs := range f.Resources {
		objects += len(objs)
	}
	for _, format := range []Format{FormatJSON, FormatHCL} {
		b.Run(string(format), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Write(catalog.Default(), src, Options{Format: format}, memDir{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(objects), "ns/object")
		})
	}
}
