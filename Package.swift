// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ff", targets: ["ff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // The only module that talks to libgit2.
        .target(name: "FFGit", dependencies: ["CLibgit2"]),
        // The pure core: model, transitions, YAML, validation, rendering. No files, no git.
        .target(name: "FailForward", dependencies: ["Yams"]),
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
            dependencies: ["FailForward", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "FFGitTests", dependencies: ["FFGit", "TestSupport"]),
        .testTarget(
            name: "FFCLITests",
            dependencies: ["FFCLI", "FailForward", "FFGit", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)
