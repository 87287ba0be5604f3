package devserver

import (
	"context"
	"fmt"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
)

// staticUIConfig is a uiconfig.ConfigProvider for a configuration that never
// changes.
type staticUIConfig struct {
	config *uiconfig.Config
}

func (p staticUIConfig) GetConfig() (*uiconfig.Config, error) {
	return p.config, nil
}

// newUIServer builds a Temporal UI server for the frontend at frontendAddr.
// It serves plain HTTP without authentication, so it must listen on a
// loopback address unless the caller chose otherwise.
func newUIServer(addr listenAddress, frontendAddr, namespace string) (ui *uiserver.Server, err error) {
	cfg := &uiconfig.Config{
		TemporalGRPCAddress: frontendAddr,
		Host:                addr.ip,
		Port:                addr.port,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		// The UI is served over http://, where a browser drops cookies
		// marked Secure, and the UI's CSRF protection needs its cookie.
		CORS: uiconfig.CORS{CookieInsecure: true},
		// The news feed (fetched by the browser) and the new-version check
		// (fetched by this server from GitHub and Docker Hub) reach out to
		// the internet, and a backup tool's local UI has no use for them.
		DisableNewsFetch:   true,
		NotifyOnNewVersion: false,
		HideLogs:           true,
	}
	// NewServer panics on an invalid configuration instead of returning an
	// error.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("devserver: cannot create the Temporal UI server on %s: %v", addr, r)
		}
	}()
	return uiserver.NewServer(uioptions.WithConfigProvider(staticUIConfig{config: cfg})), nil
}

// runUIServer starts ui in the background and waits until its health check
// at url returns 200 OK.
//
// NOTE: the UI server binds its own listener and, if binding fails, logs the
// error and exits the process (echo's Logger.Fatal). Start reserves the port
// first and releases it just before this call, so the exit happens only if
// another program takes the port in between.
func runUIServer(ctx context.Context, ui *uiserver.Server, url string) error {
	go func() {
		// Start returns nil once Stop closes the server.
		_ = ui.Start()
	}()
	return waitForHTTP(ctx, url+"/healthz")
}
