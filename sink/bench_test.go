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
