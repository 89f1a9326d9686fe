import CLIHarness
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

    /// Commands that open no repository never start libgit2, whose start parses the system's
    /// CA bundle (about 15 ms of work in a cold process): seen with strace, with `ff status`
    /// in a repository as the control that does start it.
    @Test func versionHelpAndCompletionsNeverStartLibgit2() throws {
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        guard (try? run("/usr/bin/env", ["strace", "-V"], environment: env))?.status == 0 else {
            print("BinaryTests: strace is not installed; the libgit2 start check skipped")
            return
        }
        func opensCABundle(_ args: [String], in dir: String? = nil) throws -> Bool {
            let r = try run("/usr/bin/env", ["strace", "-f", "-e", "trace=open,openat", ffExecutable()] + args, in: dir, environment: env)
            return r.stderr.contains("/etc/ssl/") || r.stderr.contains("ca-certificates")
        }
        for args in [["--version"], ["--help"], ["help", "new"], ["new", "--help"], ["--generate-completion-script", "bash"]] {
            #expect(try !opensCABundle(args), "\(args)")
        }
        let h = try Harness()
        _ = h.newReady("Control")
        #expect(try opensCABundle(["status"], in: h.dir.path), "ff status should start libgit2: the check would not see it otherwise")
    }
}
