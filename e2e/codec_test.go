package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
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
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/gcexport/gcexport/app"
	"github.com/gcexport/gcexport/codec"
	"github.com/gcexport/gcexport/config"
	"github.com/gcexport/gcexport/export"
	"github.com/gcexport/gcexport/simulator"
)

// writeKeyFile writes a new random key as hexadecimal digits and returns
// the file's path.
func writeKeyFile(t *testing.T, name string) string {
	t.Helper()
	key := make([]byte, codec.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// eventPayloads returns every payload inside an event, found by walking
// its messages, except the search attributes, which the server must read
// to index them and which are therefore never encrypted.
func eventPayloads(event *historypb.HistoryEvent) []*commonpb.Payload {
	var out []*commonpb.Payload
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if p, ok := m.Interface().(*commonpb.Payload); ok {
			out = append(out, p)
			return
		}
		if _, ok := m.Interface().(*commonpb.SearchAttributes); ok {
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			case fd.IsMap() && fd.MapValue().Message() != nil:
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					walk(mv.Message())
					return true
				})
			case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
				walk(v.Message())
			}
			return true
		})
	}
	walk(event.ProtoReflect())
	return out
}

// postCodec sends payloads to the codec endpoint's path and returns the
// status and the body.
func postCodec(t *testing.T, url string, payloads []*commonpb.Payload) (int, []byte) {
	t.Helper()
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: payloads})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

func TestEncryptedExportAndKeyRotation(t *testing.T) {
	f := simulator.SampleFixture()
	oldKey := writeKeyFile(t, "2025.key")
	newKey := writeKeyFile(t, "2026.key")
	before := config.EncryptionConfig{KeyID: "key-2025", KeyFile: oldKey}
	rotated := config.EncryptionConfig{KeyID: "key-2026", KeyFile: newKey, ReadOnlyKeys: "key-2025=" + oldKey}

	// A small export under the old key, before the rotation.
	h := newAppHarness(t, f, "e2e-codec-secret", before)
	if _, err := h.export("e2e-codec-before", export.Request{Include: []string{"routing_skill"}}); err != nil {
		t.Fatalf("export under the old key failed: %v", err)
	}

	// The whole org under the new key.
	h.temporal.Encryption = rotated
	summary, err := h.export("e2e-codec", export.Request{})
	if err != nil {
		t.Fatalf("encrypted export failed: %v", err)
	}
	if summary.Status != export.StatusComplete {
		t.Errorf("summary status = %s, want complete", summary.Status)
	}
	if m := readManifest(t, h.output); m.Status != "complete" || m.Org.ID != f.Org.ID {
		t.Errorf("manifest status %q org %q, want complete and %s", m.Status, m.Org.ID, f.Org.ID)
	}

	t.Run("raw history is unreadable", func(t *testing.T) {
		// The default client has no codec: it returns payloads as stored.
		events := historyEvents(t, server.GetDefaultClient(), "e2e-codec")
		plaintext := []string{f.Org.ID, `"include"`, `"objects"`, `"types"`, "routing_queue", "json/plain"}
		count := 0
		for _, event := range events {
			for _, p := range eventPayloads(event) {
				count++
				if got := string(p.Metadata[codec.MetadataEncoding]); got != codec.EncodingEncrypted {
					t.Errorf("event %d (%s): payload with encoding %q, want %q", event.EventId, event.EventType, got, codec.EncodingEncrypted)
				}
				if got := string(p.Metadata[codec.MetadataKeyID]); got != "key-2026" {
					t.Errorf("event %d (%s): payload key id %q, want key-2026", event.EventId, event.EventType, got)
				}
				for _, s := range plaintext {
					if bytes.Contains(p.Data, []byte(s)) {
						t.Errorf("event %d (%s): payload data contains %q", event.EventId, event.EventType, s)
					}
				}
			}
			// Failure messages and stack traces go into payloads too, so
			// no field of the event outside the search attributes names
			// the org.
			stripped := proto.Clone(event).(*historypb.HistoryEvent)
			if started := stripped.GetWorkflowExecutionStartedEventAttributes(); started != nil {
				started.SearchAttributes = nil
			}
			if upsert := stripped.GetUpsertWorkflowSearchAttributesEventAttributes(); upsert != nil {
				upsert.SearchAttributes = nil
			}
			data, err := proto.Marshal(stripped)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte(f.Org.ID)) {
				t.Errorf("event %d (%s) contains the org id in plain text", event.EventId, event.EventType)
			}
		}
		if count < len(f.Resources) {
			t.Errorf("the history holds %d payloads, fewer than the fixture's %d types", count, len(f.Resources))
		}
	})

	rotatedCodec, err := app.NewCodec(rotated, nil)
	if err != nil {
		t.Fatal(err)
	}
	endpoint := httptest.NewServer(codec.NewHTTPHandler(rotatedCodec, codec.DefaultAllowedOrigins))
	defer endpoint.Close()

	t.Run("codec endpoint decodes", func(t *testing.T) {
		started := historyEvents(t, server.GetDefaultClient(), "e2e-codec")[0].GetWorkflowExecutionStartedEventAttributes()
		status, body := postCodec(t, endpoint.URL+"/decode", started.GetInput().GetPayloads())
		if status != http.StatusOK {
			t.Fatalf("POST /decode: status %d: %s", status, body)
		}
		var decoded commonpb.Payloads
		if err := protojson.Unmarshal(body, &decoded); err != nil {
			t.Fatalf("decode response %s: %v", body, err)
		}
		var req export.Request
		if err := converter.GetDefaultDataConverter().FromPayloads(&decoded, &req); err != nil {
			t.Fatalf("decoded input is not an export request: %v", err)
		}
		if got := string(decoded.Payloads[0].Metadata[converter.MetadataEncoding]); got != converter.MetadataEncodingJSON {
			t.Errorf("decoded input encoding = %q, want %q", got, converter.MetadataEncodingJSON)
		}
	})

	t.Run("old key decodes after rotation", func(t *testing.T) {
		events := historyEvents(t, server.GetDefaultClient(), "e2e-codec-before")
		completed := events[len(events)-1].GetWorkflowExecutionCompletedEventAttributes()
		if completed == nil {
			t.Fatalf("last event of the export before the rotation is %s, want completed", events[len(events)-1].EventType)
		}
		result := completed.GetResult().GetPayloads()
		if got := string(result[0].Metadata[codec.MetadataKeyID]); got != "key-2025" {
			t.Fatalf("the result was written under key %q, want key-2025", got)
		}
		status, body := postCodec(t, endpoint.URL+"/decode", result)
		if status != http.StatusOK {
			t.Fatalf("POST /decode of an old payload: status %d: %s", status, body)
		}
		var decoded commonpb.Payloads
		if err := protojson.Unmarshal(body, &decoded); err != nil {
			t.Fatalf("decode response %s: %v", body, err)
		}
		var s export.Summary
		if err := converter.GetDefaultDataConverter().FromPayloads(&decoded, &s); err != nil {
			t.Fatalf("decoded old result is not a summary: %v", err)
		}
		if s.WorkflowID != "e2e-codec-before" {
			t.Errorf("decoded old result has workflow id %q, want e2e-codec-before", s.WorkflowID)
		}

		// A client with the rotated configuration reads the old result.
		c := h.dial(nil)
		s = export.Summary{}
		if err := c.GetWorkflow(context.Background(), "e2e-codec-before", "").Get(context.Background(), &s); err != nil {
			t.Fatalf("rotated client cannot read the old export's result: %v", err)
		}
		if s.Org.ID != f.Org.ID {
			t.Errorf("old result org id = %q, want %s", s.Org.ID, f.Org.ID)
		}
	})

	t.Run("missing key names its id", func(t *testing.T) {
		withoutOld, err := app.NewCodec(config.EncryptionConfig{KeyID: "key-2026", KeyFile: newKey}, nil)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(codec.NewHTTPHandler(withoutOld, nil))
		defer srv.Close()
		events := historyEvents(t, server.GetDefaultClient(), "e2e-codec-before")
		input := events[0].GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
		status, body := postCodec(t, srv.URL+"/decode", input)
		if status != http.StatusBadRequest {
			t.Errorf("POST /decode without the key: status %d, want 400", status)
		}
		if !strings.Contains(string(body), `"key-2025"`) || !strings.Contains(string(body), "not configured") {
			t.Errorf("error %q does not name the missing key key-2025", body)
		}
		_, err = withoutOld.Decode(input)
		if !errors.Is(err, codec.ErrUnknownKey) {
			t.Errorf("Decode error = %v, want ErrUnknownKey", err)
		}
	})

	t.Run("wrong key names its id", func(t *testing.T) {
		wrong, err := app.NewCodec(config.EncryptionConfig{KeyID: "key-2025", KeyFile: newKey}, nil)
		if err != nil {
			t.Fatal(err)
		}
		events := historyEvents(t, server.GetDefaultClient(), "e2e-codec-before")
		input := events[0].GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
		_, err = wrong.Decode(input)
		if !errors.Is(err, codec.ErrDecrypt) {
			t.Fatalf("Decode error = %v, want ErrDecrypt", err)
		}
		if !strings.Contains(err.Error(), `"key-2025"`) {
			t.Errorf("error %q does not name the key id key-2025", err)
		}
	})
}
