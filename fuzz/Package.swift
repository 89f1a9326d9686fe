// swift-tools-version:6.0
// A libFuzzer target for ff's file and reference parsing, kept out of the main package
// because it has no `main` (libFuzzer provides it). It compiles the core from the main
// package's sources (Sources/FailForward is a link) so it does not depend on the folder name
// of the clone. Built by `make fuzz`:
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "ff-fuzz",
    dependencies: [.package(url: "https://github.com/jpsim/Yams", from: "6.2.2")],
    targets: [
        .target(name: "FailForward", dependencies: ["Yams"]),
        .executableTarget(name: "FFFuzz", dependencies: ["FailForward"]),
    ]
)
