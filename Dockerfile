# syntax=docker/dockerfile:1

# Builds the gcexport commands: worker, starter and the gcsim simulator.
#
#   docker build -t gcexport .
#   docker run --rm gcexport                        # runs the worker
#   docker run --rm gcexport /usr/local/bin/starter --help

FROM golang:1.27 AS build
# GOTOOLCHAIN pins the toolchain that go.mod asks for; the go command
# downloads it unless the image has that exact version.
ENV GOTOOLCHAIN=go1.27.3 CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/ ./worker ./starter ./simulator/cmd/gcsim
# An empty backup folder owned by the runtime user, so that a new named
# volume mounted on /backup starts out writable by it.
RUN mkdir -p /out/backup

# The binaries are static (CGO_ENABLED=0; the Temporal server's SQLite driver
# is pure Go). The distroless image has CA certificates and time zone data
# and runs as the non-root user nonroot (uid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/worker /out/starter /out/gcsim /usr/local/bin/
COPY --from=build --chown=65532:65532 /out/backup /backup
ENV GCEXPORT_OUTPUT=/backup
WORKDIR /home/nonroot
USER nonroot:nonroot
CMD ["/usr/local/bin/worker"]
