package genesys

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"
	"unicode/utf8"
)

// maxBodyDepth is the deepest nesting of a whole response body that the
// client decodes. It is the limit of encoding/json (Go 1.15 and later),
// whose decoder rejects deeper documents anyway.
const maxBodyDepth = 10000

// ErrMalformedBody is the cause of a *Error for a 2xx body that is not
// valid JSON: cut short, or with a syntax error. Such a body may be a
// one-off, such as a proxy that dropped the end of a response, so its class
// is ClassTransient. Callers that retry it should give up after a few
// tries, because a body that is malformed every time stays malformed.
var ErrMalformedBody = errors.New("malformed JSON body")

// malformedBodyError describes where a body stops being valid JSON.
type malformedBodyError struct {
	size   int
	offset int64
	cause  error
}

func (e *malformedBodyError) Error() string {
	var syntax *json.SyntaxError
	if errors.As(e.cause, &syntax) && syntax.Offset >= int64(e.size) {
		return fmt.Sprintf("the body ends after %d bytes in the middle of a JSON value (cut short?): %v", e.size, e.cause)
	}
	return fmt.Sprintf("invalid JSON at byte %d of %d: %v", e.offset, e.size, e.cause)
}

func (e *malformedBodyError) Is(target error) bool { return target == ErrMalformedBody }

func (e *malformedBodyError) Unwrap() error { return e.cause }

// checkJSONBody returns a *malformedBodyError for a body that is not one
// valid JSON document, and a plain error for one nested deeper than
// maxBodyDepth. It decodes nothing when the body is valid.
func checkJSONBody(body []byte) (malformed *malformedBodyError, tooDeep error) {
	if depth := jsonDepth(body); depth > maxBodyDepth {
		return nil, fmt.Errorf("the body nests arrays and objects %d levels deep, over the limit of %d", depth, maxBodyDepth)
	}
	if json.Valid(body) {
		return nil, nil
	}
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	if err == nil {
		// json.Valid and json.Unmarshal disagree only on a body that is
		// valid after all; keep the body as valid.
		return nil, nil
	}
	offset := int64(len(body))
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		offset = syntax.Offset
	}
	return &malformedBodyError{size: len(body), offset: offset, cause: err}, nil
}

// jsonDepth returns the deepest nesting of arrays and objects in data,
// skipping brackets inside strings. It reads data once and allocates
// nothing, so it is safe on hostile input of any size.
func jsonDepth(data []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, b := range data {
		switch {
		case inString && escaped:
			escaped = false
		case inString && b == '\\':
			escaped = true
		case inString && b == '"':
			inString = false
		case inString:
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
			deepest = max(deepest, depth)
		case b == '}' || b == ']':
			depth--
		}
	}
	return deepest
}

// invalidUTF8Offset returns the byte offset of the first invalid UTF-8
// sequence in data, or -1 when data is valid UTF-8.
func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// CheckObject returns an error when the client cannot keep one object as
// the API returned it: invalid UTF-8, which a JSON decoder would silently
// replace with U+FFFD, or nesting deeper than Config.MaxJSONDepth. It
// returns nil for an object that is fit to store.
func (c *Client) CheckObject(raw []byte) error {
	if offset := invalidUTF8Offset(raw); offset >= 0 {
		return fmt.Errorf("the object contains invalid UTF-8 at byte %d of %d", offset, len(raw))
	}
	if depth := jsonDepth(raw); depth > c.maxJSONDepth {
		return fmt.Errorf("the object nests arrays and objects %d levels deep, over the limit of %d (Config.MaxJSONDepth)",
			depth, c.maxJSONDepth)
	}
	return nil
}

// describeTypeError names the listing field whose JSON type is wrong, such
// as "field pageCount is a JSON string, not a number".
func describeTypeError(err *json.UnmarshalTypeError) string {
	field := err.Field
	if field == "" {
		field = "the body"
	} else {
		field = "field " + field
	}
	return fmt.Sprintf("%s is a JSON %s, not %s", field, err.Value, jsonKind(err.Type))
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if t == reflect.TypeOf(json.RawMessage(nil)) {
			return "a JSON value"
		}
		return "an array"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	default:
		return "a number"
	}
}

// scale multiplies a wait by the configured time scale.
func scale(d time.Duration, factor float64) time.Duration {
	if factor == 1 || d <= 0 {
		return d
	}
	return time.Duration(float64(d) * factor)
}
