# socpick: build, test, lint, bench. `make test` is what CI runs.
GO ?= go

.PHONY: all build test race lint bench update-golden clean

all: lint test build

build:
	$(GO) build -o bin/socpick ./cmd/socpick

test:
	$(GO) test ./...

race:
	$(GO) test -race ./...

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

update-golden:
	$(GO) test ./internal/render -update

clean:
	rm -rf bin
