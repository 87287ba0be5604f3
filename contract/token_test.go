package contract

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// tokenPath is the token endpoint of the login host. The description has
// no operation for it, so its exchanges are checked against the
// client-credentials grant of RFC 6749.
const tokenPath = "/oauth/token"

const tokenOperation = "POST " + tokenPath

// tokenSchema is a successful client-credentials response (RFC 6749
// section 5.1). expires_in, which the RFC only recommends, is required,
// because the exporter's client times its token refresh by it.
var tokenSchema = &openapi3.Schema{
	Type:     &openapi3.Types{openapi3.TypeObject},
	Required: []string{"access_token", "token_type", "expires_in"},
	Properties: openapi3.Schemas{
		"access_token": openapi3.NewStringSchema().WithMinLength(1).NewRef(),
		"token_type":   openapi3.NewStringSchema().WithMinLength(1).NewRef(),
		"expires_in":   openapi3.NewIntegerSchema().WithMin(1).NewRef(),
	},
}

// tokenErrorSchema is an error response of the token endpoint (RFC 6749
// section 5.2), with one of the RFC's error codes.
var tokenErrorSchema = &openapi3.Schema{
	Type:     &openapi3.Types{openapi3.TypeObject},
	Required: []string{"error"},
	Properties: openapi3.Schemas{
		"error": openapi3.NewStringSchema().WithEnum(
			"invalid_request", "invalid_client", "invalid_grant",
			"unauthorized_client", "unsupported_grant_type", "invalid_scope",
		).NewRef(),
		"error_description": openapi3.NewStringSchema().NewRef(),
	},
}

// validateTokenRequest checks the exporter's grant request: a POST whose
// form body holds only grant_type=client_credentials, with the client id
// and secret in a Basic Authorization header. RFC 6749 section 2.3.1 makes
// Basic the scheme every token endpoint supports and advises against
// credentials in the body.
func validateTokenRequest(r *report, ex *Exchange) {
	if ex.Method != http.MethodPost {
		r.add(sideRequest, tokenOperation, "token request", "method "+ex.Method+", not POST", ex)
		return
	}
	scheme, credentials, _ := strings.Cut(ex.RequestHeader.Get("Authorization"), " ")
	decoded, err := base64.StdEncoding.DecodeString(credentials)
	if !strings.EqualFold(scheme, "Basic") || err != nil || !strings.Contains(string(decoded), ":") {
		r.add(sideRequest, tokenOperation, "token request", "no Basic Authorization header with the client id and secret", ex)
	}

	mediaType, _, _ := mime.ParseMediaType(ex.RequestHeader.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		r.add(sideRequest, tokenOperation, "token request", fmt.Sprintf("content type %q, not application/x-www-form-urlencoded", mediaType), ex)
		return
	}
	form, err := url.ParseQuery(string(ex.RequestBody))
	if err != nil {
		r.add(sideRequest, tokenOperation, "token request", "invalid form body: "+err.Error(), ex)
		return
	}
	if form.Get("grant_type") != "client_credentials" {
		r.add(sideRequest, tokenOperation, "token request", fmt.Sprintf("grant_type %q, not client_credentials", form.Get("grant_type")), ex)
	}
	for name := range form {
		if name != "grant_type" {
			r.add(sideRequest, tokenOperation, "token request", fmt.Sprintf("form field %q besides grant_type", name), ex)
		}
	}
}

// validateTokenResponse checks the token endpoint's response: a 200 with
// the token and Cache-Control no-store (RFC 6749 section 5.1), or a 400 or
// 401 with an OAuth error (section 5.2). A client-credentials response
// carries no refresh token (section 4.4.3).
func validateTokenResponse(r *report, ex *Exchange) {
	var body any
	if err := json.Unmarshal(ex.ResponseBody, &body); err != nil {
		r.add(sideResponse, tokenOperation, "token response", fmt.Sprintf("status %d with a body that is not JSON", ex.Status), ex)
		return
	}
	mediaType, _, _ := mime.ParseMediaType(ex.ResponseHeader.Get("Content-Type"))
	if mediaType != "application/json" {
		r.add(sideResponse, tokenOperation, "token response", fmt.Sprintf("content type %q, not application/json", mediaType), ex)
	}
	switch ex.Status {
	case http.StatusOK:
		visitTokenBody(r, tokenSchema, body, ex)
		if fields, ok := body.(map[string]any); ok && fields["refresh_token"] != nil {
			r.add(sideResponse, tokenOperation, "token response", "a refresh_token in a client-credentials response", ex)
		}
		if !strings.Contains(strings.ToLower(ex.ResponseHeader.Get("Cache-Control")), "no-store") {
			r.add(sideResponse, tokenOperation, "token response", "a token without Cache-Control: no-store", ex)
		}
	case http.StatusBadRequest, http.StatusUnauthorized:
		visitTokenBody(r, tokenErrorSchema, body, ex)
	default:
		r.add(sideResponse, tokenOperation, "status", fmt.Sprintf("status %d is not a response of the client-credentials grant", ex.Status), ex)
	}
}

func visitTokenBody(r *report, schema *openapi3.Schema, body any, ex *Exchange) {
	if err := schema.VisitJSON(body, openapi3.MultiErrors()); err != nil {
		for _, msg := range flattenErrors(err) {
			r.add(sideResponse, tokenOperation, "schema", fmt.Sprintf("status %d: %s", ex.Status, msg), ex)
		}
	}
}
