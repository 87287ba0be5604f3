package devserver

import (
	"context"
	"fmt"
	"net/http"
	"time"

	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

const (
	// readinessTimeout bounds the wait for the frontend, the search
	// attributes and the UI when the context passed to Start has no deadline.
	readinessTimeout = time.Minute
	// readinessPollInterval is the pause between readiness checks.
	readinessPollInterval = 50 * time.Millisecond
)

// waitAndRegister waits until the frontend serves the namespace, then
// registers the search attributes.
func (s *Server) waitAndRegister(
	ctx context.Context,
	searchAttributes map[string]enums.IndexedValueType,
) error {
	conn, err := grpc.NewClient(s.frontendAddr,
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("devserver: cannot connect to the frontend at %s: %w", s.frontendAddr, err)
	}
	defer func() { _ = conn.Close() }()
	workflows := workflowservice.NewWorkflowServiceClient(conn)

	for {
		_, err := workflows.DescribeNamespace(ctx,
			&workflowservice.DescribeNamespaceRequest{Namespace: s.namespace})
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("devserver: frontend at %s did not serve namespace %s: %w "+
				"(last error: %v)", s.frontendAddr, s.namespace, ctx.Err(), err)
		case <-time.After(readinessPollInterval):
		}
	}

	return registerSearchAttributes(ctx, operatorservice.NewOperatorServiceClient(conn),
		workflows, s.namespace, searchAttributes)
}

func withDefaultTimeout(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, timeout)
}

// waitForHTTP polls url until it returns 200 OK.
func waitForHTTP(ctx context.Context, url string) error {
	client := &http.Client{Timeout: time.Second}
	var lastErr error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("devserver: invalid UI address %s: %w", url, err)
		}
		resp, err := client.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("unexpected status %s", resp.Status)
		}
		lastErr = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("devserver: Temporal UI at %s did not become ready: %w (last error: %v)",
				url, ctx.Err(), lastErr)
		case <-time.After(readinessPollInterval):
		}
	}
}
