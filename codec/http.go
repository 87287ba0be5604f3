package codec

import (
	"net/http"
	"slices"

	"go.temporal.io/sdk/converter"
)

// DefaultAllowedOrigins are the origins of the Temporal UI that `starter
// --dev` serves, which may call the codec endpoint from the browser.
var DefaultAllowedOrigins = []string{"http://127.0.0.1:8233", "http://localhost:8233"}

// NewHTTPHandler returns the codec endpoint that the Temporal UI and the
// temporal CLI call to decode payloads: POST {endpoint}/decode and POST
// {endpoint}/encode with a JSON Payloads body. Browsers may call it from
// allowedOrigins, and it replies to their CORS preflight requests.
//
// Anyone who can reach the endpoint can decrypt payloads with it, so it
// belongs on loopback or behind an authenticating proxy.
func NewHTTPHandler(c *Codec, allowedOrigins []string) http.Handler {
	inner := converter.NewPayloadCodecHTTPHandler(c)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && slices.Contains(allowedOrigins, origin) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization")
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		inner.ServeHTTP(w, r)
	})
}
