package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRunRejectsBadArguments(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		mention string
	}{
		{name: "unknown flag", args: []string{"--port", "1"}, mention: "port"},
		{name: "positional argument", args: []string{"org.json"}, mention: "org.json"},
		{name: "missing fixture", args: []string{"--fixture", filepath.Join(t.TempDir(), "none.json")}, mention: "none.json"},
		{name: "invalid address", args: []string{"--listen", "127.0.0.1:-1"}, mention: "listen"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("run(%q) = %v, want an error mentioning %s", tc.args, err, tc.mention)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	if err := run([]string{"--help"}); err != nil {
		t.Errorf("run --help: %v", err)
	}
}
