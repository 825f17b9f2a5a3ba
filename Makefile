# socpick: build, test, lint, bench. `make test` is what CI runs.
GO ?= go

.PHONY: all build test race lint bench fuzz update-golden docs man release-check docker clean

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

# Fuzzing minimises each new input against the whole loader, which is slow
# for rule files of a few kilobytes: -fuzzminimizetime keeps it moving.
# FuzzProfile follows a profile from read to save and back. Each target
# runs FUZZTIME: `make fuzz FUZZTIME=10m` before a release.
FUZZTIME ?= 60s
fuzz:
	$(GO) test ./internal/engine -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) -fuzzminimizetime 3s
	$(GO) test ./internal/profile -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./internal/check -run '^$$' -fuzz FuzzProfile -fuzztime $(FUZZTIME)

update-golden:
	$(GO) test ./internal/render -update

# docs/commands: a markdown page per command, from the commands' help (a
# test fails when they fall behind); man: the same as man pages.
docs:
	rm -f docs/commands/*.md
	$(GO) run ./cmd/socpick man --format markdown --dir docs/commands

man:
	$(GO) run ./cmd/socpick man --dir manpages

# The release configuration: goreleaser (from the Go module proxy, pinned)
# checks .goreleaser.yaml and builds a snapshot for this machine. Installing
# it compiles a large program: minutes, so not part of `make test`.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1
release-check:
	$(GORELEASER) check
	mkdir -p bin
	$(GORELEASER) build --snapshot --clean --single-target -o bin/socpick-snapshot
	bin/socpick-snapshot version

# The container image, where a Docker daemon runs.
docker:
	docker build -t socpick:dev .
	docker run --rm socpick:dev version

clean:
	rm -rf bin dist
