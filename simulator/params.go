package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

type paramKind int

const (
	paramString paramKind = iota
	paramInt
	paramBool
	// paramArray is a list parameter: repeated (collectionFormat multi) or
	// comma-separated.
	paramArray
)

// param is one documented query parameter of an operation.
type param struct {
	name string
	kind paramKind
	enum []string // allowed values of a string parameter; nil: any
}

func stringParam(name string) param { return param{name: name, kind: paramString} }
func intParam(name string) param    { return param{name: name, kind: paramInt} }
func boolParam(name string) param   { return param{name: name, kind: paramBool} }
func arrayParam(name string) param  { return param{name: name, kind: paramArray} }

func enumParam(name string, values ...string) param {
	return param{name: name, kind: paramString, enum: values}
}

// validateQuery rejects a parameter that the operation does not document, a
// single-valued parameter given twice, and a value of the wrong type. The
// exporter must send only real parameters, so an unknown one is an error
// here even where the real API might ignore it.
func validateQuery(operation string, params []param, query url.Values) *apiError {
	for _, name := range sortedKeys(query) {
		p, ok := lookupParam(params, name)
		if !ok {
			return badRequest(fmt.Sprintf("Unknown query parameter [%s] for %s. Supported parameters: %s",
				name, operation, paramNames(params)))
		}
		values := query[name]
		if p.kind != paramArray && len(values) > 1 {
			return badRequest(fmt.Sprintf("Query parameter [%s] is given %d times; it takes one value",
				name, len(values)))
		}
		for _, v := range values {
			if err := p.check(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p param) check(value string) *apiError {
	switch p.kind {
	case paramInt:
		if _, err := strconv.Atoi(value); err != nil {
			return badRequest(fmt.Sprintf("Query parameter [%s] must be an integer, not [%s]", p.name, value))
		}
	case paramBool:
		if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
			return badRequest(fmt.Sprintf("Query parameter [%s] must be true or false, not [%s]", p.name, value))
		}
	case paramString:
		if p.enum != nil && !containsFold(p.enum, value) {
			return &apiError{
				status: http.StatusBadRequest,
				code:   "invalid.value",
				message: fmt.Sprintf("Value [%s] is not valid for field type [%s]. Allowable values are: %s",
					value, p.name, strings.Join(p.enum, ", ")),
			}
		}
	}
	return nil
}

func lookupParam(params []param, name string) (param, bool) {
	for _, p := range params {
		if p.name == name {
			return p, true
		}
	}
	return param{}, false
}

func paramNames(params []param) string {
	if len(params) == 0 {
		return "none"
	}
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}

// listValues returns the values of a list parameter, split at commas, with
// empty items dropped.
func listValues(query url.Values, name string) []string {
	var out []string
	for _, v := range query[name] {
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// boolValue returns a boolean parameter, or def when it is absent. Values
// were checked by validateQuery.
func boolValue(query url.Values, name string, def bool) bool {
	v := query.Get(name)
	if v == "" {
		return def
	}
	return strings.EqualFold(v, "true")
}

func containsFold(values []string, v string) bool {
	for _, candidate := range values {
		if strings.EqualFold(candidate, v) {
			return true
		}
	}
	return false
}
