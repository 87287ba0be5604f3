package codec

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

func testKey(fill byte) []byte { return bytes.Repeat([]byte{fill}, KeySize) }

func mustCodec(t *testing.T, current string, keys map[string][]byte) *Codec {
	t.Helper()
	c, err := New(current, keys)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plainPayloads encodes values with the SDK's default converter, as
// workflow inputs and activity results are before the codec runs.
func plainPayloads(t *testing.T, values ...any) []*commonpb.Payload {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayloads(values...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Payloads
}

func TestCodecRoundTrip(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	in := plainPayloads(t, map[string]string{"orgId": "org-1234", "include": "routing_queue"}, 42, nil)
	encoded, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(encoded) != len(in) {
		t.Fatalf("Encode returned %d payloads, want %d", len(encoded), len(in))
	}
	for i, p := range encoded {
		if got := string(p.Metadata[MetadataEncoding]); got != EncodingEncrypted {
			t.Errorf("payload %d encoding = %q, want %q", i, got, EncodingEncrypted)
		}
		if got := string(p.Metadata[MetadataKeyID]); got != "k1" {
			t.Errorf("payload %d key id = %q, want k1", i, got)
		}
		for _, plain := range []string{"orgId", "org-1234", "routing_queue", "json/plain"} {
			if bytes.Contains(p.Data, []byte(plain)) {
				t.Errorf("payload %d ciphertext contains %q", i, plain)
			}
		}
	}
	decoded, err := c.Decode(encoded)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		if !proto.Equal(decoded[i], in[i]) {
			t.Errorf("payload %d decoded to %v, want %v", i, decoded[i], in[i])
		}
	}
}

func TestCodecNoncesDiffer(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	in := plainPayloads(t, "same value")
	a, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a[0].Data, b[0].Data) {
		t.Error("two encryptions of one payload gave the same ciphertext")
	}
}

func TestCodecPassesPlainPayloads(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	in := plainPayloads(t, "written before encryption")
	out, err := c.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(out[0], in[0]) {
		t.Errorf("plain payload changed: %v", out[0])
	}
}

func TestCodecDecodesAfterRotation(t *testing.T) {
	old := mustCodec(t, "2025-01", map[string][]byte{"2025-01": testKey(1)})
	written, err := old.Encode(plainPayloads(t, "old value"))
	if err != nil {
		t.Fatal(err)
	}
	rotated := mustCodec(t, "2026-01", map[string][]byte{"2026-01": testKey(2), "2025-01": testKey(1)})
	decoded, err := rotated.Decode(written)
	if err != nil {
		t.Fatalf("rotated codec cannot read the old key's payload: %v", err)
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(decoded[0], &s); err != nil || s != "old value" {
		t.Errorf("decoded %q, %v; want \"old value\"", s, err)
	}
	fresh, err := rotated.Encode(plainPayloads(t, "new value"))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(fresh[0].Metadata[MetadataKeyID]); got != "2026-01" {
		t.Errorf("rotated codec encrypts with key %q, want 2026-01", got)
	}
}

func TestCodecMissingKeyNamesID(t *testing.T) {
	old := mustCodec(t, "2025-01", map[string][]byte{"2025-01": testKey(1)})
	written, err := old.Encode(plainPayloads(t, "old value"))
	if err != nil {
		t.Fatal(err)
	}
	rotated := mustCodec(t, "2026-01", map[string][]byte{"2026-01": testKey(2)})
	_, err = rotated.Decode(written)
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("error = %v, want ErrUnknownKey", err)
	}
	if !strings.Contains(err.Error(), `"2025-01"`) {
		t.Errorf("error %q does not name the key id 2025-01", err)
	}
	if !strings.Contains(err.Error(), "2026-01") {
		t.Errorf("error %q does not list the configured key", err)
	}
}

func TestCodecWrongKeyNamesID(t *testing.T) {
	writer := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	written, err := writer.Encode(plainPayloads(t, "value"))
	if err != nil {
		t.Fatal(err)
	}
	reader := mustCodec(t, "k1", map[string][]byte{"k1": testKey(9)})
	_, err = reader.Decode(written)
	if !errors.Is(err, ErrDecrypt) {
		t.Fatalf("error = %v, want ErrDecrypt", err)
	}
	if !strings.Contains(err.Error(), `"k1"`) {
		t.Errorf("error %q does not name the key id k1", err)
	}
}

func TestCodecRejectsRelabelledPayload(t *testing.T) {
	// Both keys are configured, so only the additional data can tell that
	// the key id was changed.
	c := mustCodec(t, "a", map[string][]byte{"a": testKey(1), "b": testKey(1)})
	written, err := c.Encode(plainPayloads(t, "value"))
	if err != nil {
		t.Fatal(err)
	}
	written[0].Metadata[MetadataKeyID] = []byte("b")
	if _, err := c.Decode(written); !errors.Is(err, ErrDecrypt) {
		t.Errorf("relabelled payload: error = %v, want ErrDecrypt", err)
	}
}

func TestCodecRejectsTamperedCiphertext(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	written, err := c.Encode(plainPayloads(t, "value"))
	if err != nil {
		t.Fatal(err)
	}
	written[0].Data[len(written[0].Data)-1] ^= 1
	if _, err := c.Decode(written); !errors.Is(err, ErrDecrypt) {
		t.Errorf("tampered payload: error = %v, want ErrDecrypt", err)
	}
	written[0].Data = written[0].Data[:5]
	if _, err := c.Decode(written); !errors.Is(err, ErrDecrypt) {
		t.Errorf("truncated payload: error = %v, want ErrDecrypt", err)
	}
}

func TestNewRejectsBadKeys(t *testing.T) {
	cases := map[string]struct {
		current string
		keys    map[string][]byte
		want    string
	}{
		"short key":       {"k", map[string][]byte{"k": make([]byte, 16)}, "16 bytes"},
		"unknown current": {"x", map[string][]byte{"k": testKey(1)}, `"x"`},
		"no keys":         {"", nil, "no keys"},
		"empty id":        {"", map[string][]byte{"": testKey(1)}, "empty key id"},
		"id with comma":   {"a,b", map[string][]byte{"a,b": testKey(1)}, "commas"},
	}
	for name, tc := range cases {
		_, err := New(tc.current, tc.keys)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", name, err, tc.want)
		}
	}
}

func TestDecryptOnlyCodecCannotEncode(t *testing.T) {
	c := mustCodec(t, "", map[string][]byte{"k": testKey(1)})
	if _, err := c.Encode(plainPayloads(t, "x")); err == nil {
		t.Error("a codec without a current key encrypted")
	}
}

func TestParseKey(t *testing.T) {
	key := testKey(7)
	for name, text := range map[string]string{
		"hex":            hex.EncodeToString(key),
		"base64":         base64.StdEncoding.EncodeToString(key) + "\n",
		"raw base64":     base64.RawStdEncoding.EncodeToString(key),
		"URL base64":     base64.URLEncoding.EncodeToString(key),
		"raw URL base64": "  " + base64.RawURLEncoding.EncodeToString(key),
	} {
		got, err := ParseKey(text)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, key) {
			t.Errorf("%s: decoded %x, want %x", name, got, key)
		}
	}
	secretText := base64.StdEncoding.EncodeToString(make([]byte, 16))
	for name, text := range map[string]string{"empty": " \n", "16 bytes": secretText, "not encoded": "correct horse battery staple!"} {
		_, err := ParseKey(text)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), strings.TrimSpace(text)) && strings.TrimSpace(text) != "" {
			t.Errorf("%s: error %q repeats the key text", name, err)
		}
	}
}

func TestParseKeySources(t *testing.T) {
	sources, err := ParseKeySources(" 2024=/etc/old.key, 2025=env:OLD_KEY ,")
	if err != nil {
		t.Fatal(err)
	}
	want := []KeySource{{ID: "2024", File: "/etc/old.key"}, {ID: "2025", Env: "OLD_KEY"}}
	if len(sources) != len(want) {
		t.Fatalf("sources = %+v, want %+v", sources, want)
	}
	for i := range want {
		if sources[i] != want[i] {
			t.Errorf("source %d = %+v, want %+v", i, sources[i], want[i])
		}
	}
	for _, bad := range []string{"2024", "=x", "a=", "a=x,a=y"} {
		if _, err := ParseKeySources(bad); err == nil {
			t.Errorf("ParseKeySources(%q) returned no error", bad)
		}
	}
}

func TestKeySourceLoad(t *testing.T) {
	key := testKey(3)
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(name string) (string, bool) {
		if name == "OLD_KEY" {
			return base64.StdEncoding.EncodeToString(key), true
		}
		return "", false
	}
	for _, s := range []KeySource{{ID: "f", File: path}, {ID: "e", Env: "OLD_KEY"}} {
		got, err := s.Load(env)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("%+v: Load = %x, %v", s, got, err)
		}
	}
	if _, err := (KeySource{ID: "e", Env: "MISSING"}).Load(env); err == nil || !strings.Contains(err.Error(), "MISSING") {
		t.Errorf("missing variable: error = %v, want one naming MISSING", err)
	}
	if _, err := (KeySource{ID: "f", File: path + ".none"}).Load(env); err == nil {
		t.Error("missing file: no error")
	}
}

func TestHTTPHandlerDecodes(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	in := plainPayloads(t, map[string]string{"orgId": "org-1234"})
	encoded, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHTTPHandler(c, DefaultAllowedOrigins))
	defer srv.Close()

	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: encoded})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/decode", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", DefaultAllowedOrigins[0])
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /decode: %s: %s", resp.Status, data)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != DefaultAllowedOrigins[0] {
		t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, DefaultAllowedOrigins[0])
	}
	var out commonpb.Payloads
	if err := protojson.Unmarshal(data, &out); err != nil {
		t.Fatalf("decode response %s: %v", data, err)
	}
	if len(out.Payloads) != 1 || !proto.Equal(out.Payloads[0], in[0]) {
		t.Errorf("decoded %v, want %v", out.Payloads, in)
	}
}

func TestHTTPHandlerPreflight(t *testing.T) {
	c := mustCodec(t, "k1", map[string][]byte{"k1": testKey(1)})
	srv := httptest.NewServer(NewHTTPHandler(c, []string{"https://ui.example.internal"}))
	defer srv.Close()
	for origin, allowed := range map[string]bool{"https://ui.example.internal": true, "https://other.example": false} {
		req, err := http.NewRequest(http.MethodOptions, srv.URL+"/decode", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("%s: preflight status %d, want 204", origin, resp.StatusCode)
		}
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if allowed && got != origin {
			t.Errorf("%s: Access-Control-Allow-Origin = %q, want the origin", origin, got)
		}
		if !allowed && got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin = %q for an origin not allowed", origin, got)
		}
	}
}
