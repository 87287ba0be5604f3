package activities

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/gcexport/gcexport/genesys"
)

func TestWrongReferenceType(t *testing.T) {
	cases := []struct {
		object, path, want string // want "" for a fitting object
	}{
		{`{"division":{"id":"d1"}}`, "division.id", ""},
		{`{}`, "division.id", ""},
		{`{"division":null}`, "division.id", ""},
		{`{"division":"d1"}`, "division.id", "division is a JSON string, not an object"},
		{`{"division":{"id":7}}`, "division.id", "division.id is a JSON number, not a string id"},
		{`{"skills":[{"id":"s1"},{"id":{"x":1}}]}`, "skills[].id", "skills[1].id is a JSON object, not a string id"},
		{`{"skills":{"id":"s1"}}`, "skills[].id", "skills is a JSON object, not an array"},
		{`{"roleIds":["r1",true]}`, "roleIds[]", "roleIds[1] is a JSON boolean, not a string id"},
		{`{"defaultScripts":{"CALL":{"id":"x"},"EMAIL":{"id":false}}}`, "defaultScripts.*.id", "defaultScripts.EMAIL.id is a JSON boolean, not a string id"},
	}
	for _, tc := range cases {
		var obj any
		if err := json.Unmarshal([]byte(tc.object), &obj); err != nil {
			t.Fatal(err)
		}
		got := wrongReferenceType(obj, strings.Split(tc.path, "."), "")
		if got != tc.want {
			t.Errorf("wrongReferenceType(%s, %s) = %q, want %q", tc.object, tc.path, got, tc.want)
		}
	}
}

func TestEntityLabel(t *testing.T) {
	cases := map[string]string{
		`{"id":42,"name":"x"}`: "id=42",
		`{"name":"x"}`:         "page 3 entity 5",
		`[1,2]`:                "page 3 entity 5",
	}
	for raw, want := range cases {
		if got := entityLabel(json.RawMessage(raw), "", 3, 5); got != want {
			t.Errorf("entityLabel(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestPageErrorGivesUpOnMalformedBodies(t *testing.T) {
	malformed := &genesys.Error{Class: genesys.ClassTransient, Status: 200, Method: "GET", Path: "/api/v2/x",
		Message: "response body is not valid JSON", Err: fmt.Errorf("wrapped: %w", genesys.ErrMalformedBody)}
	for attempt := int32(1); attempt <= malformedAttempts; attempt++ {
		var appErr *temporal.ApplicationError
		if !errors.As(pageError(fmt.Errorf("list x page 1: %w", malformed), attempt), &appErr) {
			t.Fatalf("attempt %d: not an application error", attempt)
		}
		last := attempt == malformedAttempts
		if appErr.NonRetryable() != last {
			t.Errorf("attempt %d: non-retryable = %v, want %v", attempt, appErr.NonRetryable(), last)
		}
		if last && (appErr.Type() != "Invalid" || !strings.Contains(appErr.Message(), "reported as failed")) {
			t.Errorf("attempt %d: type %s, message %q", attempt, appErr.Type(), appErr.Message())
		}
	}
	var appErr *temporal.ApplicationError
	transient := &genesys.Error{Class: genesys.ClassTransient, Status: 503, Method: "GET", Path: "/api/v2/x"}
	if !errors.As(pageError(transient, malformedAttempts+2), &appErr) || appErr.NonRetryable() {
		t.Errorf("a 503 on a late attempt = %v, want retryable", appErr)
	}
}
