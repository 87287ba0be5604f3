package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specPath is the project copy of the Platform API description: a Swagger
// 2.0 subset with the operations that the catalogue uses.
const specPath = "testdata/openapi.json"

// defaultMaxPageSize bounds the page size of an operation whose description
// states no maximum. It is the largest page size that Genesys' own
// exporter (CX as Code) is reported to use: a bound of these tests, not a
// documented limit of the API.
const defaultMaxPageSize = 500

// spec is the loaded description and a router that finds the operation of
// a request.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	loadOnce   sync.Once
	loadedSpec *spec
	loadErr    error
)

// loadSpec reads, converts and indexes the description once per test
// binary, and every test shares the result.
func loadSpec(t *testing.T) *spec {
	t.Helper()
	loadOnce.Do(func() { loadedSpec, loadErr = readSpec(specPath) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loadedSpec
}

func readSpec(path string) (*spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the API description: %w", err)
	}

	var v2 openapi2.T
	if err := json.Unmarshal(data, &v2); err != nil {
		return nil, fmt.Errorf("decoding %s as Swagger 2.0: %w", path, err)
	}
	doc, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, fmt.Errorf("converting %s to OpenAPI 3: %w", path, err)
	}

	// The description names api.mypurecloud.com. The tests' servers listen
	// on loopback ports, so operations are matched on the path alone.
	doc.Servers = nil
	dropSecurity(doc)
	fixBooleanEnums(doc)
	allowAnyValue(doc)
	relaxReferences(doc)

	// Some defaults of the Swagger are not among their parameter's enum
	// values (sortOrder "ASC" of ascending and descending), so defaults are
	// not validated.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation()); err != nil {
		return nil, fmt.Errorf("the API description %s is invalid: %w", path, err)
	}

	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("building a router for %s: %w", path, err)
	}
	return &spec{doc: doc, router: router}, nil
}

// dropSecurity removes the OAuth scheme and the operations' requirements of
// it. OpenAPI 3 identifiers may not contain spaces, so "PureCloud OAuth"
// fails validation, and these tests check no scopes.
func dropSecurity(doc *openapi3.T) {
	doc.Security = nil
	if doc.Components != nil {
		doc.Components.SecuritySchemes = nil
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			op.Security = nil
		}
	}
}

// fixBooleanEnums turns the enum ["true", "false"] of boolean parameters
// into the booleans true and false. The Swagger lists them as strings, which
// no boolean value can match once a query string is parsed.
func fixBooleanEnums(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Value == nil {
					continue
				}
				schema := p.Value.Schema.Value
				if !schema.Type.Is(openapi3.TypeBoolean) || len(schema.Enum) == 0 {
					continue
				}
				for i, v := range schema.Enum {
					if text, ok := v.(string); ok {
						schema.Enum[i] = text == "true"
					}
				}
			}
		}
	}
}

// allowAnyValue lets any JSON value match an inline schema that is only
// {"type": "object"}. The SDKs generate such a field or map value as Java
// Object and Python object, which hold any value: data table rows and
// custom fields map names to strings, numbers and booleans, and a JSON
// schema's additionalProperties is often false. Named definitions keep
// their type.
func allowAnyValue(doc *openapi3.T) {
	visitSchemas(doc, func(ref *openapi3.SchemaRef) {
		if ref.Ref != "" || ref.Value == nil {
			return
		}
		s := ref.Value
		if s.Type.Is(openapi3.TypeObject) && len(s.Properties) == 0 && s.Items == nil &&
			s.AdditionalProperties.Schema == nil && s.AdditionalProperties.Has == nil {
			s.Type = nil
		}
	})
}

// referenceSuffix names the copy of an entity's definition that is used
// where another object refers to the entity.
const referenceSuffix = ".reference"

// relaxReferences drops the required fields of entities where another
// object refers to them. The API embeds a referenced entity as a short
// reference, such as a user's manager and groups as {id, selfUri}, while
// the definition's required list is that of the full entity. An entity is
// a definition with a selfUri property. The entities of a listing and the
// body of a get stay strict.
// NOTE: the description does not say which fields each reference carries,
// so every reference to an entity may be short here.
func relaxReferences(doc *openapi3.T) {
	schemas := doc.Components.Schemas
	relaxed := map[string]*openapi3.SchemaRef{}
	for name, ref := range schemas {
		if ref.Value == nil || ref.Value.Properties["selfUri"] == nil || len(ref.Value.Required) == 0 {
			continue
		}
		copied := *ref.Value
		copied.Required = nil
		relaxed["#/components/schemas/"+name] = &openapi3.SchemaRef{
			Ref: "#/components/schemas/" + name + referenceSuffix, Value: &copied,
		}
	}
	for ref, relaxedRef := range relaxed {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		schemas[name+referenceSuffix] = &openapi3.SchemaRef{Value: relaxedRef.Value}
	}
	var rewrite func(ref *openapi3.SchemaRef) *openapi3.SchemaRef
	rewrite = func(ref *openapi3.SchemaRef) *openapi3.SchemaRef {
		if ref == nil {
			return nil
		}
		if r, ok := relaxed[ref.Ref]; ok {
			return r
		}
		if ref.Ref == "" && ref.Value != nil {
			ref.Value.Items = rewrite(ref.Value.Items)
			ref.Value.AdditionalProperties.Schema = rewrite(ref.Value.AdditionalProperties.Schema)
		}
		return ref
	}
	for _, ref := range schemas {
		if ref.Value == nil {
			continue
		}
		for name, property := range ref.Value.Properties {
			if name == "entities" || name == "results" {
				continue
			}
			ref.Value.Properties[name] = rewrite(property)
		}
	}
}

// visitSchemas calls visit for every schema inside the components and the
// operations' bodies: properties, array items and map values, but not the
// definitions themselves. A reference to a definition is visited but not
// followed.
func visitSchemas(doc *openapi3.T, visit func(*openapi3.SchemaRef)) {
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		visit(ref)
		if ref.Ref != "" {
			return
		}
		for _, property := range ref.Value.Properties {
			walk(property)
		}
		walk(ref.Value.Items)
		walk(ref.Value.AdditionalProperties.Schema)
	}
	for _, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			continue
		}
		for _, property := range ref.Value.Properties {
			walk(property)
		}
		walk(ref.Value.Items)
		walk(ref.Value.AdditionalProperties.Schema)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, response := range op.Responses.Map() {
				if response.Value == nil {
					continue
				}
				for _, media := range response.Value.Content {
					walk(media.Schema)
				}
			}
		}
	}
}

// queryParameter returns the operation's query parameter called name, or
// nil when the operation declares none.
func queryParameter(op *openapi3.Operation, name string) *openapi3.Parameter {
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
			return p.Value
		}
	}
	return nil
}

// maxPageSizePatterns are the ways the description states a page size
// maximum, such as "Maximum of 200", "The max that will be returned is
// 100" or "Max value is 100".
var maxPageSizePatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)maximum of (\d+)`),
	regexp.MustCompile(`(?i)max that will be returned is (\d+)`),
	regexp.MustCompile(`(?i)max value is (\d+)`),
	regexp.MustCompile(`(?i)must be between \d+ and (\d+)`),
}

// documentedMax returns the maximum that a parameter's description states,
// or false when it states none.
func documentedMax(p *openapi3.Parameter) (int, bool) {
	for _, re := range maxPageSizePatterns {
		if m := re.FindStringSubmatch(p.Description); m != nil {
			n, err := strconv.Atoi(m[1])
			if err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// pageSizeLimit returns the largest page size the operation allows and
// where that limit comes from: the description's words, or the default.
func pageSizeLimit(op *openapi3.Operation, param string) (limit int, source string) {
	if p := queryParameter(op, param); p != nil {
		if n, ok := documentedMax(p); ok {
			return n, fmt.Sprintf("%s: %q", param, p.Description)
		}
	}
	return defaultMaxPageSize, "no documented maximum; the default bound"
}
