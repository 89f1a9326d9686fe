// swift-tools-version:6.0
import PackageDescription

// On Linux, ff is not linked with libgit2: CLibgit2Loader loads it on the first call, so a
// command that opens no repository (ff --version, --help, completions) never maps it and the
// twenty libraries it needs. Elsewhere (macOS, other CPUs) it is linked as usual.
#if os(Linux) && (arch(x86_64) || arch(arm64))
let libgit2OnDemand = true
#else
let libgit2OnDemand = false
#endif

// `make release` sets FF_SIZE_OPTIMIZED=1, and a release build then compiles the command line
// and the core for size (-Osize): 0.27 MB less. The core's hot files (JSON, the timeline's
// JSON, timestamps, YAML, cache lines, summaries) mark every function and computed property
// @_optimize(speed), and the application layer (caches, history walks) stays compiled for
// speed; bench/README.md, "The binary", has the figures. Only through the Makefile: a
// package that depends on ff's libraries never sets it, so it never meets a flag SwiftPM
// refuses in a dependency.
let sizeOptimized: [SwiftSetting] = Context.environment["FF_SIZE_OPTIMIZED"] == "1"
    ? [.unsafeFlags(["-Osize"], .when(configuration: .release))] : []

let package = Package(
    name: "ff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ff", targets: ["ff"]),
        // `ff mcp` runs it: the MCP server, a program of its own so that ff stays small.
        .executable(name: "ff-mcp", targets: ["ff-mcp"]),
        // The core (model, rules, timeline, rendering) and the application layer over a
        // repository, for front ends other than the command line.
        .library(name: "FailForward", targets: ["FailForward"]),
        .library(name: "FFWorkspace", targets: ["FFWorkspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // Loaded on demand, libgit2 is headers only: pkg-config's flags would link it (its
        // headers are in the compiler's own search path on Linux).
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: libgit2OnDemand ? nil : "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // libgit2's loader: a trampoline per function ff calls, or libgit2 linked.
        .target(
            name: "CLibgit2Loader",
            cSettings: libgit2OnDemand ? [.define("FF_GIT_ON_DEMAND")] : [],
            linkerSettings: libgit2OnDemand ? [] : [.linkedLibrary("git2")]
        ),
        // libyaml's event parser, the system's: the core reads YAML through it alone.
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Text and paths without Foundation (FoundationEssentials has neither), and a lock.
        .target(name: "FFEssentials"),
        // The only module that talks to libgit2.
        .target(name: "FFGit", dependencies: ["CLibgit2", "CLibgit2Loader", "FFEssentials"]),
        // The pure core: model, transitions, YAML, validation, rendering. No files, no git.
        .target(name: "FailForward", dependencies: ["CYaml", "FFEssentials"], swiftSettings: sizeOptimized),
        // The application layer: opens a repository, runs each use case as one unit of work,
        // reads history and caches; reports through a delegate, never prints.
        .target(name: "FFWorkspace", dependencies: ["FailForward", "FFGit"]),
        // The command line only: parse, validate, call the workspace, print.
        .target(
            name: "FFCLI",
            dependencies: [
                "FailForward", "FFWorkspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Members of a module are visible only where it is imported: the command line sees
            // nothing of FFGit, not even through what FFWorkspace hands it.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")] + sizeOptimized
        ),
        // Exported for libgit2 to bind to: Sources/ff/CABundle.swift.
        .executableTarget(
            name: "ff", dependencies: ["FFCLI"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"], .when(platforms: [.linux]))]
        ),
        // The Model Context Protocol server, over the official SDK: each tool runs the ff
        // command it mirrors, in process, and answers with that command's JSON.
        .target(
            name: "FFMCP",
            dependencies: [
                "FFCLI", "FFWorkspace", "FailForward",
                .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "ff-mcp", dependencies: ["FFMCP"]),
        // The library alone, as another front end would use it: experiments and outcomes as JSON.
        .executableTarget(name: "list-outcomes", dependencies: ["FFWorkspace", "FailForward"], path: "Examples/ListOutcomes"),
        // Temporary repositories and the git CLI as an independent oracle, for the tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The properties the fuzzer (fuzz/) checks on any input, for the regression test of
        // its findings too; they stop on a broken property, so they are not in the library.
        .target(name: "FuzzChecks", dependencies: ["FailForward"], path: "Tests/FuzzChecks"),
        .testTarget(
            name: "FailForwardTests",
            dependencies: ["FailForward", "FuzzChecks", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "FFGitTests", dependencies: ["FFGit", "TestSupport"]),
        // The application layer driven as a library, with no command line.
        .testTarget(name: "FFWorkspaceTests", dependencies: ["FFWorkspace", "FailForward", "TestSupport"]),
        // ff run in process on a temporary repository, for the command-line tests.
        .target(name: "CLIHarness", dependencies: ["FFCLI", "FailForward", "TestSupport"], path: "Tests/CLIHarness"),
        // The command line in process: parsing, help text, messages, exit codes.
        .testTarget(
            name: "FFCLITests",
            dependencies: ["FFCLI", "FFWorkspace", "FailForward", "FFGit", "TestSupport", "CLIHarness",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // The built `ff` spawned as a process: exit codes, streams, signals, concurrency.
        .testTarget(name: "FFEndToEndTests", dependencies: ["FailForward", "TestSupport", "CLIHarness"]),
    ]
)
