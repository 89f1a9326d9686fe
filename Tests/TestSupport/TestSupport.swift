import Foundation

/// The output of a finished process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Killed at the `timeout` given to `run` (a hang, reported instead of waited on).
    public var timedOut = false
}

/// A temporary folder, removed when the value is released.
public final class TempDir: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "ff-test") {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func file(_ rel: String) -> String { path + "/" + rel }

    public func write(_ rel: String, _ text: String) throws {
        let p = file(rel)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
    }

    public func read(_ rel: String) throws -> String {
        try String(contentsOfFile: file(rel), encoding: .utf8)
    }
}

/// Runs a program to completion. Output goes through temporary files, so a large output can
/// never deadlock the wait. With `timeout`, a program still running then is killed and the
/// result says `timedOut`: a test of something that must not hang fails instead of hanging.
@discardableResult
public func run(_ executable: String, _ args: [String], in dir: String? = nil, environment: [String: String],
                stdin: String? = nil, timeout: TimeInterval? = nil) throws -> ProcessResult {
    let tmp = TempDir("ff-proc")
    let outPath = tmp.file("out"), errPath = tmp.file("err"), inPath = tmp.file("in")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
    p.environment = environment
    let out = FileHandle(forWritingAtPath: outPath)!, err = FileHandle(forWritingAtPath: errPath)!
    let input = FileHandle(forReadingAtPath: inPath)!
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    var timedOut = false
    if let timeout {
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
        }
    }
    p.waitUntilExit()
    try out.close(); try err.close(); try input.close()
    var result = ProcessResult(status: p.terminationStatus,
                               stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                               stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    result.timedOut = timedOut
    return result
}

/// An environment cut off from the machine's git configuration, with a fixed identity.
public func isolatedEnvironment(home: String, identity: Bool = true, extra: [String: String] = [:]) -> [String: String] {
    var env: [String: String] = [
        "HOME": home,
        "XDG_CONFIG_HOME": home + "/.config",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    ]
    // Sanitizer settings reach the processes the tests spawn.
    for key in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"] {
        if let v = ProcessInfo.processInfo.environment[key] { env[key] = v }
    }
    if identity {
        env["GIT_AUTHOR_NAME"] = "Ana Lima"
        env["GIT_AUTHOR_EMAIL"] = "ana@example.com"
        env["GIT_COMMITTER_NAME"] = "Ana Lima"
        env["GIT_COMMITTER_EMAIL"] = "ana@example.com"
    }
    for (k, v) in extra { env[k] = v }
    return env
}

/// The git CLI, the independent oracle for what ff writes.
public struct Git: Sendable {
    public let dir: String
    public let environment: [String: String]

    public init(_ dir: String, environment: [String: String]) {
        self.dir = dir
        self.environment = environment
    }

    @discardableResult
    public func run(_ args: String..., stdin: String? = nil) throws -> ProcessResult {
        try TestSupport.run("/usr/bin/git", args, in: dir, environment: environment, stdin: stdin)
    }

    /// Stdout of a git command that must succeed, without the final newline.
    @discardableResult
    public func callAsFunction(_ args: String..., stdin: String? = nil) throws -> String {
        let r = try TestSupport.run("/usr/bin/git", args, in: dir, environment: environment, stdin: stdin)
        guard r.status == 0 else { throw GitFailed(args: args, result: r) }
        return r.stdout.hasSuffix("\n") ? String(r.stdout.dropLast()) : r.stdout
    }

    public struct GitFailed: Error, CustomStringConvertible {
        public let args: [String]
        public let result: ProcessResult
        public var description: String { "git \(args.joined(separator: " ")) exited \(result.status): \(result.stderr)" }
    }

    /// The trailers of a commit as `git interpret-trailers --parse` reads them.
    public func trailers(_ rev: String = "HEAD") throws -> [String] {
        let message = try self("log", "-1", "--format=%B", rev)
        let parsed = try self("interpret-trailers", "--parse", stdin: message + "\n")
        return parsed.isEmpty ? [] : parsed.split(separator: "\n").map(String.init)
    }
}

/// The built `ff` executable, next to the test bundle.
public func ffExecutable(file: String = #filePath) -> String {
    let beside = (CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/ff"
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/ff").path
}
