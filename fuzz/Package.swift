// swift-tools-version:6.0
// A libFuzzer target for ff's file and reference parsing, kept out of the main package
// because it has no `main` (libFuzzer provides it). It compiles the core from the main
// package's sources (Sources/FailForward, FFEssentials and CYaml are links) so it does not depend on the folder name
// of the clone. Built by `make fuzz`:
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "ff-fuzz",
    targets: [
        .systemLibrary(name: "CYaml", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .target(name: "FFEssentials"),
        .target(name: "FailForward", dependencies: ["CYaml", "FFEssentials"]),
        // The checks themselves, shared with the regression test of the findings (a link to
        // Tests/FuzzChecks): they stop on a broken property, so they are not in the library.
        .target(name: "FuzzChecks", dependencies: ["FailForward"]),
        .executableTarget(name: "FFFuzz", dependencies: ["FailForward", "FuzzChecks"]),
    ]
)
