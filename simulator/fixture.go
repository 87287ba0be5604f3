package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/gcexport/gcexport/internal/typehint"
)

// Fixture is an org as the simulator serves it.
type Fixture struct {
	Org Org `json:"org"`
	// Resources maps a catalogue type name (such as "routing_queue") to its
	// objects, each in the shape that the type's get-by-id returns, or for a
	// type without get-by-id (queue members) the shape of its list entries.
	// Each object has a string "id", except the types identified by another
	// field: a data table row by its "key" and a core type by its "name".
	// Fields that the API returns only on request (user expand fields, an
	// integration's config, a data table's schema, a row's columns) are
	// stored in full, and the server leaves them out unless the request
	// names them. Credentials may also carry createdDate and modifiedDate,
	// which only the credentials listing returns.
	//
	// Objects of a type listed under a parent (data table rows, flow
	// versions, email routes, queue members and wrap-up codes, group and team
	// members) name their parent object in the fixture-only string field
	// "_parentId". The server strips it from every response, because the API
	// returns no such field: a row does not even carry its table's id. Such
	// an object's id need only be unique within its parent, and faults and
	// ObjectRequests name it "<parentId>_<id>". An authorization subject
	// (user_roles, group_roles) has no _parentId, because its id is the id
	// of its user or group.
	Resources map[string][]map[string]any `json:"resources"`
	// Dependencies maps a flow's id to the resources that the flow
	// consumes, as GET /api/v2/architect/dependencytracking/consumedresources
	// returns them for every version of the flow:
	// {"<flowId>": [{"type": "QUEUE", "id": "...", "name": "..."}]}. Each
	// entry needs a Dependency type, an id and a name, and may set version,
	// deleted, updated and stateUnknown. The id need not be an object of
	// the fixture, as a real flow may consume a deleted queue or a system
	// prompt.
	Dependencies map[string][]Dependency `json:"dependencies,omitempty"`
	Faults       []Fault                 `json:"faults,omitempty"`
}

// Org is the identity of the simulated org.
type Org struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Region is the org's domain, such as "mypurecloud.com" or
	// "mypurecloud.de": the API host is api.<Region>.
	Region string `json:"region"`
}

// Fault makes the server respond to matching requests with an error status,
// or misbehave in the way its Kind names.
//
// A fault with Type and ID applies to get-by-id requests for that object;
// an object listed under a parent is named "<parentId>_<id>". A fault with
// Type only applies to every list and get-by-id request of the type, under
// every parent. Page narrows a fault to the list requests of one page. A
// fault with RateLimit and nothing else limits every API request.
// When several faults match a request, the first active one in fixture
// order responds, and only that fault counts the request. The kinds that
// alter one object (FaultField with an ID, FaultDeepNesting,
// FaultInvalidUTF8) and FaultCreate and FaultDelete are applied on top of
// that; FaultKinds describes each kind.
type Fault struct {
	Type   string `json:"type,omitempty"`
	ID     string `json:"id,omitempty"`
	Status int    `json:"status,omitempty"`
	// Kind is one of the FaultKinds; empty means an error Status.
	Kind string `json:"kind,omitempty"`
	// Page limits the fault to the list requests of this pageNumber of a
	// page-numbered list, page 1 for a request without one. For FaultCreate
	// and FaultDelete it is the page whose first response changes the
	// list; zero means 1.
	Page int `json:"page,omitempty"`
	// Delay is how long, in seconds, a FaultSlow holds each response.
	Delay float64 `json:"delay,omitempty"`
	// Field and Value are the field a FaultField sets and its value, in
	// the object ID or, without an ID, in the envelope of list responses.
	// Field may name a nested field with dots ("division.id"). Value is
	// any value encoding/json can encode.
	Field string `json:"field,omitempty"`
	Value any    `json:"value,omitempty"`
	// Depth is the nesting of the array a FaultDeepNesting adds to its
	// object. Zero means 5000.
	Depth int `json:"depth,omitempty"`
	// Bytes is the size a FaultOversize pads each response body to.
	Bytes int `json:"bytes,omitempty"`
	// Times makes the fault fail the first Times matching requests, after
	// which requests are served normally. Zero, with Seconds also zero, means
	// the fault applies for ever.
	Times int `json:"times,omitempty"`
	// Seconds makes the fault fail every matching request for this many
	// seconds after the first one.
	Seconds int `json:"seconds,omitempty"`
	// RetryAfter is the Retry-After value, in seconds, of a 429 fault. Zero
	// sends 1.
	RetryAfter int `json:"retryAfter,omitempty"`
	// Permission, on a 403 fault, is the permission that the error body names as
	// missing from the OAuth client, as the API's missing.permissions error does.
	Permission string     `json:"permission,omitempty"`
	RateLimit  *RateLimit `json:"rateLimit,omitempty"`
}

// RateLimit is a per-token request budget over fixed one-minute windows.
type RateLimit struct {
	// PerMinute is the number of API requests one token may make in each
	// one-minute window that starts at the token's first request.
	PerMinute int `json:"perMinute"`
}

// regions lists the org domains of the Genesys Cloud regions. An org's API
// host is api.<domain> and its login host login.<domain>.
var regions = []string{
	"mypurecloud.com", "use2.us-gov-pure.cloud", "usw2.pure.cloud",
	"cac1.pure.cloud", "sae1.pure.cloud", "mxc1.pure.cloud",
	"mypurecloud.ie", "euw2.pure.cloud", "mypurecloud.de",
	"euc2.pure.cloud", "mec1.pure.cloud", "aps1.pure.cloud",
	"mypurecloud.jp", "apne2.pure.cloud", "apne3.pure.cloud",
	"apse1.pure.cloud", "mypurecloud.com.au", "edee1.eusc-pure.cloud",
}

// ParseFixture decodes and validates a fixture. It rejects unknown keys at
// the top level and in org and faults, unknown type names, objects without
// a string id (or key, or name), and duplicate ids within a type or a
// parent. It also rejects a missing or unknown _parentId, a _parentId on a
// type that is not listed under a parent, a subject whose id is no user or
// group of the fixture, and faults that name an unknown type or id. Numbers
// inside objects are kept exactly as written.
func ParseFixture(data []byte) (*Fixture, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var f Fixture
	if err := dec.Decode(&f); err != nil {
		return nil, describeFixtureError(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("fixture: invalid JSON: data after the top-level object")
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// describeFixtureError describes where a fixture's JSON is wrong, in terms
// of JSON: the line and column of a syntax error, the field and the expected
// JSON value of a type error.
func describeFixtureError(data []byte, err error) error {
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		line, col := lineColumn(data, syntaxErr.Offset)
		return fmt.Errorf("fixture: invalid JSON at line %d, column %d: %s", line, col, syntaxErr.Error())
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		where := typeErr.Field
		if where == "" {
			where = "the top level"
		}
		line, col := lineColumn(data, typeErr.Offset)
		return fmt.Errorf("fixture: %s (line %d, column %d) must be %s, not a JSON %s",
			where, line, col, jsonKind(typeErr.Type), typeErr.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := lineColumn(data, int64(len(data)))
		return fmt.Errorf("fixture: invalid JSON: the file ends at line %d, column %d, before its top-level object is complete", line, col)
	}
	return fmt.Errorf("fixture: invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func lineColumn(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// jsonKind names a Go type as the JSON value that decodes into it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "an "), "a ") + "s"
	case reflect.Map, reflect.Struct, reflect.Interface:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	default:
		return "a number"
	}
}

// LoadFixture reads and parses the fixture file at path.
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	f, err := ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// validate checks what ParseFixture promises, for fixtures built in code too.
func (f *Fixture) validate() error {
	if err := f.Org.validate(); err != nil {
		return err
	}
	keys, err := f.validateResources()
	if err != nil {
		return err
	}
	if err := f.validateDependencies(keys[typeFlow]); err != nil {
		return err
	}
	rateLimits := 0
	for i, fault := range f.Faults {
		if fault.RateLimit != nil {
			rateLimits++
			if rateLimits > 1 {
				return fmt.Errorf("fixture: faults[%d]: more than one rateLimit fault", i)
			}
		}
		if err := validateFault(fault, keys); err != nil {
			return fmt.Errorf("fixture: faults[%d]: %w", i, err)
		}
	}
	return nil
}

// unknownType describes a type name that the simulator does not serve,
// with the names it probably means, or every name when none is close.
func unknownType(typ string) string {
	return fmt.Sprintf("unknown type %q %s", typ, typehint.Hint(typ, typeNames()))
}

// validateResources checks every type's objects and returns their keys by
// type. Types without a parent go first, because the objects listed under a
// parent name them.
func (f *Fixture) validateResources() (map[string]map[string]bool, error) {
	types := sortedKeys(f.Resources)
	for _, typ := range types {
		if endpointFor(typ) == nil {
			return nil, fmt.Errorf("fixture: resources: %s", unknownType(typ))
		}
		if endpointFor(typ).derived {
			return nil, fmt.Errorf("fixture: resources: type %q cannot be given, because the server builds it from %s and %s",
				typ, typeUserRoles, typeGroupRoles)
		}
	}
	keys := map[string]map[string]bool{}
	for _, underParent := range []bool{false, true} {
		for _, typ := range types {
			ep := endpointFor(typ)
			if (ep.parent != "") != underParent {
				continue
			}
			k, err := validateObjects(ep, f.Resources[typ], keys[ep.parent])
			if err != nil {
				return nil, err
			}
			keys[typ] = k
		}
	}
	return keys, nil
}

func (o Org) validate() error {
	if o.ID == "" {
		return errors.New("fixture: org: missing id")
	}
	if o.Name == "" {
		return errors.New("fixture: org: missing name")
	}
	if !slices.Contains(regions, o.Region) {
		return fmt.Errorf("fixture: org: invalid region %q (expected one of %s)",
			o.Region, strings.Join(regions, ", "))
	}
	return nil
}

// validateObjects checks one type's objects and returns their keys.
// parentKeys holds the keys of the parent type's objects, for a type with a
// parent.
func validateObjects(ep *endpoint, objects []map[string]any, parentKeys map[string]bool) (map[string]bool, error) {
	typ, idField := ep.typ, ep.idName()
	seen := make(map[string]int, len(objects))
	homes := 0
	for i, obj := range objects {
		where := fmt.Sprintf("fixture: resources[%q][%d]", typ, i)
		id, ok := obj[idField].(string)
		if !ok || id == "" {
			return nil, fmt.Errorf("%s: missing string %q", where, idField)
		}
		parentKey, err := objectParent(ep, obj, id, parentKeys)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		key := ep.objectKey(parentKey, id)
		if first, dup := seen[key]; dup {
			if ep.underParent() {
				return nil, fmt.Errorf("%s: duplicate %s %q under %s %q (also at index %d)",
					where, idField, id, ep.parent, parentKey, first)
			}
			return nil, fmt.Errorf("%s: duplicate %s %q (also at index %d)", where, idField, id, first)
		}
		seen[key] = i
		if typ == typeDivision && obj["homeDivision"] == true {
			homes++
			if homes > 1 {
				return nil, fmt.Errorf("%s: a second division with homeDivision true", where)
			}
		}
	}
	keys := make(map[string]bool, len(seen))
	for key := range seen {
		keys[key] = true
	}
	return keys, nil
}

// objectParent checks how an object names its parent and returns the
// parent's key, "" for a type without a parent.
func objectParent(ep *endpoint, obj map[string]any, id string, parentKeys map[string]bool) (string, error) {
	raw, hasParentField := obj[parentKeyField]
	switch {
	case ep.underParent():
		parentKey, ok := raw.(string)
		if !ok || parentKey == "" {
			return "", fmt.Errorf("missing string %q naming its %s", parentKeyField, ep.parent)
		}
		if !parentKeys[parentKey] {
			return "", fmt.Errorf("%s %q is not a %s of the fixture", parentKeyField, parentKey, ep.parent)
		}
		return parentKey, nil
	case hasParentField:
		return "", fmt.Errorf("%q is only for types listed under a parent, and %s is not", parentKeyField, ep.typ)
	case ep.perParent && !parentKeys[id]:
		return "", fmt.Errorf("id %q is not a %s of the fixture: a subject's id is its %s's id", id, ep.parent, ep.parent)
	}
	return "", nil
}

func validateFault(fault Fault, keys map[string]map[string]bool) error {
	if fault.Times < 0 || fault.Seconds < 0 || fault.RetryAfter < 0 {
		return errors.New("times, seconds and retryAfter must not be negative")
	}
	if fault.Type == DependencyFaultType && fault.Kind != "" {
		return validateDependencyFault(fault, keys[typeFlow])
	}
	if fault.Kind != "" {
		return validateFaultKind(fault, keys)
	}
	if fault.Page != 0 || fault.Delay != 0 || fault.Field != "" || fault.Value != nil || fault.Depth != 0 || fault.Bytes != 0 {
		if fault.Page < 0 {
			return fmt.Errorf("page %d must not be negative", fault.Page)
		}
		if fault.Delay != 0 || fault.Field != "" || fault.Value != nil || fault.Depth != 0 || fault.Bytes != 0 {
			return errors.New("delay, field, value, depth and bytes apply only to a fault with a kind")
		}
	}
	if fault.RateLimit != nil {
		if fault.Type != "" || fault.ID != "" || fault.Status != 0 || fault.Times != 0 ||
			fault.Seconds != 0 || fault.RetryAfter != 0 {
			return errors.New("rateLimit cannot be combined with other fault keys")
		}
		if fault.RateLimit.PerMinute < 1 {
			return fmt.Errorf("rateLimit.perMinute %d must be at least 1", fault.RateLimit.PerMinute)
		}
		return nil
	}
	if fault.Type == "" {
		return errors.New("missing type (or rateLimit)")
	}
	if fault.Type == DependencyFaultType {
		if err := validateDependencyFault(fault, keys[typeFlow]); err != nil {
			return err
		}
		return validateFaultStatus(fault)
	}
	ep := endpointFor(fault.Type)
	if ep == nil {
		return errors.New(unknownType(fault.Type))
	}
	if fault.ID != "" && !keys[fault.Type][fault.ID] {
		if ep.underParent() {
			return fmt.Errorf("id %q not found in resources[%q] (objects under a parent are named <parentId>_<%s>)",
				fault.ID, fault.Type, ep.idName())
		}
		return fmt.Errorf("id %q not found in resources[%q]", fault.ID, fault.Type)
	}
	return validateFaultStatus(fault)
}

// validateFaultStatus checks the status, duration and Retry-After of a
// fault with an error status.
func validateFaultStatus(fault Fault) error {
	if fault.Status < 400 || fault.Status > 599 {
		return fmt.Errorf("status %d must be an HTTP error status (400-599)", fault.Status)
	}
	if fault.Times > 0 && fault.Seconds > 0 {
		return errors.New("set times or seconds, not both")
	}
	if fault.RetryAfter > 0 && fault.Status != 429 {
		return fmt.Errorf("retryAfter applies only to status 429, not %d", fault.Status)
	}
	if fault.Permission != "" && fault.Status != 403 {
		return fmt.Errorf("permission applies only to status 403, not %d", fault.Status)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
