package simulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTokenGrant(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{ClientID: "id", ClientSecret: "secret"})
	cases := []struct {
		name      string
		clientID  string
		secret    string
		form      string
		status    int
		errorCode string
	}{
		{name: "good credentials", clientID: "id", secret: "secret", form: "grant_type=client_credentials", status: 200},
		{name: "wrong secret", clientID: "id", secret: "nope", form: "grant_type=client_credentials", status: 401, errorCode: "invalid_client"},
		{name: "wrong client id", clientID: "other", secret: "secret", form: "grant_type=client_credentials", status: 401, errorCode: "invalid_client"},
		{name: "missing basic auth", form: "grant_type=client_credentials&client_id=id&client_secret=secret", status: 401, errorCode: "invalid_client"},
		{name: "credentials also in body", clientID: "id", secret: "secret", form: "grant_type=client_credentials&client_secret=secret", status: 400, errorCode: "invalid_request"},
		{name: "missing grant type", clientID: "id", secret: "secret", form: "", status: 400, errorCode: "invalid_request"},
		{name: "password grant", clientID: "id", secret: "secret", form: "grant_type=password", status: 400, errorCode: "unsupported_grant_type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.postToken(tc.clientID, tc.secret, tc.form)
			if resp.status != tc.status {
				t.Fatalf("status %d, want %d; body %s", resp.status, tc.status, resp.raw)
			}
			if tc.errorCode != "" {
				if resp.body["error"] != tc.errorCode {
					t.Errorf("error %v, want %s", resp.body["error"], tc.errorCode)
				}
				if resp.body["error_description"] == "" || resp.body["description"] != resp.body["error_description"] {
					t.Errorf("description %v and error_description %v should be equal and non-empty",
						resp.body["description"], resp.body["error_description"])
				}
				return
			}
			token, _ := resp.body["access_token"].(string)
			if len(token) < 32 {
				t.Errorf("access_token %q is too short to be random", token)
			}
			if resp.body["token_type"] != "bearer" {
				t.Errorf("token_type %v, want bearer", resp.body["token_type"])
			}
			if got := resp.number("expires_in"); got != 86400 {
				t.Errorf("expires_in %d, want 86400", got)
			}
		})
	}
}

func TestTokenEndpointRejectsOtherRequests(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	get := h.getWith("", "/oauth/token")
	if get.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /oauth/token: status %d, want 405", get.status)
	}

	req, _ := http.NewRequest(http.MethodPost, h.url+"/oauth/token", strings.NewReader(`{"grant_type":"client_credentials"}`))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("id", "secret")
	if resp := h.do(req); resp.status != http.StatusBadRequest || resp.body["error"] != "invalid_request" {
		t.Errorf("JSON body: status %d error %v, want 400 invalid_request", resp.status, resp.body["error"])
	}
}

func TestTokenRequestsCounted(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	h.postToken("id", "secret", "grant_type=password")
	if got := h.server.TokenRequests(); got != 2 {
		t.Errorf("TokenRequests %d, want 2", got)
	}
	if got := h.server.TotalRequests(); got != 0 {
		t.Errorf("TotalRequests %d, want 0: token requests are not API requests", got)
	}
}

func TestTokensAreDistinct(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	if second := h.issueToken(); second == h.token {
		t.Errorf("two grants returned the same token %q", second)
	}
}

func TestTokenExpiry(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, &Fixture{Org: testOrg}, Options{TokenLifetime: time.Hour, Now: clock.Now})
	if resp := h.postToken("id", "secret", "grant_type=client_credentials"); resp.number("expires_in") != 3600 {
		t.Errorf("expires_in %d, want 3600", resp.number("expires_in"))
	}

	clock.Advance(59 * time.Minute)
	if resp := h.get("/api/v2/organizations/me"); resp.status != http.StatusOK {
		t.Fatalf("before expiry: status %d, want 200; body %s", resp.status, resp.raw)
	}
	clock.Advance(time.Minute)
	checkError(t, h.get("/api/v2/organizations/me"), http.StatusUnauthorized, "bad.credentials")
}

func TestAPIRequiresBearerToken(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	cases := []struct {
		name          string
		authorization string
		code          string
	}{
		{name: "no header", authorization: "", code: "authentication.required"},
		{name: "basic scheme", authorization: "Basic aWQ6c2VjcmV0", code: "authentication.required"},
		{name: "empty bearer", authorization: "Bearer ", code: "authentication.required"},
		{name: "unknown token", authorization: "Bearer not-issued", code: "bad.credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkError(t, h.getWith(tc.authorization, "/api/v2/users"), http.StatusUnauthorized, tc.code)
		})
	}
	if resp := h.getWith("bearer "+h.token, "/api/v2/users"); resp.status != http.StatusOK {
		t.Errorf("lower-case bearer scheme: status %d, want 200", resp.status)
	}
}

func TestOrganizationMe(t *testing.T) {
	h := newHarness(t, &Fixture{Org: testOrg}, Options{})
	resp := h.get("/api/v2/organizations/me")
	if resp.status != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.status)
	}
	if resp.body["id"] != testOrg.ID || resp.body["name"] != testOrg.Name {
		t.Errorf("id %v name %v, want %s %s", resp.body["id"], resp.body["name"], testOrg.ID, testOrg.Name)
	}
	if resp.body["thirdPartyOrgName"] != "testorg" {
		t.Errorf("thirdPartyOrgName %v, want testorg", resp.body["thirdPartyOrgName"])
	}
	if resp.header.Get("ININ-Correlation-Id") == "" {
		t.Error("a 200 response lacks ININ-Correlation-Id")
	}
}
