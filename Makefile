# ff — build, test, demo, install. `make demo` and `make test` work on a fresh Debian machine.
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
# ff's own programs that people do not run by name: ff-mcp, which `ff mcp` runs.
LIBEXECDIR = $(DESTDIR)$(PREFIX)/libexec/ff
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
# Debian packages put zsh functions in vendor-completions (make deb), a local install in site-functions.
ZSH_FUNCTIONS ?= site-functions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/$(ZSH_FUNCTIONS)
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
SWIFT ?= swift
ifeq ($(shell uname -s),Darwin)
# macOS has the Swift runtime in the system, and links with its own linker.
RELEASE_FLAGS = -c release -Xswiftc -DFF_BUILD_INFO
else
# The Swift runtime linked statically: a faster start and a binary that runs without the
# toolchain installed. Linked with the toolchain's lld: gold repeats glibc's link-time note
# on the mktemp inside the static Foundation (which ff never calls) as a warning on every
# build. Small (bench/binary measures it): identical functions folded; relative relocations
# packed (DT_RELR, glibc 2.36: 1 MB less, and less for the loader to do); no symbols exported
# from the executable (nothing loads ff as a library); public functions not kept for a client
# that is not there (-internalize-at-link: without it every public function of ff's modules and
# argument-parser is marked used and survives --gc-sections) and each in its own section
# (-function-sections), so the linker drops the unused ones; whole-program LTO on top
# (bench/README.md, "The binary": 16.84 MB -> 16.08 MB -> 15.96 MB). These flags change code
# generation only, and the compiler skips it for a module whose IR is unchanged: after
# changing them, build from an empty .build. Not -Osize for the whole: 0.7 MB less, but a warm
# ff timeline 1.2x slower; Package.swift applies it where it costs about 1 % (FF_SIZE_OPTIMIZED).
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -DFF_BUILD_INFO -Xswiftc -use-ld=lld \
	-Xswiftc -Xfrontend -Xswiftc -internalize-at-link -Xswiftc -Xfrontend -Xswiftc -function-sections \
	--experimental-lto-mode=full \
	-Xlinker --icf=all -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic
endif
# Package.swift compiles the command line and the core for size in a release build when this
# is set (the core's hot files and the application layer stay compiled for speed).
export FF_SIZE_OPTIMIZED = 1
DEMO_DIR ?=
# The release number, for the package and the source tarball (the one `ff --version` prints).
VERSION := $(shell sed -n 's/^ *static let number = "\(.*\)"/\1/p' Sources/FFCLI/Version.swift)

.PHONY: all build release man test test-install test-deb test-sanitize fuzz demo install uninstall deb dist deps templates bench bench-timeline clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# `ff --version` names the commit built from (scripts/build-info).
release: deps
	scripts/build-info
	$(SWIFT) build $(RELEASE_FLAGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest
	scripts/test-install
	scripts/test-deb

# Installs into a temporary prefix and checks the man page, completions and `git ff`.
test-install: deps
	scripts/test-install

# Builds the Debian package and the source tarball, lints the package, installs it with apt
# (as root), checks what it installed, removes it and checks that nothing is left.
test-deb: deps
	scripts/test-deb

# The test suite again under AddressSanitizer and ThreadSanitizer (each in its own build folder).
# Leak detection is off: ff is a short-lived process that leaves its memory to exit().
test-sanitize: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --disable-xctest --scratch-path .build-asan --sanitize=address
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --disable-xctest --scratch-path .build-tsan --sanitize=thread

# Fuzzes YAML loading, in-place edits, timestamps, slugs and commit messages with libFuzzer and
# AddressSanitizer for FUZZ_SECONDS; a finding is kept in fuzz/regressions/ as a test.
FUZZ_SECONDS ?= 60
fuzz: deps
	cd fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p fuzz/.corpus fuzz/regressions
	cd fuzz && ./.build/debug/FFFuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
		-artifact_prefix=regressions/ .corpus corpus

# Regenerates the compiled-in copies of templates/ and hooks/ (tests fail when they differ).
templates:
	scripts/generate-templates

# Builds a realistic sample repository with real ff commands and shows it.
demo: release
	scripts/demo $(DEMO_DIR)

# The man page, generated from the command definitions by argument-parser's generate-manual
# (through scripts/generate-manual, which keeps the characters outside ASCII).
man: release
	scripts/build-info
	$(SWIFT) build $(RELEASE_FLAGS) --product generate-manual
	scripts/generate-manual .build/release/generate-manual .build/release/ff .build/man

# The binary, `git-ff` (so that `git ff …` works), the MCP server `ff mcp` runs, the man page
# (also as git-ff(1), the page `git ff --help` opens), and bash, zsh and fish completions
# (which complete subcommands, flags and the ids and slugs of experiments).
install: release man
	install -d $(BINDIR) $(LIBEXECDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -s -m 0755 .build/release/ff $(BINDIR)/ff
	install -s -m 0755 .build/release/ff-mcp $(LIBEXECDIR)/ff-mcp
	ln -sf ff $(BINDIR)/git-ff
	install -m 0644 .build/man/ff.1 $(MANDIR)/ff.1
	ln -sf ff.1 $(MANDIR)/git-ff.1
	.build/release/ff --generate-completion-script bash > $(BASHDIR)/ff
	.build/release/ff --generate-completion-script zsh > $(ZSHDIR)/_ff
	.build/release/ff --generate-completion-script fish > $(FISHDIR)/ff.fish

# ff_<version>_<arch>.deb: what `make install PREFIX=/usr` installs, in Debian's places,
# depending on the libraries the binary links (dpkg-shlibdeps) and on libgit2, which it loads.
deb: deps
	@scripts/install-deps dpkg-dev
	scripts/build-deb

# ff-<version>.tar.gz: the tracked files, and the commit they are (for `ff --version`); it
# builds with `make` alone.
dist:
	scripts/dist $(VERSION)

uninstall:
	rm -f $(LIBEXECDIR)/ff-mcp
	-rmdir $(LIBEXECDIR) 2>/dev/null
	rm -f $(BINDIR)/ff $(BINDIR)/git-ff $(MANDIR)/ff.1 $(MANDIR)/git-ff.1 $(BASHDIR)/ff $(ZSHDIR)/_ff $(FISHDIR)/ff.fish

bench: release
	bench/run

# ff timeline cold and warm against git log on 10,000 experiments / 100,000 commits.
bench-timeline: release
	bench/timeline

clean:
	rm -rf .build ff_*.deb ff-*.tar.gz
