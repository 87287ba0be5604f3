package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Fault kinds: the ways a Fault with a Kind misbehaves. Each applies to the
// requests its Type, ID and Page select, for its Times or Seconds.
const (
	// FaultTokenThrottle makes the token endpoint return 400
	// invalid_request "rate limit exceeded; ...", as the login service
	// does under a burst of token requests. It takes no Type.
	FaultTokenThrottle = "token-throttle"
	// FaultExpireToken expires the bearer token of the request and returns
	// 401 as for any expired token. A new token works again.
	FaultExpireToken = "expire-token"
	// FaultReset hijacks the connection and closes it with a TCP reset
	// before any byte of the response.
	FaultReset = "reset"
	// FaultResetMidBody sends the status, the headers with the full
	// Content-Length and half of the body, then resets the connection.
	FaultResetMidBody = "reset-mid-body"
	// FaultSlow holds the response for Delay seconds, or until the client
	// gives up, and then sends it.
	FaultSlow = "slow"
	// FaultTruncated sends a complete 200 response whose body is the first
	// half of the JSON, with a Content-Length to match.
	FaultTruncated = "truncated"
	// FaultMalformed sends a 200 whose JSON has a syntax error: the colon
	// after the first key is missing.
	FaultMalformed = "malformed"
	// FaultOversize pads the JSON body with spaces to Bytes bytes.
	FaultOversize = "oversize"
	// FaultField sets Field to Value in the object ID, wherever it is
	// served, or in the envelope of list responses when ID is empty.
	FaultField = "field"
	// FaultDeepNesting adds a field "nested" of Depth nested arrays to the
	// object ID.
	FaultDeepNesting = "deep-nesting"
	// FaultInvalidUTF8 puts the bytes 0xff 0xfe, which are not UTF-8, into
	// the name of the object ID.
	FaultInvalidUTF8 = "invalid-utf8"
	// FaultCreate hides the object ID from every list and get-by-id until
	// the first response to page Page of its type's list: the object is
	// created while an exporter pages through the list.
	FaultCreate = "create"
	// FaultDelete removes the object ID from every list and get-by-id after
	// the first response to page Page of its type's list.
	FaultDelete = "delete"
)

// FaultKinds lists every Fault.Kind with what it does.
var FaultKinds = map[string]string{
	FaultTokenThrottle: "the token endpoint answers 400 invalid_request: rate limit exceeded",
	FaultExpireToken:   "the request's token expires and the request gets 401",
	FaultReset:         "the connection is reset before the response",
	FaultResetMidBody:  "the connection is reset in the middle of the body",
	FaultSlow:          "the response waits delay seconds",
	FaultTruncated:     "the body is cut in half, with a matching Content-Length",
	FaultMalformed:     "the body has a JSON syntax error",
	FaultOversize:      "the body is padded to bytes bytes",
	FaultField:         "field is set to value in the object id, or in list envelopes",
	FaultDeepNesting:   "the object id gets an array nested depth levels deep",
	FaultInvalidUTF8:   "the name of the object id holds invalid UTF-8",
	FaultCreate:        "the object id appears after the first response to page page",
	FaultDelete:        "the object id disappears after the first response to page page",
}

const defaultNestingDepth = 5000

// responseKinds replace or damage the whole response.
var responseKinds = []string{FaultReset, FaultResetMidBody, FaultSlow, FaultTruncated, FaultMalformed, FaultOversize}

// objectKinds alter one object wherever it is served.
var objectKinds = []string{FaultDeepNesting, FaultInvalidUTF8}

func validateFaultKind(fault Fault, keys map[string]map[string]bool) error {
	if _, ok := FaultKinds[fault.Kind]; !ok {
		kinds := make([]string, 0, len(FaultKinds))
		for k := range FaultKinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		return fmt.Errorf("unknown kind %q (known kinds: %s)", fault.Kind, strings.Join(kinds, ", "))
	}
	if fault.Status != 0 || fault.RetryAfter != 0 || fault.Permission != "" || fault.RateLimit != nil {
		return fmt.Errorf("kind %q takes no status, retryAfter, permission or rateLimit", fault.Kind)
	}
	if fault.Times > 0 && fault.Seconds > 0 {
		return errors.New("set times or seconds, not both")
	}
	if fault.Page < 0 || fault.Delay < 0 || fault.Depth < 0 || fault.Bytes < 0 {
		return errors.New("page, delay, depth and bytes must not be negative")
	}
	if fault.Kind == FaultTokenThrottle {
		if fault.Type != "" || fault.ID != "" || fault.Page != 0 {
			return errors.New("kind token-throttle applies to the token endpoint and takes no type, id or page")
		}
		return nil
	}
	if fault.Type == "" {
		return fmt.Errorf("kind %q needs a type", fault.Kind)
	}
	if endpointFor(fault.Type) == nil {
		return fmt.Errorf("unknown type %q", fault.Type)
	}
	if fault.ID != "" && !keys[fault.Type][fault.ID] {
		return fmt.Errorf("id %q not found in resources[%q]", fault.ID, fault.Type)
	}
	needsID := slices.Contains(objectKinds, fault.Kind) || fault.Kind == FaultCreate || fault.Kind == FaultDelete
	if needsID && fault.ID == "" {
		return fmt.Errorf("kind %q needs the id of the object it changes", fault.Kind)
	}
	switch {
	case fault.Kind == FaultSlow && fault.Delay == 0:
		return errors.New("kind slow needs a delay in seconds")
	case fault.Kind != FaultSlow && fault.Delay != 0:
		return fmt.Errorf("delay applies only to kind slow, not %q", fault.Kind)
	case fault.Kind == FaultOversize && fault.Bytes == 0:
		return errors.New("kind oversize needs bytes, the size of the padded body")
	case fault.Kind != FaultOversize && fault.Bytes != 0:
		return fmt.Errorf("bytes applies only to kind oversize, not %q", fault.Kind)
	case fault.Kind != FaultDeepNesting && fault.Depth != 0:
		return fmt.Errorf("depth applies only to kind deep-nesting, not %q", fault.Kind)
	case fault.Kind == FaultField && (fault.Field == "" || fault.Value == nil):
		return errors.New("kind field needs a field and a value")
	case fault.Kind != FaultField && (fault.Field != "" || fault.Value != nil):
		return fmt.Errorf("field and value apply only to kind field, not %q", fault.Kind)
	}
	if fault.Kind == FaultField {
		if _, err := json.Marshal(fault.Value); err != nil {
			return fmt.Errorf("value cannot be encoded as JSON: %w", err)
		}
	}
	return nil
}

// setField sets the dotted path field of obj to value, creating objects on
// the way and replacing whatever is in the way.
func setField(obj map[string]any, field string, value any) {
	parts := strings.Split(field, ".")
	for _, part := range parts[:len(parts)-1] {
		next, ok := obj[part].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[part] = next
		}
		obj = next
	}
	obj[parts[len(parts)-1]] = value
}

// nestedArray returns depth arrays, each holding the next.
func nestedArray(depth int) any {
	var v any = []any{}
	for range depth - 1 {
		v = []any{v}
	}
	return v
}

// invalidUTF8Marker is written into a name by FaultInvalidUTF8 and, once
// the body is encoded, replaced with bytes that are not UTF-8: an encoder
// would turn invalid bytes in a Go string into U+FFFD.
const invalidUTF8Marker = "gcsim-invalid-utf8-marker"

var invalidUTF8Bytes = []byte{0xff, 0xfe}
