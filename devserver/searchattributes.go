package devserver

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	enums "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/server/common/searchattribute/sadefs"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// searchAttributePollInterval keeps the polling below the frontend's default
// visibility rate limit of 10 requests per second and namespace.
const searchAttributePollInterval = 200 * time.Millisecond

// SearchAttributesOf returns the name and type of each key, in the form of
// Options.SearchAttributes. Later keys win over earlier ones of the same
// name.
func SearchAttributesOf(keys ...temporal.SearchAttributeKey) map[string]enums.IndexedValueType {
	out := make(map[string]enums.IndexedValueType, len(keys))
	for _, key := range keys {
		out[key.GetName()] = key.GetValueType()
	}
	return out
}

// validateSearchAttributes checks names and types before anything touches
// the database, and returns every problem found, sorted by name.
func validateSearchAttributes(attributes map[string]enums.IndexedValueType) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(attributes)) {
		valueType := attributes[name]
		switch {
		case strings.TrimSpace(name) == "":
			errs = append(errs, errors.New("devserver: invalid search attribute: empty name"))
		case sadefs.IsReserved(name):
			errs = append(errs, fmt.Errorf(
				"devserver: invalid search attribute %q: the name is reserved by Temporal", name))
		case valueType == enums.INDEXED_VALUE_TYPE_UNSPECIFIED:
			errs = append(errs, fmt.Errorf(
				"devserver: invalid search attribute %q: missing type", name))
		case enums.IndexedValueType_name[int32(valueType)] == "":
			errs = append(errs, fmt.Errorf(
				"devserver: invalid search attribute %q: unknown type %d", name, valueType))
		}
	}
	return errors.Join(errs...)
}

// registerSearchAttributes adds the attributes missing from namespace and
// fails if one exists with another type. Attributes of a namespace created
// by this Start are already there, so this adds only attributes that a newer
// gcexport release introduced since the state folder was created.
func registerSearchAttributes(
	ctx context.Context,
	operator operatorservice.OperatorServiceClient,
	workflows workflowservice.WorkflowServiceClient,
	namespace string,
	wanted map[string]enums.IndexedValueType,
) error {
	if len(wanted) == 0 {
		return nil
	}
	resp, err := operator.ListSearchAttributes(ctx,
		&operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("devserver: cannot list search attributes of namespace %s: %w",
			namespace, err)
	}

	missing := make(map[string]enums.IndexedValueType)
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(wanted)) {
		existing, ok := resp.GetCustomAttributes()[name]
		switch {
		case !ok:
			missing[name] = wanted[name]
		case existing != wanted[name]:
			errs = append(errs, fmt.Errorf(
				"devserver: search attribute %s of namespace %s has type %s, expected %s",
				name, namespace, existing, wanted[name]))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(missing) == 0 {
		return nil
	}

	_, err = operator.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace:        namespace,
		SearchAttributes: missing,
	})
	if err != nil {
		return fmt.Errorf("devserver: cannot add search attributes %s to namespace %s: %w",
			strings.Join(slices.Sorted(maps.Keys(missing)), ", "), namespace, err)
	}
	return waitForSearchAttributes(ctx, workflows, namespace, missing)
}

// waitForSearchAttributes waits until the frontend accepts a visibility
// query on every attribute. The new attributes are stored in the namespace
// record, and each service reads that record into its namespace cache on a
// timer (system.namespaceCacheRefreshInterval, 2 s by default in server
// v1.32). Until the frontend's cache has them, starting a workflow with one of
// them fails. The history service's cache may lag a little longer, and in
// that gap it fails a workflow task that upserts one of them
// (BAD_SEARCH_ATTRIBUTES), which the server then retries.
func waitForSearchAttributes(
	ctx context.Context,
	workflows workflowservice.WorkflowServiceClient,
	namespace string,
	attributes map[string]enums.IndexedValueType,
) error {
	for _, name := range slices.Sorted(maps.Keys(attributes)) {
		query := fmt.Sprintf("`%s` IS NULL", name)
		for {
			_, err := workflows.CountWorkflowExecutions(ctx,
				&workflowservice.CountWorkflowExecutionsRequest{Namespace: namespace, Query: query})
			if err == nil {
				break
			}
			// InvalidArgument means the attribute is still unknown, and
			// ResourceExhausted that the polling hit the namespace's
			// visibility rate limit (frontend.namespaceRPS.visibility).
			if code := status.Code(err); code != codes.InvalidArgument &&
				code != codes.ResourceExhausted {
				return fmt.Errorf("devserver: cannot check search attribute %s of namespace %s: %w",
					name, namespace, err)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("devserver: search attribute %s of namespace %s "+
					"did not become usable: %w (last error: %v)", name, namespace, ctx.Err(), err)
			case <-time.After(searchAttributePollInterval):
			}
		}
	}
	return nil
}
