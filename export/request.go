// Package export holds the types that cross the Temporal boundary between
// the ExportOrg workflow, its activities and the starter: the request, the
// plan, page inputs and results, progress and the final summary. It has no
// I/O, so the workflow can import it.
package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Request is the input of the ExportOrg workflow. Every field has a default,
// so the empty request {} exports the whole org. Secrets are never part of
// it: workers read credentials from their own configuration.
type Request struct {
	// Include lists the filters of what to export: "type", "type::regex"
	// (matching the whole name), "type::id:<id>" or "type::field=value"
	// (package filter has the syntax). Empty means every type.
	Include []string `json:"include,omitempty"`
	// Exclude lists filters of what to leave out; it wins over Include.
	Exclude []string `json:"exclude,omitempty"`
	// Divisions, when set, keeps only objects in these divisions.
	Divisions []string `json:"divisions,omitempty"`
	// Output is the backup folder on the worker; "" means the folder in the
	// worker's configuration.
	Output string `json:"output,omitempty"`
	// WithDependencies adds, after the selected objects, every object they
	// reference, transitively, and the sub-resources of the selected
	// types.
	WithDependencies bool `json:"withDependencies,omitempty"`
	// TerraformFormat is the syntax of terraform/: "json" (.tf.json, the
	// default) or "hcl" (.tf).
	TerraformFormat string `json:"terraformFormat,omitempty"`
	// OmitDangling leaves out of the Terraform the attributes whose
	// reference points outside the backup; by default they keep the id.
	OmitDangling bool `json:"omitDangling,omitempty"`
	// SkipFlowYAML leaves out the flows' Architect YAML definitions, which
	// are exported through flow export jobs by default.
	SkipFlowYAML bool `json:"skipFlowYaml,omitempty"`
	// MaxParallelTypes bounds how many types of a layer export at once;
	// 0 means DefaultParallelTypes.
	MaxParallelTypes int `json:"maxParallelTypes,omitempty"`
	// MaxParallelPages bounds how many pages of one type run at once;
	// 0 means DefaultParallelPages.
	MaxParallelPages int `json:"maxParallelPages,omitempty"`
	// LockDeadline is how long, after the last layer, objects that stayed
	// locked (409 Conflict) are read again on timers with growing waits. It
	// is a Go duration such as "30m" or "2h". "" means DefaultLockDeadline,
	// and "0s" reports locked objects at once.
	LockDeadline string `json:"lockDeadline,omitempty"`

	// decodeErr keeps a decoding failure for Validate. The SDK decodes the
	// workflow input before the workflow runs. Had UnmarshalJSON returned
	// the error, the SDK would fail the workflow task and retry it for ever,
	// instead of failing the export once with a message.
	decodeErr error
}

const (
	DefaultParallelTypes = 4
	DefaultParallelPages = 4
	maxParallel          = 64
	// DefaultLockDeadline is how long locked objects are retried unless
	// the request sets LockDeadline: long enough for an administrator to
	// finish the edit that holds the lock.
	DefaultLockDeadline = 30 * time.Minute
	maxLockDeadline     = 24 * time.Hour
)

// UnmarshalJSON decodes a request strictly: an unknown field or a value of
// the wrong type is kept as the error that Validate returns.
func (r *Request) UnmarshalJSON(data []byte) error {
	type plain Request
	var p plain
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		*r = Request{decodeErr: DescribeDecodeError(err)}
		return nil
	}
	*r = Request(p)
	return nil
}

// DescribeDecodeError turns an error of decoding a request's JSON into one
// that names the unknown field, the field of the wrong type or the byte
// where the JSON is invalid.
func DescribeDecodeError(err error) error {
	msg := err.Error()
	if field, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fmt.Errorf("export request: unknown field %s (known: %s)", field, strings.Join(requestFields(), ", "))
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return fmt.Errorf("export request: the request must be a JSON object such as {} or {\"include\":[\"routing_queue\"]}, not a JSON %s", typeErr.Value)
		}
		return fmt.Errorf("export request: field %q must be %s, not a JSON %s", typeErr.Field, jsonTypeName(typeErr.Type), typeErr.Value)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Errorf("export request: invalid JSON at byte %d: %s", syntaxErr.Offset, strings.TrimPrefix(msg, "json: "))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("export request: invalid JSON: the request ends before its value is complete")
	}
	return fmt.Errorf("export request: %s", strings.TrimPrefix(msg, "json: "))
}

// jsonTypeName names a Go type as a JSON value, for messages meant for
// people who write JSON.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a JSON array of " + strings.TrimPrefix(jsonTypeName(t.Elem()), "a ") + "s"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Map, reflect.Struct:
		return "a JSON object"
	default:
		return t.String()
	}
}

// requestFields returns the sorted JSON names of the request's fields.
func requestFields() []string {
	var names []string
	t := reflect.TypeFor[Request]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if t.Field(i).IsExported() && name != "" && name != "-" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Validate checks what can be checked without the catalogue: decoding and
// bounds. The filters are compiled, and their type names checked, by the
// Plan activity, which has the catalogue.
func (r *Request) Validate() error {
	if r.decodeErr != nil {
		return r.decodeErr
	}
	var errs []error
	check := func(name string, v int) {
		if v < 0 || v > maxParallel {
			errs = append(errs, fmt.Errorf("export request: %s is %d; it must be 1 to %d, or 0 for the default", name, v, maxParallel))
		}
	}
	check("maxParallelTypes", r.MaxParallelTypes)
	check("maxParallelPages", r.MaxParallelPages)
	if r.LockDeadline != "" {
		d, err := time.ParseDuration(r.LockDeadline)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("export request: lockDeadline %q is not a duration such as \"30m\" or \"2h\"", r.LockDeadline))
		case d < 0 || d > maxLockDeadline:
			errs = append(errs, fmt.Errorf("export request: lockDeadline is %s; it must be 0s to %s", d, maxLockDeadline))
		}
	}
	switch r.TerraformFormat {
	case "", "json", "hcl":
	default:
		errs = append(errs, fmt.Errorf("export request: terraformFormat is %q; it must be \"json\" or \"hcl\"", r.TerraformFormat))
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

// ParallelTypes returns MaxParallelTypes or its default.
func (r *Request) ParallelTypes() int {
	if r.MaxParallelTypes > 0 {
		return r.MaxParallelTypes
	}
	return DefaultParallelTypes
}

// LockWait returns LockDeadline as a duration, or its default. It assumes
// a validated request.
func (r *Request) LockWait() time.Duration {
	if d, err := time.ParseDuration(r.LockDeadline); err == nil && r.LockDeadline != "" {
		return d
	}
	return DefaultLockDeadline
}

// ParallelPages returns MaxParallelPages or its default.
func (r *Request) ParallelPages() int {
	if r.MaxParallelPages > 0 {
		return r.MaxParallelPages
	}
	return DefaultParallelPages
}
