import FFGit
import FailForward

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
    /// `--here`: commit even on another experiment's review branch.
    var here = false
    /// Files whose edits by hand rode along the last commit, for `report`.
    var alsoCommitted: [String] = []

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
        ws.here = flags.here
        return ws
    }

    static func openRepository(_ ctx: Context) throws -> Repository {
        guard Paths.isFolder(ctx.directory) == true else {
            throw FFError.io("cannot change to '\(SafeText.line(ctx.directory))': no such directory")
        }
        guard let repo = try findRepository(ctx) else { throw FFError.notARepository(ctx.directory) }
        return repo
    }

    /// Author and committer for the next commit; also who makes the change and when.
    func identity() throws -> Identity {
        let config = try repo.config()
        return try Identity.resolve(environment: ctx.environment, config: { config.string($0) }, now: ctx.now(),
                                    repositoryConfig: repo.commonDir + "/config")
    }

    /// The locks of one unit of work: ff's own (one ff writer at a time, across worktrees)
    /// and git's `index.lock` of this worktree (no git command changes the index, the files
    /// or the checked-out branch under ff until the index holds the commit).
    final class WorkLock {
        let writeLock: WriteLock
        let indexLock: IndexLock

        init(writeLock: WriteLock, indexLock: IndexLock) {
            self.writeLock = writeLock
            self.indexLock = indexLock
        }

        deinit { indexLock.release() }
    }

    /// The index lock of the unit of work under way, for `commit`.
    private weak var heldIndexLock: IndexLock?

    /// Takes the write lock, settles anything an interrupted command left behind, checks that
    /// the repository is one ff can write faithfully, then takes git's index lock. Call it
    /// before reading the files a command changes.
    func lock() throws -> WorkLock {
        let writeLock = try WriteLock(path: repo.commonDir + "/ff/lock")
        try refuseUnwritableRepository()
        recoverInterruptedCommand()
        let indexLock: IndexLock
        do {
            indexLock = try IndexLock.acquire(repo)
        } catch let error as IndexLockError {
            throw FFError.io(error.description)
        }
        heldIndexLock = indexLock
        return WorkLock(writeLock: writeLock, indexLock: indexLock)
    }

    /// Settings and states in which libgit2 1.5 would not write what git expects, refused
    /// before anything is touched (formats libgit2 cannot open at all are refused when the
    /// repository is opened).
    func refuseUnwritableRepository() throws {
        let objects = repo.commonDir + "/objects"
        var fs = statvfs()
        if access(objects, W_OK) != 0 || (statvfs(objects, &fs) == 0 && fs.f_flag & UInt(ST_RDONLY) != 0) {
            throw FFError.io("the object store (\(SafeText.line(objects))) is read-only here: ff can show experiments but not change them (make it writable, or work in a clone)")
        }
    }

    /// A file to write in a commit: its new bytes, and the bytes it had before (nil when the
    /// file is new).
    struct Write {
        var path: String
        var bytes: [UInt8]
        var original: [UInt8]?
    }

    /// Writes the files and commits exactly them, under the unit of work's index lock. On any
    /// failure every file is put back as it was, byte for byte, without needing new space on
    /// the disk: the original stays (as a hard link beside it) until the commit has landed.
    func commit(_ writes: [Write], message: CommitMessage, identity: Identity) throws -> CommitResult {
        try refuseAnotherExperimentsReviewBranch(writes.map(\.path))
        let indexLock: IndexLock
        if let held = heldIndexLock {
            indexLock = held
        } else {
            do { indexLock = try IndexLock.acquire(repo) } catch let error as IndexLockError { throw FFError.io(error.description) }
        }
        var entries: [Journal.File] = []
        for w in writes {
            entries.append(Journal.File(path: w.path, original: try w.original.map { try Repository.blobID(of: $0) },
                                        written: try Repository.blobID(of: w.bytes), backup: nil))
        }
        let head = try repo.head().id
        try writeJournal(Journal(head: head, indexLock: indexLock.inode, files: entries))
        Fault.point("journal-written")
        var done: [(Write, ExperimentStore.Kept?)] = []
        do {
            for (i, w) in writes.enumerated() {
                let kept = try store.replace(w.path, with: w.bytes, keeping: w.original != nil)
                done.append((w, kept))
                if let kept {
                    // The journal names the kept original before anything else happens.
                    entries[i].backup = kept.backup
                    try writeJournal(Journal(head: head, indexLock: indexLock.inode, files: entries))
                }
                Fault.point("file-written")
            }
            let result = try repo.commit(paths: writes.map(\.path), message: message.text, identity: identity,
                                         options: commitOptions(), indexLock: indexLock, step: Fault.point)
            Fault.point("index-updated")
            for (_, kept) in done { kept?.discard() }
            clearJournal()
            return result
        } catch {
            for (w, kept) in done.reversed() {
                if let kept { kept.restore() } else { store.remove(w.path) }
            }
            clearJournal()
            throw error
        }
    }

    /// A `debrief/<id>-…` branch is the pull request of one experiment: a commit there for
    /// another would silently join it. Refused unless `--here` says it is meant.
    func refuseAnotherExperimentsReviewBranch(_ paths: [String]) throws {
        guard !here, let branch = try? repo.head().branchName, branch.hasPrefix("debrief/") else { return }
        let id = String(branch.dropFirst(8).prefix(8))
        guard !paths.contains(where: { Paths.last($0).hasPrefix(id) }) else { return }
        throw FFError.usage("you are on \(branch), the review branch of \(id): this commit would join its pull request; switch back first (git switch -), or give --here to commit on it; nothing was changed")
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
        guard let exe = Paths.executable, case let dir = Paths.parent(exe), access(dir + "/ff", X_OK) == 0 else { return nil }
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
        var attempt = 0
        while true {
            attempt += 1
            let lock = try lock()
            defer { _ = lock }
            let path = try store.resolve(ref, cwd: ctx.directory)
            try checkHead(agreesWithIndexAt: path, lock.indexLock)
            let original = try store.read(path)
            let handEdited = hasUncommittedEdits(path)
            var doc = try ExperimentDocument(path: path, bytes: original)
            let message = try transform(&doc, identity)
            do {
                let result = try commit([Write(path: path, bytes: doc.bytes, original: original)], message: message, identity: identity)
                if handEdited { alsoCommitted.append(path) }
                return (StoredExperiment(experiment: doc.experiment, path: path), result)
            } catch let error as CommitError where attempt < 6 {
                // HEAD switched, or the file changed on the branch, after ff read it: read again.
                switch error {
                case .headSwitched, .changedUnderneath: usleep(UInt32(20_000 * attempt))
                default: throw error
                }
            }
        }
    }

    /// A checkout, reset or merge that has written the index and the files but not yet moved
    /// HEAD looks like a staged change of `path`: holding the index lock (so that nothing but
    /// HEAD can still move), wait until HEAD agrees with the index or the index is five seconds
    /// old. A staged change that stays is committed over, as `git commit --only` does — unless
    /// the file holds an older version of HEAD's: a git command that read the index before
    /// ff's last commit and wrote it back after leaves exactly that, and committing it would
    /// undo that commit.
    func checkHead(agreesWithIndexAt path: String, _ lock: IndexLock) throws {
        let staged = lock.stagedBlob(path)
        while true {
            guard let head = try? repo.head().id, staged != repo.blobID(at: path, inCommit: head) else { return }
            var st = stat()
            guard stat(repo.gitDir + "/index", &st) == 0 else { return }
            let age = secondsSince(st.modificationTime)
            guard age < 5 else { break }
            usleep(20_000)
        }
        guard let head = try? repo.head().id else { return }
        let working = (try? store.read(path)).flatMap { try? Repository.blobID(of: $0) }
        let earlier = repo.blobs(at: path, firstParentsOf: head, limit: 32).dropFirst()
        if let staged, earlier.contains(staged) || working.map(earlier.contains) == true {
            throw FFError.io("\(SafeText.line(path)) holds an older version than HEAD's (a git command that ran while ff was committing can leave that): nothing was changed; to go on from HEAD's version run git checkout HEAD -- \(SafeText.line(path)), or commit the older one yourself with git commit")
        }
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

    /// Whether the working-tree file differs from HEAD's version: edits by hand that the next
    /// commit of the file will carry.
    func hasUncommittedEdits(_ path: String) -> Bool {
        guard let head = try? repo.head().id, let committed = repo.blobID(at: path, inCommit: head) else { return false }
        return repo.hashWorkingFile(path) != committed
    }

    /// Reports a commit on stdout, and warns when the index could not be refreshed.
    func report(_ text: String, _ result: CommitResult) {
        let p = ctx.painter
        ctx.console.out(text + p.dim("  [\(result.branch ?? "detached HEAD") \(String(result.id.hex.prefix(7)))]") + "\n")
        if !alsoCommitted.isEmpty {
            ctx.console.out("Also committed your edits to \(alsoCommitted.map(SafeText.line).joined(separator: ", ")) (they were in the file; git show \(String(result.id.hex.prefix(7))) shows them)\n")
        }
        if !result.indexUpdated {
            ctx.console.err("ff: warning: committed, but the index could not be updated; git status may show the file as changed until you run git reset -q -- <file>\n")
        }
    }
}
