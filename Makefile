# ff — build, test, demo, install. `make demo` and `make test` work on a fresh Debian machine.
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
SWIFT ?= swift
# The Swift runtime linked statically: a faster start (~10 ms) and a binary that runs without
# the toolchain installed.
RELEASE_FLAGS = -c release --static-swift-stdlib
DEMO_DIR ?=

.PHONY: all build release test demo install uninstall deps templates check-templates bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Regenerates the compiled-in copy of templates/ (a test fails when they differ).
templates:
	scripts/generate-templates

# Builds a realistic sample repository with real ff commands and shows it.
demo: release
	scripts/demo $(DEMO_DIR)

install: release
	install -d $(BINDIR)
	install -m 0755 .build/release/ff $(BINDIR)/ff

uninstall:
	rm -f $(BINDIR)/ff

bench: release
	bench/run

clean:
	rm -rf .build
