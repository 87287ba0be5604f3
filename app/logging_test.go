package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
)

func TestLowerCamel(t *testing.T) {
	cases := map[string]string{
		"taskQueue":    "taskQueue",
		"WorkflowID":   "workflowID",
		"TaskQueue":    "taskQueue",
		"ID":           "id",
		"HTTPServer":   "httpServer",
		"wf-id":        "wfId",
		"service-name": "serviceName",
		"grpc_code":    "grpcCode",
		"Error":        "error",
		"2fa":          "key2fa",
	}
	for in, want := range cases {
		got := LowerCamel(in)
		if got != want {
			t.Errorf("LowerCamel(%q) = %q, want %q", in, got, want)
		}
		if !IsLowerCamel(got) {
			t.Errorf("LowerCamel(%q) = %q is not lowerCamel", in, got)
		}
	}
}

func TestLogFormatChoice(t *testing.T) {
	var buf bytes.Buffer
	if got := LogFormatOf(&buf, LogFormatAuto); got != LogFormatJSON {
		t.Errorf("auto on a buffer = %s, want json", got)
	}
	if got := LogFormatOf(&buf, LogFormatText); got != LogFormatText {
		t.Errorf("text on a buffer = %s, want text", got)
	}
	file, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if got := LogFormatOf(file, LogFormatAuto); got != LogFormatJSON {
		t.Errorf("auto on a regular file = %s, want json", got)
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if got := LogFormatOf(tty, LogFormatAuto); got != LogFormatText {
			t.Errorf("auto on /dev/tty = %s, want text", got)
		}
	}

	NewLogger(&buf, LogFormatText, slog.LevelInfo, nil).Info("started", "taskQueue", "q")
	if line := buf.String(); !strings.Contains(line, "msg=started taskQueue=q") {
		t.Errorf("text format wrote %q", line)
	}
}

func TestLoggerRedactsSecrets(t *testing.T) {
	var buf bytes.Buffer
	secret := "s3cr3t-value"
	logger := NewLogger(&buf, LogFormatJSON, slog.LevelInfo, []string{secret, ""})
	logger.With("header", "Basic "+secret).Info("token request with "+secret+" failed",
		"error", errors.New("invalid client "+secret),
		slog.Group("request", slog.String("body", "client_secret="+secret)))
	out := buf.String()
	if strings.Contains(out, secret) {
		t.Errorf("the secret appears in the log: %s", out)
	}
	if strings.Count(out, "<redacted>") != 4 {
		t.Errorf("want 4 redactions (message, With, error, group): %s", out)
	}
	var record map[string]any
	if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
		t.Fatalf("not one JSON line: %v\n%s", err, out)
	}
}

func TestServerLoggerKeysRenamed(t *testing.T) {
	var buf bytes.Buffer
	logger := WithLowerCamelKeys(NewLogger(&buf, LogFormatJSON, slog.LevelInfo, nil))
	logger.With("service-name", "frontend").WithGroup("shard-info").Warn("poll failed", "wf-id", "w1", "grpc_code", 14)
	var record map[string]any
	if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
		t.Fatalf("not one JSON line: %v\n%s", err, buf.String())
	}
	if record["serviceName"] != "frontend" {
		t.Errorf("serviceName = %v in %s", record["serviceName"], buf.String())
	}
	group, ok := record["shardInfo"].(map[string]any)
	if !ok {
		t.Fatalf("no shardInfo group in %s", buf.String())
	}
	if group["wfId"] != "w1" || group["grpcCode"] != float64(14) {
		t.Errorf("group = %v, want wfId and grpcCode", group)
	}
}
