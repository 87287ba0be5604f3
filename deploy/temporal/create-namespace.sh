#!/bin/sh
# Registers the gcexport namespace unless it exists. The Temporal server
# image, unlike the development server, registers no namespace itself.
set -eu

namespace=${NAMESPACE:-default}
address=${TEMPORAL_ADDRESS:-temporal:7233}

attempt=1
until temporal operator cluster health --address "$address"; do
	if [ "$attempt" -ge 30 ]; then
		echo "Temporal at $address is not healthy after $attempt attempts" >&2
		exit 1
	fi
	attempt=$((attempt + 1))
	sleep 2
done

if temporal operator namespace describe --namespace "$namespace" --address "$address" >/dev/null 2>&1; then
	echo "namespace $namespace exists"
else
	temporal operator namespace create --namespace "$namespace" \
		--retention "${NAMESPACE_RETENTION:-720h}" --address "$address"
	echo "registered namespace $namespace"
fi
