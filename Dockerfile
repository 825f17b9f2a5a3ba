# socpick as a container: a static binary on distroless, run as nonroot.
#   docker build -t socpick .
#   docker run --rm -v "$PWD:/work" -w /work socpick check vendors/
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
ARG COMMIT=""
ARG DATE=""
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/socpick/socpick/internal/buildinfo.version=${VERSION} -X github.com/socpick/socpick/internal/buildinfo.commit=${COMMIT} -X github.com/socpick/socpick/internal/buildinfo.date=${DATE}" \
      -o /out/socpick ./cmd/socpick

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/socpick /usr/local/bin/socpick
USER nonroot:nonroot
WORKDIR /work
ENTRYPOINT ["socpick"]
CMD ["--help"]
