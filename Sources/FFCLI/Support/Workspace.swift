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
            let result = try repo.commit(paths: writes.map(\.path), message: message.text, identity: identity, step: Fault.point)
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
