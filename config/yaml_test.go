package config

import (
	"strings"
	"testing"
)

func TestUnknownYAMLKey(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "temporal:\n  address: 127.0.0.1:7233\n  adress: 127.0.0.1:7233\n")
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil {
		t.Fatal("Load accepted an unknown key")
	}
	want := `config: unknown key "temporal.adress" in ` + file + ` (line 3) (did you mean "temporal.address"?)`
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
}

func TestUnknownYAMLKeys(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", `
genesys:
  clientid: x        # a case variant of a known key is accepted
  clientSecret: y
  token: z
workers: 4
output: ./out
`)
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil {
		t.Fatal("Load accepted unknown keys")
	}
	for _, want := range []string{`unknown key "genesys.token"`, `unknown key "workers"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "clientid") {
		t.Errorf("error %q rejects a case variant of clientId", err)
	}
}

func TestYAMLKeyCaseIsIgnored(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "Genesys:\n  ClientID: x\n  CLIENTSECRET: y\nlogLevel: debug\n")
	cfg := load(t, LoadOptions{File: file})
	if cfg.Genesys.ClientID != "x" || cfg.Genesys.ClientSecret != "y" {
		t.Errorf("genesys = %s", cfg.Genesys.withSecret())
	}
}

func TestYAMLWrongShapes(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"list for a value", "output:\n  - a\n  - b\n", "config: output: must be a single value, not a list or mapping"},
		{"mapping for a value", "temporal:\n  address:\n    host: x\n", "config: temporal.address: must be a single value"},
		{"scalar for a section", "genesys: mypurecloud.com\n", "config: genesys: must be a mapping with keys clientId, clientSecret, region, apiUrl, loginUrl"},
		{"duplicate key", "output: a\noutput: b\n", `config: duplicate key "output" in`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inEmptyDir(t)
			_, err := Load(LoadOptions{File: writeFile(t, "gcexport.yaml", tt.content), Env: env(nil)})
			if err == nil {
				t.Fatal("Load returned no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "must not be empty") {
				t.Errorf("error %q also reports the bad value as empty", err)
			}
		})
	}
}

func TestYAMLSyntaxError(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "temporal:\n  address: [unclosed\n")
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "config: cannot parse "+file) {
		t.Errorf("error = %v, want a parse error naming the file", err)
	}
}

func TestYAMLTopLevelNotMapping(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "- output\n- temporal\n")
	_, err := Load(LoadOptions{File: file, Env: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "top level must be a mapping") {
		t.Errorf("error = %v", err)
	}
}

func TestYAMLAnchorValue(t *testing.T) {
	inEmptyDir(t)
	file := writeFile(t, "gcexport.yaml", "output: &dir /shared\nstateDir: *dir\n")
	cfg := load(t, LoadOptions{File: file})
	if cfg.StateDir != "/shared" {
		t.Errorf("stateDir = %q, want the anchored value", cfg.StateDir)
	}
}
