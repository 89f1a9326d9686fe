import FFGit
import FailForward
import Foundation

/// An opened repository with ff set up in it: the one place commands get the repository,
/// the config, the experiment store and the commit path from.
final class Workspace {
    let ctx: Context
    let repo: Repository
    /// The working tree root.
    let root: String
    let config: FFConfig
    let store: ExperimentStore
    /// Whether ff's own commits run the repository's hooks; `--no-verify` turns it off.
    var verify = true

    init(ctx: Context, repo: Repository, root: String, config: FFConfig) {
        self.ctx = ctx
        self.repo = repo
        self.root = root
        self.config = config
        store = ExperimentStore(root: root, folder: config.experiments)
    }

    /// Opens the repository around `ctx.directory` and reads `.ff/config.yaml`.
    static func open(_ ctx: Context) throws -> Workspace {
        let repo = try openRepository(ctx)
        guard let root = repo.workdir else { throw CommitError.noWorkingTree }
        let configPath = root + "/" + FFConfig.path
        guard let data = FileManager.default.contents(atPath: configPath) else { throw FFError.notInitialised }
        let config = try FFConfig.parse(String(decoding: data, as: UTF8.self))
        return Workspace(ctx: ctx, repo: repo, root: root, config: config)
    }

    /// Opens the workspace for a command that commits, with its `--no-verify`.
    static func open(_ ctx: Context, _ flags: CommitFlags) throws -> Workspace {
        let ws = try open(ctx)
        ws.verify = !flags.noVerify
        return ws
    }

    static func openRepository(_ ctx: Context) throws -> Repository {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: ctx.directory, isDirectory: &isDir), isDir.boolValue else {
            throw FFError.io("cannot change to '\(SafeText.line(ctx.directory))': no such directory")
        }
        guard let repo = try Repository.discover(from: ctx.directory, ceilings: ctx.environment["GIT_CEILING_DIRECTORIES"]) else {
            throw FFError.notARepository(ctx.directory)
        }
        return repo
    }

    /// Author and committer for the next commit; also who makes the change and when.
    func identity() throws -> Identity {
        let config = try repo.config()
        return try Identity.resolve(environment: ctx.environment, config: { config.string($0) }, now: ctx.now())
    }

    /// Takes the write lock, then settles anything an interrupted command left behind.
    func lock() throws -> WriteLock {
        let lock = try WriteLock(path: repo.commonDir + "/ff/lock")
        recoverInterruptedCommand()
        return lock
    }

    /// A file to write in a commit: its new bytes, and the bytes to restore if the commit fails
    /// (nil when the file is new).
    struct Write {
        var path: String
        var bytes: [UInt8]
        var original: [UInt8]?
    }

    /// Writes the files and commits exactly them. On any failure every file is put back as it
    /// was, so nothing is half-done.
    func commit(_ writes: [Write], message: CommitMessage, identity: Identity) throws -> CommitResult {
        let indexLock = repo.gitDir + "/index.lock"
        if FileManager.default.fileExists(atPath: indexLock) { throw FFError.indexLocked(indexLock) }
        try writeJournal(Journal(head: try repo.head().id, files: writes.map { ($0.path, $0.original) }))
        Fault.point("journal-written")
        var done: [Write] = []
        do {
            for w in writes {
                try store.write(w.bytes, to: w.path)
                done.append(w)
                Fault.point("file-written")
            }
            let result = try repo.commit(paths: writes.map(\.path), message: message.text, identity: identity,
                                         options: commitOptions(), step: Fault.point)
            Fault.point("index-updated")
            clearJournal()
            return result
        } catch {
            for w in done.reversed() {
                if let original = w.original { try? store.write(original, to: w.path) } else { store.remove(w.path) }
            }
            clearJournal()
            throw error
        }
    }

    /// How the commit treats hooks and signing: as `git commit --only` would.
    func commitOptions() -> CommitOptions {
        var env = ctx.environment
        // Hooks find the ff that runs them first, as git puts its own programs first.
        if let dir = Self.executableDirectory { env["PATH"] = dir + ":" + (env["PATH"] ?? "/usr/bin:/bin") }
        // The command has printed its own warnings; ff check in a hook then reports only errors.
        env["FF_OWN_COMMIT"] = "1"
        let console = ctx.console
        var options = CommitOptions(runHooks: verify, environment: env, interactive: ctx.isInteractive, output: { console.err($0) })
        options.inProcess = ownHooks()
        options.programSearchPath = ctx.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return options
    }

    /// ff's own `pre-commit` and `commit-msg` hooks, done in this process when the installed
    /// file is exactly ff's script (and chains no other hook): the same check, in the same
    /// environment (the temporary index in `GIT_INDEX_FILE`), its output where the hook's
    /// would go, without a shell and a second ff process starting. The check is given the
    /// commit's tree rather than a temporary index file, which then need not be written.
    func ownHooks() -> [String: InProcessHook] {
        var hooks: [String: InProcessHook] = [:]
        let base = ctx, root = self.root
        if let script = HookScripts.files["pre-commit"] {
            // The script: exec ff check --staged.
            hooks["pre-commit"] = InProcessHook(script: script) { call in
                let sink: (String) -> Void = { base.console.err($0) }
                let console = Console(out: sink, err: sink)
                var c = Context(environment: call.environment, directory: root, console: console, now: base.now, runEditor: base.runEditor)
                c.stagedTree = call.tree
                return FFMain.execute(["check", "--staged"], in: c)
            }
        }
        if let script = HookScripts.files["commit-msg"] {
            // The script leaves alone a message with a line starting `FF-Action:`, as ff's
            // own messages always have; anything else runs the script.
            hooks["commit-msg"] = InProcessHook(script: script) { call in
                guard let file = call.arguments.first, let data = FileManager.default.contents(atPath: file) else { return nil }
                let named = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .contains { $0.hasPrefix("FF-Action:") }
                return named ? 0 : nil
            }
        }
        return hooks
    }

    /// The folder of the running ff, when an `ff` is there.
    static let executableDirectory: String? = {
        guard let dir = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path,
              access(dir + "/ff", X_OK) == 0 else { return nil }
        return dir
    }()

    /// The start of every experiment, from one walk of history (cached under `.git/ff/`).
    /// A long first walk shows its progress while stderr is a terminal.
    func lockHistory() throws -> LockHistory {
        let console = ctx.console
        var shown = false
        let progress: ((Int) -> Void)? = console.stderrIsTerminal ? { n in
            shown = true
            console.err("\rff: reading history for the pre-registration lock: \(n) commits")
        } : nil
        defer { if shown { console.err("\r\u{1B}[K") } }
        return try LockHistory(repo: repo, folder: config.experiments, cache: repo.commonDir + "/ff/lock-cache", progress: progress)
    }

    /// The neutral-language lint of text a command is about to record: warnings on stderr,
    /// or a refusal when `lint.level` is `error`.
    func lintLanguage(_ texts: [(what: String, text: String?)]) throws {
        guard config.lintLevel != .off else { return }
        let lint = LanguageLint(config: config)
        var messages: [String] = []
        for (what, text) in texts {
            guard let text else { continue }
            for f in lint.findings(in: text) { messages.append("\(what): \(f.message)") }
        }
        guard !messages.isEmpty else { return }
        if config.lintLevel == .error {
            for m in messages.dropLast() { ctx.console.err(ctx.errPainter.red("ff: ") + SafeText.line(m) + "\n") }
            throw FFError.usage(messages.last! + " (lint.level is error in \(FFConfig.path): rephrase it, or mark a quotation with \"…\" or a leading >; nothing was changed)")
        }
        for m in messages { ctx.console.err("ff: warning: " + SafeText.line(m) + "\n") }
    }

    /// Loads, transforms and commits one experiment under the write lock.
    @discardableResult
    func change(
        _ ref: String,
        _ transform: (inout ExperimentDocument, Identity) throws -> CommitMessage
    ) throws -> (StoredExperiment, CommitResult) {
        let identity = try identity()
        let lock = try lock()
        defer { _ = lock }
        let path = try store.resolve(ref, cwd: ctx.directory)
        let original = try store.read(path)
        var doc = try ExperimentDocument(path: path, bytes: original)
        let message = try transform(&doc, identity)
        let result = try commit([Write(path: path, bytes: doc.bytes, original: original)], message: message, identity: identity)
        return (StoredExperiment(experiment: doc.experiment, path: path), result)
    }

    /// A fresh id that no experiment in the working tree uses.
    func newID() -> String {
        while true {
            let id = ExperimentID.random()
            let bytes = Array(id.utf8)
            var taken = false
            store.walk(store.folder) { _, name in
                if !taken && name.starts(with: bytes) { taken = true }
            }
            if !taken { return id }
        }
    }

    /// Reports a commit on stdout, and warns when the index could not be refreshed.
    func report(_ text: String, _ result: CommitResult) {
        let p = ctx.painter
        ctx.console.out(text + p.dim("  [\(result.branch ?? "detached HEAD") \(String(result.id.hex.prefix(7)))]") + "\n")
        if !result.indexUpdated {
            ctx.console.err("ff: warning: committed, but the index was busy; git status may show the file as changed until you run git reset -q -- <file>\n")
        }
    }
}
