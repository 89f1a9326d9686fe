import FFCLI
import FailForward
import Foundation
import TestSupport

/// Runs ff in-process against a temporary repository, with captured output, a fixed clock,
/// a scripted editor and scripted answers.
public final class Harness: @unchecked Sendable {
    public let dir = TempDir("ff-cli")
    public let home = TempDir("ff-home")
    public var env: [String: String]
    public var now = Timestamp.parse("2026-11-28T10:00:00Z")!
    public var interactive = false
    public var answers: [String] = []
    /// Edits the file the editor was opened on; nil means "no editor configured".
    public var editor: ((String) throws -> Void)?
    public var editorCalls = 0

    public struct Result {
        public var code: Int32
        public var out: String
        public var err: String
    }

    public init(initialise: Bool = true) throws {
        env = isolatedEnvironment(home: home.path)
        // The hooks git runs (for commits made with git in a test) call the built ff.
        env["PATH"] = (ffExecutable() as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["GIT_AUTHOR_DATE"] = "2026-11-28T10:00:00Z"
        env["GIT_COMMITTER_DATE"] = "2026-11-28T10:00:00Z"
        if initialise {
            let r = ff("init")
            precondition(r.code == 0, "ff init failed: \(r.err)")
        }
    }

    public var git: Git { Git(dir.path, environment: env) }

    /// Sets the time of the next commits (author and committer) and of the clock.
    public func at(_ iso: String) {
        env["GIT_AUTHOR_DATE"] = iso
        env["GIT_COMMITTER_DATE"] = iso
        now = Timestamp.parse(iso)!
    }

    @discardableResult
    public func ff(_ args: String..., in sub: String? = nil) -> Result {
        ff(args, in: sub)
    }

    @discardableResult
    public func ff(_ args: [String], in sub: String? = nil) -> Result {
        var out = "", err = ""
        let lock = NSLock()
        let console = Console(
            out: { s in lock.lock(); out += s; lock.unlock() },
            err: { s in lock.lock(); err += s; lock.unlock() },
            readLine: { [self] in answers.isEmpty ? nil : answers.removeFirst() },
            stdoutIsTerminal: interactive, stderrIsTerminal: interactive, stdinIsTerminal: interactive
        )
        var environment = env
        if editor != nil { environment["EDITOR"] = "scripted-editor" }
        let ctx = Context(environment: environment, directory: sub.map { dir.file($0) } ?? dir.path, console: console,
                          now: { [now] in now },
                          runEditor: { [self] _, file in
                              editorCalls += 1
                              try editor?(file)
                              return 0
                          })
        let code = FFMain.execute(args, in: ctx)
        return Result(code: code, out: out, err: err)
    }

    /// Creates an experiment ready to start and returns its id.
    public func newReady(_ title: String = "Weekly demo to sponsors", extra: [String] = []) -> String {
        let r = ff(["new", title, "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                    "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                    "--data", "follow-up requests: count replies tagged #demo", "--days", "14", "--reversible",
                    "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)", "--tag", "sponsors"] + extra)
        precondition(r.code == 0, "ff new failed: \(r.err)")
        return lastID()
    }

    public func lastID() -> String {
        let trailers = (try? git.trailers()) ?? []
        return trailers.last { $0.hasPrefix("FF-Experiment: ") }.map { String($0.dropFirst(15)) } ?? ""
    }

    /// The repository-relative path of an experiment's file.
    public func path(of id: String) throws -> String {
        try git("ls-files", "experiments").split(separator: "\n").first { $0.contains("/\(id)-") }.map(String.init) ?? ""
    }

    public func file(of id: String) throws -> String {
        try dir.read(path(of: id))
    }
}
