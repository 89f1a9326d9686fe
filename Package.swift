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

let package = Package(
    name: "ff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ff", targets: ["ff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
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
        .target(name: "FailForward", dependencies: ["CYaml", "FFEssentials"]),
        // Commands: parse, validate, call the core, print.
        .target(
            name: "FFCLI",
            dependencies: [
                "FailForward", "FFGit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ff", dependencies: ["FFCLI"]),
        // Temporary repositories and the git CLI as an independent oracle, for the tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "FailForwardTests",
            dependencies: ["FailForward", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "FFGitTests", dependencies: ["FFGit", "TestSupport"]),
        .testTarget(
            name: "FFCLITests",
            dependencies: ["FFCLI", "FailForward", "FFGit", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)
