package app

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestContainerMemoryLimit(t *testing.T) {
	v2, v1 := cgroupMemoryFiles[0], cgroupMemoryFiles[1]
	cases := []struct {
		name  string
		files fstest.MapFS
		limit int64
		err   string
	}{
		{name: "no cgroup files", files: fstest.MapFS{}},
		{name: "v2 limit", files: fstest.MapFS{v2: {Data: []byte("536870912\n")}}, limit: 512 << 20},
		{name: "v2 without limit", files: fstest.MapFS{v2: {Data: []byte("max\n")}}},
		{name: "v1 limit", files: fstest.MapFS{v1: {Data: []byte("268435456\n")}}, limit: 256 << 20},
		{name: "v1 without limit", files: fstest.MapFS{v1: {Data: []byte("9223372036854771712\n")}}},
		{name: "v2 read before v1", files: fstest.MapFS{
			v2: {Data: []byte("1073741824")}, v1: {Data: []byte("268435456")},
		}, limit: 1 << 30},
		{name: "garbage", files: fstest.MapFS{v2: {Data: []byte("lots")}}, err: `invalid memory limit "lots" in memory.max`},
		{name: "zero", files: fstest.MapFS{v2: {Data: []byte("0")}}, err: `invalid memory limit "0" in memory.max`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			limit, _, err := containerMemoryLimit(tc.files)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if limit != tc.limit {
				t.Errorf("limit = %d, want %d", limit, tc.limit)
			}
		})
	}
}
