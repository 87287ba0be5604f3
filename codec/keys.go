package codec

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ParseKey decodes key material written as 64 hexadecimal digits or as the
// base64 (standard or URL alphabet, padded or not) of 32 bytes, as
// `openssl rand -base64 32` prints. Surrounding white space is ignored.
func ParseKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, errors.New("empty key")
	}
	if key, err := hex.DecodeString(text); err == nil {
		// Hexadecimal digits are valid base64 too, so a hexadecimal key of
		// the wrong length is reported as such rather than decoded.
		if len(key) != KeySize {
			return nil, fmt.Errorf("key is %d hexadecimal digits (%d bytes), want %d (%d bytes, AES-256)",
				len(text), len(key), 2*KeySize, KeySize)
		}
		return key, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(text); err == nil {
			if len(key) != KeySize {
				return nil, fmt.Errorf("key is %d bytes, want %d (AES-256)", len(key), KeySize)
			}
			return key, nil
		}
	}
	return nil, fmt.Errorf("key is neither 64 hexadecimal digits nor base64 of %d bytes "+
		"(create one with: openssl rand -base64 32)", KeySize)
}

// ReadKeyFile reads and decodes the key in a file, as ParseKey does.
func ReadKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// KeySource is the origin of one key: a file, or an environment variable
// that contains the key itself.
type KeySource struct {
	ID   string
	File string // path of a file with the key
	Env  string // name of an environment variable with the key
}

// ParseKeySources parses a comma-separated list of "id=FILE" and
// "id=env:NAME" entries, the form of read-only keys in the configuration.
func ParseKeySources(list string) ([]KeySource, error) {
	var sources []KeySource
	seen := map[string]bool{}
	for _, entry := range strings.Split(list, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		id, where, ok := strings.Cut(entry, "=")
		id, where = strings.TrimSpace(id), strings.TrimSpace(where)
		if !ok || id == "" || where == "" {
			return nil, fmt.Errorf("entry %q is not id=FILE or id=env:NAME", entry)
		}
		if err := checkKeyID(id); err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, fmt.Errorf("key id %q is listed twice", id)
		}
		seen[id] = true
		source := KeySource{ID: id, File: where}
		if name, isEnv := strings.CutPrefix(where, "env:"); isEnv {
			source = KeySource{ID: id, Env: name}
		}
		sources = append(sources, source)
	}
	return sources, nil
}

// Load returns the key of the source. lookupEnv reads environment
// variables; nil means os.LookupEnv.
func (s KeySource) Load(lookupEnv func(string) (string, bool)) ([]byte, error) {
	if s.Env == "" {
		return ReadKeyFile(s.File)
	}
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	value, ok := lookupEnv(s.Env)
	if !ok || strings.TrimSpace(value) == "" {
		return nil, fmt.Errorf("environment variable %s is not set", s.Env)
	}
	key, err := ParseKey(value)
	if err != nil {
		return nil, fmt.Errorf("environment variable %s: %w", s.Env, err)
	}
	return key, nil
}
