import Foundation
import TestSupport
import Testing

/// What the built binary is made of: FoundationEssentials and never all of Foundation (with
/// ICU's data it tripled the binary and its start), and the system's libgit2 and libyaml.
@Suite struct BinaryTests {
    @Test func theBinaryLinksFoundationEssentialsAloneAndTheSystemsLibraries() throws {
        let ff = ffExecutable()
        let r = try run("/usr/bin/env", ["readelf", "-d", ff], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        guard r.status == 0 else {
            print("BinaryTests: readelf is not available (binutils): \(r.stderr)")
            return
        }
        let needed = r.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            .compactMap { line -> String? in
                guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
                return String(line[line.index(after: open)..<close])
            }
        #expect(needed.contains { $0.hasPrefix("libgit2.so") }, "\(needed)")
        #expect(needed.contains { $0.hasPrefix("libyaml-0.so") }, "\(needed)")
        for heavy in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so", "libFoundationXML.so"] {
            #expect(!needed.contains(heavy), "ff links \(heavy): a file imports Foundation instead of FoundationEssentials (see Platform.swift)")
        }
    }
}
