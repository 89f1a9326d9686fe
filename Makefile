# ff — build, test, demo, install. `make demo` and `make test` work on a fresh Debian machine.
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
SWIFT ?= swift
# The Swift runtime linked statically: a faster start (~10 ms) and a binary that runs without
# the toolchain installed.
RELEASE_FLAGS = -c release --static-swift-stdlib
DEMO_DIR ?=

.PHONY: all build release man test test-install demo install uninstall deps templates bench clean

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
	scripts/test-install

# Installs into a temporary prefix and checks the man page, completions and `git ff`.
test-install: deps
	scripts/test-install

# Regenerates the compiled-in copy of templates/ (a test fails when they differ).
templates:
	scripts/generate-templates

# Builds a realistic sample repository with real ff commands and shows it.
demo: release
	scripts/demo $(DEMO_DIR)

# The man page, generated from the command definitions by argument-parser's generate-manual.
man: release
	$(SWIFT) build $(RELEASE_FLAGS) --product generate-manual
	mkdir -p .build/man
	.build/release/generate-manual .build/release/ff --output-directory .build/man

# The binary, `git-ff` (so that `git ff …` works), the man page, and bash, zsh and fish
# completions (which complete subcommands, flags and the ids and slugs of experiments).
install: release man
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 .build/release/ff $(BINDIR)/ff
	ln -sf ff $(BINDIR)/git-ff
	install -m 0644 .build/man/ff.1 $(MANDIR)/ff.1
	.build/release/ff --generate-completion-script bash > $(BASHDIR)/ff
	.build/release/ff --generate-completion-script zsh > $(ZSHDIR)/_ff
	.build/release/ff --generate-completion-script fish > $(FISHDIR)/ff.fish

uninstall:
	rm -f $(BINDIR)/ff $(BINDIR)/git-ff $(MANDIR)/ff.1 $(BASHDIR)/ff $(ZSHDIR)/_ff $(FISHDIR)/ff.fish

bench: release
	bench/run

clean:
	rm -rf .build
