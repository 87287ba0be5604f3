package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelprometheus "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"

	"github.com/gcexport/gcexport/config"
)

// Names of gcexport's own counters, as Prometheus shows them with the
// "_total" suffix of counters.
const (
	// MetricObjectsWritten counts the objects that export activities wrote
	// to the backup folder, by type.
	MetricObjectsWritten = "gcexport_objects_written"
	// MetricAPIRequests counts Platform API and OAuth token responses by
	// HTTP status, with "error" for requests that got no response.
	MetricAPIRequests = "gcexport_api_requests"
)

// Metrics is a worker's Prometheus registry: the Temporal SDK's metrics,
// recorded through the SDK's OpenTelemetry handler, and gcexport's own
// counters.
type Metrics struct {
	registry *prometheus.Registry
	provider *sdkmetric.MeterProvider
	handler  client.MetricsHandler
	objects  metric.Int64Counter
	requests metric.Int64Counter
	logger   *slog.Logger
	server   *http.Server
	addr     string
}

// NewMetrics creates the registry. Errors of the meter are logged to
// logger, because the SDK's handler would otherwise panic on them.
func NewMetrics(logger *slog.Logger) (*Metrics, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	registry := prometheus.NewRegistry()
	exporter, err := otelprometheus.New(otelprometheus.WithRegisterer(registry), otelprometheus.WithoutScopeInfo())
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	m := &Metrics{registry: registry, provider: provider, logger: logger}
	m.handler = temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{
		Meter:                provider.Meter("temporal-sdk-go"),
		UseMonotonicCounters: true,
		OnError: func(err error) {
			logger.Warn("recording a Temporal SDK metric failed", "error", err)
		},
	})
	meter := provider.Meter("gcexport")
	if m.objects, err = meter.Int64Counter(MetricObjectsWritten,
		metric.WithDescription("Objects written to the backup folder, by type")); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if m.requests, err = meter.Int64Counter(MetricAPIRequests,
		metric.WithDescription("Platform API and OAuth token responses, by HTTP status; error for requests without a response")); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return m, nil
}

// Handler returns the SDK's metrics handler, for client.Options.
func (m *Metrics) Handler() client.MetricsHandler { return m.handler }

// CountObjects adds n objects of type typ to the objects counter.
func (m *Metrics) CountObjects(ctx context.Context, typ string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.objects.Add(ctx, int64(n), metric.WithAttributes(attribute.String("type", typ)))
}

// countResponse adds one API response with status, 0 meaning none, to the
// requests counter.
func (m *Metrics) countResponse(ctx context.Context, status int) {
	label := "error"
	if status > 0 {
		label = strconv.Itoa(status)
	}
	m.requests.Add(ctx, 1, metric.WithAttributes(attribute.String("status", label)))
}

// Serve serves the registry at http://addr/metrics until Close. It returns
// once the listener is bound, so Addr then has the port of ":0".
func (m *Metrics) Serve(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("metrics endpoint: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	m.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	m.addr = ln.Addr().String()
	go func() {
		if err := m.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.logger.Error("metrics endpoint stopped", "address", m.addr, "error", err)
		}
	}()
	m.logger.Info("metrics endpoint started", "url", "http://"+m.addr+"/metrics")
	return nil
}

// Addr returns the address that Serve listens on, "" before it.
func (m *Metrics) Addr() string { return m.addr }

// Close stops the endpoint and the meter provider.
func (m *Metrics) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	if m.server != nil {
		errs = append(errs, m.server.Shutdown(ctx))
	}
	errs = append(errs, m.provider.Shutdown(ctx))
	return errors.Join(errs...)
}

// HTTPClient returns an HTTP client for the Platform API client that
// counts every response by status. It connects within 10 seconds, as the
// Platform API client's own default does. On nil it returns nil, which
// the Platform API client replaces with its default.
func (m *Metrics) HTTPClient() *http.Client {
	if m == nil {
		return nil
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	transport.TLSHandshakeTimeout = 10 * time.Second
	return &http.Client{Transport: countingTransport{next: transport, metrics: m}}
}

type countingTransport struct {
	next    http.RoundTripper
	metrics *Metrics
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	status := 0
	if err == nil {
		status = resp.StatusCode
	}
	t.metrics.countResponse(r.Context(), status)
	return resp, err
}

// StartMetrics creates the registry and serves it on cfg.MetricsListen. It
// returns nil, and no error, when the endpoint is off.
func StartMetrics(cfg *config.Config, logger *slog.Logger) (*Metrics, error) {
	if cfg.MetricsListen == "" {
		return nil, nil
	}
	m, err := NewMetrics(logger)
	if err != nil {
		return nil, err
	}
	if err := m.Serve(cfg.MetricsListen); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}
