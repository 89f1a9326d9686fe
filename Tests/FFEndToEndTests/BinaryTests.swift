import CLIHarness
import Foundation
import TestSupport
import Testing

/// Where libgit2 is loaded on first use rather than linked (Package.swift): Linux on x86_64 and
/// aarch64.
#if os(Linux) && (arch(x86_64) || arch(arm64))
private let libgit2OnDemand = true
#else
private let libgit2OnDemand = false
#endif

/// What the built binary is made of: FoundationEssentials and never all of Foundation (with
/// ICU's data it tripled the binary and its start), the system's libyaml, and the system's
/// libgit2, on Linux loaded by the first command that needs it (its load, with twenty
/// libraries bound at once, was most of a cold `ff --version`).
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
        #expect(needed.contains { $0.hasPrefix("libgit2.so") } == !libgit2OnDemand, "\(needed)")
        #expect(needed.contains { $0.hasPrefix("libyaml-0.so") }, "\(needed)")
        for heavy in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so", "libFoundationXML.so"] {
            #expect(!needed.contains(heavy), "ff links \(heavy): a file imports Foundation instead of FoundationEssentials (see Platform.swift)")
        }
    }

    /// Commands that open no repository never start libgit2, nor (where it is loaded on demand)
    /// load it; and a command that starts it never reads the system's CA bundle, which libgit2's
    /// start would parse for HTTPS remotes ff never uses (52 million instructions of `ff show`'s
    /// 118 million; Sources/ff/CABundle.swift). Seen with strace: libgit2's start looks for the bundle (a
    /// stat), which is how `ff status` shows that it started, and only parsing it opens it.
    @Test func versionHelpAndCompletionsNeverStartLibgit2AndNoCommandReadsTheCABundle() throws {
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        guard (try? run("/usr/bin/env", ["strace", "-V"], environment: env))?.status == 0 else {
            print("BinaryTests: strace is not installed; the libgit2 start check skipped")
            return
        }
        func traced(_ args: [String], in dir: String? = nil) throws -> [Substring] {
            let r = try run("/usr/bin/env", ["strace", "-f", "-e", "trace=%file", ffExecutable()] + args, in: dir, environment: env)
            return r.stderr.split(separator: "\n")
        }
        func caBundle(_ line: Substring) -> Bool { line.contains("/etc/ssl/") || line.contains("ca-certificates") }
        func opens(_ line: Substring) -> Bool { line.contains("open(") || line.contains("openat(") || line.contains("openat2(") }
        let quick = [["--version"], ["--help"], ["help", "new"], ["new", "--help"]]
        let completions = ["bash", "zsh", "fish"].map { ["--generate-completion-script", $0] }
        for args in quick + completions {
            let lines = try traced(args)
            #expect(!lines.contains(where: caBundle), "\(args) starts libgit2")
            if libgit2OnDemand { #expect(!lines.contains { $0.contains("libgit2.so") }, "\(args) loads libgit2") }
        }
        let h = try Harness()
        _ = h.newReady("Control")
        let status = try traced(["status"], in: h.dir.path)
        #expect(status.contains(where: caBundle), "ff status should start libgit2: the check would not see it otherwise")
        if libgit2OnDemand { #expect(status.contains { $0.contains("libgit2.so") }, "ff status should load libgit2") }
        #if os(Linux)
        #expect(!status.contains { caBundle($0) && opens($0) }, "ff status reads the CA bundle: \(status.filter(caBundle))")
        #endif
    }

    /// The library a command loads is the one ff was built against: the soname of the
    /// libgit2.so that pkg-config names (read by readelf), opened by `ff list`, which lists
    /// what git has committed.
    @Test func aCommandLoadsTheLibgit2ItWasBuiltAgainst() throws {
        guard libgit2OnDemand, let soname = try linkedLibgit2Soname() else { return }
        let h = try Harness()
        let id = h.newReady("Loaded on demand")
        let committed = try h.git("ls-files", "experiments")
        #expect(committed.contains(id), "\(committed)")
        let list = try run(ffExecutable(), ["list", "--json"], in: h.dir.path, environment: h.env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\"\(id)\""), "\(list.stdout)")
        guard (try? run("/usr/bin/env", ["strace", "-V"], environment: h.env))?.status == 0 else {
            print("BinaryTests: strace is not installed; which libgit2 ff loads was not checked")
            return
        }
        let traced = try run("/usr/bin/env", ["strace", "-f", "-e", "trace=openat", ffExecutable(), "list"], in: h.dir.path, environment: h.env)
        let opened = traced.stderr.split(separator: "\n").filter { $0.contains("libgit2") && !$0.contains("ENOENT") }
        #expect(opened.count == 1 && opened[0].contains("/\(soname)\""), "\(opened)")
    }

    /// Without a usable libgit2, a command that needs it says so in one line and exits 1, and
    /// `ff --version` still runs: a library that is no ELF file, and one that lacks ff's
    /// functions (libyaml under libgit2's soname), found first through LD_LIBRARY_PATH.
    @Test func aMissingLibgit2IsOneLineThatSaysWhatToInstall() throws {
        guard libgit2OnDemand, let soname = try linkedLibgit2Soname() else { return }
        let h = try Harness()
        let fake = TempDir("ff-lib")
        let yaml = try run("/usr/bin/env", ["sh", "-c", "ldd \"$0\" | sed -n 's/.*=> \\(.*libyaml[^ ]*\\) .*/\\1/p'", ffExecutable()], environment: h.env)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = soname.replacingOccurrences(of: "libgit2.so.", with: "")
        for (library, reason) in [(nil, "file too short"), (yaml.isEmpty ? nil : yaml, "undefined symbol: git_")] as [(String?, String)] {
            // The bytes, not a copy of the link libyaml's path is.
            let bytes = try library.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? Data()
            #expect(FileManager.default.createFile(atPath: fake.file(soname), contents: bytes))
            var env = h.env
            env["LD_LIBRARY_PATH"] = fake.path
            let r = try run(ffExecutable(), ["status"], in: h.dir.path, environment: env)
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty, "\(r.stdout)")
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("ff: cannot load libgit2 (\(soname)): \(fake.file(soname)): \(reason)"), "\(r.stderr)")
            #expect(r.stderr.hasSuffix("; install the libgit2 package (Debian: libgit2-\(version))\n"), "\(r.stderr)")
            let v = try run(ffExecutable(), ["--version"], in: h.dir.path, environment: env)
            #expect(v.status == 0 && !v.stdout.isEmpty, "\(v.stderr)")
        }
    }

    /// The trampolines are for the libgit2 functions FFGit calls, no more: the list equals
    /// the undefined git_ symbols of FFGit's objects beside the built ff (that none is
    /// missing, the link itself proves).
    @Test func theTrampolinesAreTheFunctionsFFGitCalls() throws {
        guard libgit2OnDemand else { return }
        let objects = (ffExecutable() as NSString).deletingLastPathComponent + "/FFGit.build"
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let r = try run("/usr/bin/env", ["sh", "-c", "nm -u \"$0\"/*.o", objects], environment: env)
        guard r.status == 0 else {
            print("BinaryTests: nm or FFGit's objects are not available (\(r.stderr)); the trampoline list was not checked")
            return
        }
        let called = Set(r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }.filter { $0.hasPrefix("git_") })
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let list = try String(contentsOf: root.appendingPathComponent("Sources/CLibgit2Loader/libgit2-functions.h"), encoding: .utf8)
        let stubs = Set(list.split(separator: "\n").filter { $0.hasPrefix("FF_GIT_FUNCTION(") }.map { String($0.dropFirst(16).dropLast()) })
        #expect(!called.isEmpty)
        #expect(stubs.subtracting(called).sorted() == [], "functions FFGit no longer calls: run scripts/generate-libgit2-stubs")
        #expect(called.subtracting(stubs).sorted() == [], "functions without a trampoline: run scripts/generate-libgit2-stubs")
    }

    /// A release build compiles the core for size, but for its hot files, whose every function
    /// and computed property is marked for speed (Package.swift): one added without the mark would
    /// quietly be compiled for size on every command's path.
    @Test func everyFunctionOfTheCoresHotFilesIsCompiledForSpeed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let core = root.appendingPathComponent("Sources/FailForward")
        let note = "// On every command's path: each function is @_optimize(speed)"
        let declaration = try Regex(#"^\s*(?:(?:public|private|fileprivate|internal|static|mutating|nonmutating|override|final|@inline\(__always\)|@inlinable|@discardableResult)\s+)*(?:func|init[?!]?|subscript)\b|^\s*(?:(?:public|private|fileprivate|internal|static)\s+)*var \w+: [^=]+\{\s*$"#)
        var hot: [String] = []
        var unmarked: [String] = []
        let files = try #require(FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil))
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard text.hasPrefix(note) else { continue }
            hot.append(url.lastPathComponent)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.firstMatch(of: declaration) != nil && !line.contains("@_optimize(speed)") {
                unmarked.append("\(url.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(hot.count >= 10, "the hot files lost their note: \(hot.sorted())")
        #expect(unmarked == [], "functions in hot files without @_optimize(speed)")
    }
}

/// The soname of the libgit2 the linker finds through pkg-config; nil (with a note) without
/// pkg-config or readelf.
private func linkedLibgit2Soname() throws -> String? {
    let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    let r = try run("/usr/bin/env", ["sh", "-c", "readelf -d \"$(pkg-config --variable=libdir libgit2)/libgit2.so\""], environment: env)
    guard r.status == 0, let line = r.stdout.split(separator: "\n").first(where: { $0.contains("(SONAME)") }),
          let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else {
        print("BinaryTests: pkg-config or readelf cannot tell libgit2's soname (\(r.stderr)); skipped")
        return nil
    }
    return String(line[line.index(after: open)..<close])
}
