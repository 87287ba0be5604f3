package devserver

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	enums "go.temporal.io/api/enums/v1"
)

// These cases fail before any Temporal service starts, so they take
// milliseconds.

func TestStartPortInUse(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = listener.Close() }()
	addr := listener.Addr().String()

	cases := []struct {
		name string
		opts Options
	}{
		{"frontend", Options{FrontendAddr: addr, UIAddr: NoUI}},
		{"UI", Options{FrontendAddr: "127.0.0.1:0", UIAddr: addr}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Start(t.Context(), tc.opts)
			if err == nil {
				_ = s.Stop()
				t.Fatalf("Start with %s address %s in use succeeded", tc.name, addr)
			}
			if !strings.Contains(err.Error(), addr) {
				t.Errorf("error does not name address %s: %v", addr, err)
			}
			if !strings.Contains(err.Error(), "already in use") {
				t.Errorf("error does not say the address is in use: %v", err)
			}
		})
	}
}

func TestStartStateDirUnusable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "state")} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s, err := Start(t.Context(), Options{StateDir: dir, FrontendAddr: "127.0.0.1:0", UIAddr: NoUI})
			if err == nil {
				_ = s.Stop()
				t.Fatalf("Start with state folder %s succeeded", dir)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error does not name folder %s: %v", dir, err)
			}
		})
	}
}

func TestStartInvalidOptions(t *testing.T) {
	keyword := enums.INDEXED_VALUE_TYPE_KEYWORD
	cases := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"frontend without port", Options{FrontendAddr: "127.0.0.1"}, `invalid frontend address "127.0.0.1"`},
		{"frontend host name", Options{FrontendAddr: "temporal.invalid:7233"}, "must be an IP address"},
		{"UI port out of range", Options{UIAddr: "127.0.0.1:70000"}, `invalid UI address "127.0.0.1:70000"`},
		{"reserved attribute", Options{SearchAttributes: map[string]enums.IndexedValueType{
			"WorkflowId": keyword}}, `search attribute "WorkflowId": the name is reserved`},
		{"attribute without type", Options{SearchAttributes: map[string]enums.IndexedValueType{
			"GcexportOrg": enums.INDEXED_VALUE_TYPE_UNSPECIFIED}}, `search attribute "GcexportOrg": missing type`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Start(t.Context(), tc.opts)
			if err == nil {
				_ = s.Stop()
				t.Fatalf("Start succeeded, want an error containing %q", tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}
