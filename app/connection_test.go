package app

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/gcexport/gcexport/config"
)

// testPKI is a certificate authority made for one test, with a server
// certificate for 127.0.0.1 and a client certificate, all as PEM files.
type testPKI struct {
	dir                   string
	caFile                string
	serverCert            tls.Certificate
	clientCert, clientKey string
	pool                  *x509.CertPool
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	p := &testPKI{dir: t.TempDir()}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "gcexport test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	p.pool = x509.NewCertPool()
	p.pool.AddCert(ca)
	p.caFile = p.writePEM(t, "ca.pem", "CERTIFICATE", caDER)

	issue := func(serial int64, name string, usage x509.ExtKeyUsage) ([]byte, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		template := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: name},
			NotBefore:    time.Now().Add(-time.Hour),
			NotAfter:     time.Now().Add(time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{usage},
			IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
			DNSNames:     []string{"temporal.test"},
		}
		der, err := x509.CreateCertificate(rand.Reader, template, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return der, key
	}
	serverDER, serverKey := issue(2, "temporal.test", x509.ExtKeyUsageServerAuth)
	p.serverCert = tls.Certificate{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}
	clientDER, clientKey := issue(3, "gcexport-worker", x509.ExtKeyUsageClientAuth)
	p.clientCert = p.writePEM(t, "client.pem", "CERTIFICATE", clientDER)
	keyDER, err := x509.MarshalPKCS8PrivateKey(clientKey)
	if err != nil {
		t.Fatal(err)
	}
	p.clientKey = p.writePEM(t, "client-key.pem", "PRIVATE KEY", keyDER)
	return p
}

func (p *testPKI) writePEM(t *testing.T, name, blockType string, der []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tlsFrontend is a gRPC listener on 127.0.0.1 that requires TLS with a
// client certificate from the test CA and the API key in the
// authorization header. It implements only GetSystemInfo, the call that
// client.Dial makes.
type tlsFrontend struct {
	workflowservice.UnimplementedWorkflowServiceServer
	apiKey string

	mu          sync.Mutex
	clientNames []string // common names of the client certificates of accepted calls
}

func (f *tlsFrontend) GetSystemInfo(context.Context, *workflowservice.GetSystemInfoRequest) (*workflowservice.GetSystemInfoResponse, error) {
	return &workflowservice.GetSystemInfoResponse{Capabilities: &workflowservice.GetSystemInfoResponse_Capabilities{}}, nil
}

func (f *tlsFrontend) checkCall(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer "+f.apiKey {
		return nil, status.Error(codes.Unauthenticated, "missing or wrong API key")
	}
	if p, ok := peer.FromContext(ctx); ok {
		if info, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(info.State.PeerCertificates) > 0 {
			f.mu.Lock()
			f.clientNames = append(f.clientNames, info.State.PeerCertificates[0].Subject.CommonName)
			f.mu.Unlock()
		}
	}
	return handler(ctx, req)
}

// startTLSFrontend serves a tlsFrontend with TLS versions up to
// maxVersion, 0 for the highest that crypto/tls supports.
func startTLSFrontend(t *testing.T, p *testPKI, apiKey string, maxVersion uint16) (*tlsFrontend, string) {
	t.Helper()
	f := &tlsFrontend{apiKey: apiKey}
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{p.serverCert},
		ClientCAs:    p.pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
		MaxVersion:   maxVersion,
	})
	srv := grpc.NewServer(grpc.Creds(creds), grpc.UnaryInterceptor(f.checkCall))
	workflowservice.RegisterWorkflowServiceServer(srv, f)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return f, ln.Addr().String()
}

func TestDialOverMutualTLSWithAPIKey(t *testing.T) {
	p := newTestPKI(t)
	frontend, addr := startTLSFrontend(t, p, "test-api-key", 0)
	cfg := config.TemporalConfig{
		Address: addr, Namespace: "default", APIKey: "test-api-key",
		TLS: config.TLSConfig{CAFile: p.caFile, CertFile: p.clientCert, KeyFile: p.clientKey},
	}
	c, err := Dial(cfg, nil)
	if err != nil {
		t.Fatalf("Dial with the right CA, certificate and API key: %v", err)
	}
	c.Close()
	frontend.mu.Lock()
	defer frontend.mu.Unlock()
	if len(frontend.clientNames) == 0 || frontend.clientNames[0] != "gcexport-worker" {
		t.Errorf("the frontend saw client certificates %v, want gcexport-worker", frontend.clientNames)
	}
}

func TestDialServerNameOverride(t *testing.T) {
	p := newTestPKI(t)
	_, addr := startTLSFrontend(t, p, "k", 0)
	cfg := config.TemporalConfig{
		Address: addr, Namespace: "default", APIKey: "k",
		TLS: config.TLSConfig{CAFile: p.caFile, CertFile: p.clientCert, KeyFile: p.clientKey, ServerName: "temporal.test"},
	}
	c, err := Dial(cfg, nil)
	if err != nil {
		t.Fatalf("Dial with server name temporal.test: %v", err)
	}
	c.Close()

	cfg.TLS.ServerName = "other.test"
	if c, err := Dial(cfg, nil); err == nil {
		c.Close()
		t.Fatal("Dial accepted a certificate for another server name")
	} else if !strings.Contains(err.Error(), "other.test") {
		t.Errorf("error %q does not name the server name", err)
	}
}

func TestDialFailsClearly(t *testing.T) {
	p := newTestPKI(t)
	// Under TLS 1.3 the server checks the client certificate after the
	// client has finished its handshake, so a client without one may see a
	// broken pipe before the server's alert. TLS 1.2 rejects it within the
	// handshake, which makes the error of that case deterministic.
	_, addr := startTLSFrontend(t, p, "right-key", tls.VersionTLS12)
	withCert := config.TLSConfig{CAFile: p.caFile, CertFile: p.clientCert, KeyFile: p.clientKey}
	cases := []struct {
		name string
		cfg  config.TemporalConfig
		want []string
	}{
		{"system CAs only", config.TemporalConfig{APIKey: "right-key",
			TLS: config.TLSConfig{Enabled: true, CertFile: p.clientCert, KeyFile: p.clientKey}},
			[]string{"certificate", "unknown authority", "temporal.tls.caFile"}},
		{"no client certificate", config.TemporalConfig{APIKey: "right-key", TLS: config.TLSConfig{CAFile: p.caFile}},
			[]string{"certificate", "temporal.tls.certFile"}},
		{"wrong API key", config.TemporalConfig{APIKey: "wrong-key", TLS: withCert},
			[]string{"API key", "temporal.apiKey"}},
		{"plain text", config.TemporalConfig{}, []string{"temporal.tls.enabled"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Address, tc.cfg.Namespace = addr, "default"
			c, err := Dial(tc.cfg, nil)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			t.Logf("error: %v", err)
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if !strings.Contains(err.Error(), "connect to Temporal at "+addr) {
				t.Errorf("error %q does not name the address", err)
			}
		})
	}
}

func TestNewTLSConfigErrorsNameSetting(t *testing.T) {
	p := newTestPKI(t)
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		tls  config.TLSConfig
		want string
	}{
		"CA not PEM":   {config.TLSConfig{CAFile: notPEM}, "temporal.tls.caFile"},
		"CA missing":   {config.TLSConfig{CAFile: notPEM + ".none"}, "temporal.tls.caFile"},
		"key mismatch": {config.TLSConfig{CertFile: p.clientCert, KeyFile: p.caFile}, "temporal.tls.keyFile"},
	}
	for name, tc := range cases {
		_, err := NewTLSConfig(config.TemporalConfig{Address: "127.0.0.1:7233", TLS: tc.tls})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not name %s", name, err, tc.want)
		}
	}
	got, err := NewTLSConfig(config.TemporalConfig{Address: "temporal.example.internal:7233", TLS: config.TLSConfig{Enabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	if got.ServerName != "temporal.example.internal" {
		t.Errorf("default server name = %q, want the address's host", got.ServerName)
	}
}
