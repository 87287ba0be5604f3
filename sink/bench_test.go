package sink

import (
	"fmt"
	"strings"
	"testing"
)

// benchObject returns a JSON object of about size bytes shaped like an API
// object: nested objects, arrays, numbers with many digits and non-ASCII
// text, with keys out of order.
func benchObject(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"selfUri":"/api/v2/users/6a1e5b3c","name":"Ana Lima – Vendas","id":"6a1e5b3c","version":12,"items":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"z":%d.125,"a":"valeur %d é","m":{"y":[1,2,3],"b":true,"id":"%08x-0000"}}`, i, i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkNormalizeJSON(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10} {
		raw := benchObject(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NormalizeJSON(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchBackup publishes a backup of n small objects spread over a few
// types, for the benchmarks of the manifest's listings and digests.
func benchBackup(b *testing.B, n int) *Dir {
	b.Helper()
	d, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	types := []string{"externalcontacts_contact", "user", "group_member", "architect_datatable_row"}
	for i := range n {
		id := fmt.Sprintf("%08x-4d2c-4b6e-9f1a-%012x", i, i)
		if err := d.WriteObject("bench", types[i%len(types)], id, []byte(`{"id":"`+id+`"}`)); err != nil {
			b.Fatal(err)
		}
	}
	if err := d.Publish("bench", "run"); err != nil {
		b.Fatal(err)
	}
	return d
}

func BenchmarkWriteChecksums(b *testing.B) {
	d := benchBackup(b, 20_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.WriteChecksums(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTypeDigest(b *testing.B) {
	d := benchBackup(b, 20_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := d.TypeDigest("user"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublishedIDs(b *testing.B) {
	d := benchBackup(b, 20_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.PublishedIDs("user"); err != nil {
			b.Fatal(err)
		}
	}
}
