import FFGit
import FailForward

/// An opened repository with ff set up in it: the one place commands get the repository,
/// the config, the experiment store and the commit path from.
public final class Workspace {
    public let env: Environment
    /// Where progress, warnings and recoveries go.
    public let delegate: WorkspaceDelegate
    let repo: Repository
    /// The working tree root.
    public let root: String
    public let config: FFConfig
    public let store: ExperimentStore
    /// Whether ff's own commits run the repository's hooks; `--no-verify` turns it off.
    public var verify = true
    /// `--here`: commit even on another experiment's review branch.
    public var here = false

    init(env: Environment, delegate: WorkspaceDelegate, repo: Repository, root: String, config: FFConfig) {
        self.env = env
        self.delegate = delegate
        self.repo = repo
        self.root = root
        self.config = config
        store = ExperimentStore(root: root, folder: config.experiments)
    }

    /// Opens the repository around `env.directory` and reads `.ff/config.yaml`.
    public static func open(_ env: Environment, delegate: WorkspaceDelegate) throws -> Workspace {
        let repo = try openRepository(env)
        guard let root = repo.workdir else { throw CommitError.noWorkingTree }
        let configPath = root + "/" + FFConfig.path
        guard let data = FileManager.default.contents(atPath: configPath) else { throw WorkspaceError.notInitialised }
        let config = try FFConfig.parse(String(decoding: data, as: UTF8.self))
        return Workspace(env: env, delegate: delegate, repo: repo, root: root, config: config)
    }

    static func openRepository(_ env: Environment) throws -> Repository {
        guard Paths.isFolder(env.directory) == true else {
            throw WorkspaceError.io("cannot change to '\(SafeText.line(env.directory))': no such directory")
        }
        guard let repo = try findRepository(env) else { throw WorkspaceError.notARepository(env.directory) }
        return repo
    }

    /// Author and committer for the next commit; also who makes the change and when.
    func identity() throws -> Identity {
        let config = try repo.config()
        return try Identity.resolve(environment: env.variables, config: { config.string($0) }, now: env.now(),
                                    repositoryConfig: repo.commonDir + "/config")
    }

    /// The locks of one unit of work: ff's own (one ff writer at a time, across worktrees)
    /// and git's `index.lock` of this worktree (no git command changes the index, the files
    /// or the checked-out branch under ff until the index holds the commit).
    public final class WorkLock {
        public let writeLock: WriteLock
        let indexLock: IndexLock

        init(writeLock: WriteLock, indexLock: IndexLock) {
            self.writeLock = writeLock
            self.indexLock = indexLock
        }

        deinit { indexLock.release() }
    }

    /// The index lock of the unit of work under way, for `commit`.
    private weak var heldIndexLock: IndexLock?
    /// The inode of the index lock this unit of work holds, for the journal.
    var heldIndexLockInode: UInt64? { heldIndexLock?.inode }
    /// The review branch this unit of work has made and checked out, for the journal.
    var switchedBranch: (name: String, base: String)?

    /// Takes the write lock, settles anything an interrupted command left behind, checks that
    /// the repository is one ff can write faithfully, then takes git's index lock. Call it
    /// before reading the files a command changes.
    public func lock() throws -> WorkLock {
        let writeLock = try WriteLock(path: repo.commonDir + "/ff/lock")
        try refuseUnwritableRepository()
        recoverInterruptedCommand()
        let indexLock: IndexLock
        do {
            indexLock = try IndexLock.acquire(repo)
        } catch let error as IndexLockError {
            throw WorkspaceError.io(error.description)
        }
        heldIndexLock = indexLock
        return WorkLock(writeLock: writeLock, indexLock: indexLock)
    }

    /// Settings and states in which libgit2 1.5 would not write what git expects, refused
    /// before anything is touched (formats libgit2 cannot open at all are refused when the
    /// repository is opened).
    public func refuseUnwritableRepository() throws {
        let objects = repo.commonDir + "/objects"
        var fs = statvfs()
        if access(objects, W_OK) != 0 || (statvfs(objects, &fs) == 0 && fs.f_flag & UInt(ST_RDONLY) != 0) {
            throw WorkspaceError.io("the object store (\(SafeText.line(objects))) is read-only here: ff can show experiments but not change them (make it writable, or work in a clone)")
        }
    }

    /// A file to write in a commit: its new bytes, and the bytes it had before (nil when the
    /// file is new).
    public struct Write {
        public var path: String
        public var bytes: [UInt8]
        public var original: [UInt8]?

        public init(path: String, bytes: [UInt8], original: [UInt8]?) {
            self.path = path
            self.bytes = bytes
            self.original = original
        }
    }

    /// Who makes a change, and when: the next commit's author.
    public struct Actor: Sendable, Equatable {
        /// `Name <email>`, as experiment files record people.
        public var person: String
        public var date: Date
        /// The author and committer the commit is made with.
        let identity: Identity

        init(_ identity: Identity) {
            person = identity.author.person
            date = identity.author.date
            self.identity = identity
        }
    }

    /// Who makes the next change, and when (the next commit's author).
    public func actor() throws -> Actor { try Actor(identity()) }

    /// Writes and commits `writes` as one commit by `actor`, under the unit of work's lock
    /// (`lock()`): for use cases that write new files or several at once (`ff new`, `ff migrate`).
    public func commit(_ writes: [Write], message: CommitMessage, by actor: Actor) throws -> Committed {
        Committed(try commit(writes, message: message, identity: actor.identity))
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
            do { indexLock = try IndexLock.acquire(repo) } catch let error as IndexLockError { throw WorkspaceError.io(error.description) }
        }
        var entries: [Journal.File] = []
        for w in writes {
            entries.append(Journal.File(path: w.path, original: try w.original.map { try Repository.blobID(of: $0) },
                                        written: try Repository.blobID(of: w.bytes), backup: nil))
        }
        let head = try repo.head().id
        try writeJournal(Journal(head: head, indexLock: indexLock.inode, files: entries, branch: switchedBranch))
        Fault.point("journal-written", in: env)
        var done: [(Write, ExperimentStore.Kept?)] = []
        do {
            for (i, w) in writes.enumerated() {
                let kept = try store.replace(w.path, with: w.bytes, keeping: w.original != nil)
                done.append((w, kept))
                if let kept {
                    // The journal names the kept original before anything else happens.
                    entries[i].backup = kept.backup
                    try writeJournal(Journal(head: head, indexLock: indexLock.inode, files: entries, branch: switchedBranch))
                }
                Fault.point("file-written", in: env)
            }
            let result = try repo.commit(paths: writes.map(\.path), message: message.text, identity: identity,
                                         options: commitOptions(), indexLock: indexLock, step: { [env] in Fault.point($0, in: env) })
            Fault.point("index-updated", in: env)
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
    public func refuseAnotherExperimentsReviewBranch(_ paths: [String]) throws {
        guard !here, let branch = try? repo.head().branchName, branch.hasPrefix("debrief/") else { return }
        let id = String(branch.dropFirst(8).prefix(8))
        guard !paths.contains(where: { Paths.last($0).hasPrefix(id) }) else { return }
        throw WorkspaceError.usage("you are on \(branch), the review branch of \(id): this commit would join its pull request; switch back first (git switch -), or give --here to commit on it; nothing was changed")
    }

    /// How the commit treats hooks and signing: as `git commit --only` would.
    func commitOptions() -> CommitOptions {
        var variables = env.variables
        // Hooks find the ff that runs them first, as git puts its own programs first.
        if let dir = Self.executableDirectory { variables["PATH"] = dir + ":" + (variables["PATH"] ?? "/usr/bin:/bin") }
        // Across the process boundary only: an `ff check` that a hook starts reports errors
        // alone, since the command making this commit has given its warnings already.
        variables[Self.ownCommitVariable] = "1"
        let delegate = self.delegate
        var options = CommitOptions(runHooks: verify, environment: variables, interactive: env.isInteractive, output: { delegate.hookOutput($0) })
        options.inProcess = InProcessHooks.hooks(for: self)
        options.programSearchPath = env.variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return options
    }

    /// Set in the environment of the hooks of ff's own commits (see `commitOptions`).
    public static let ownCommitVariable = "FF_OWN_COMMIT"

    /// The folder of the running ff, when an `ff` is there.
    public static let executableDirectory: String? = {
        guard let exe = Paths.executable, case let dir = Paths.parent(exe), access(dir + "/ff", X_OK) == 0 else { return nil }
        return dir
    }()

    /// The start of every experiment, from one walk of history (cached under `.git/ff/`).
    /// A long first walk reports its progress to the delegate.
    public func lockHistory() throws -> LockHistory {
        let delegate = self.delegate
        var shown = false
        let progress: ((Int) -> Void)? = delegate.wantsProgress ? { n in
            shown = true
            delegate.progress(.lockHistory(commits: n))
        } : nil
        defer { if shown { delegate.progress(.done) } }
        return try LockHistory(repo: repo, folder: config.experiments, cache: repo.commonDir + "/ff/lock-cache", progress: progress)
    }

    /// The neutral-language lint of text a use case is about to record: warnings to the
    /// delegate, or a refusal when `lint.level` is `error`.
    public func lintLanguage(_ texts: [(what: String, text: String?)]) throws {
        guard config.lintLevel != .off else { return }
        let lint = LanguageLint(config: config)
        var messages: [String] = []
        for (what, text) in texts {
            guard let text else { continue }
            for f in lint.findings(in: text) { messages.append("\(what): \(f.message)") }
        }
        guard !messages.isEmpty else { return }
        if config.lintLevel == .error { throw WorkspaceError.lintRefused(messages) }
        for m in messages { delegate.warning(m) }
    }

    /// Loads, transforms and commits one experiment under the write lock.
    @discardableResult
    public func change(
        _ ref: String,
        _ transform: (inout ExperimentDocument, Actor) throws -> CommitMessage
    ) throws -> (StoredExperiment, Committed) {
        let identity = try identity()
        var attempt = 0
        while true {
            attempt += 1
            let lock = try lock()
            defer { _ = lock }
            let path = try store.resolve(ref, cwd: env.directory)
            try checkHead(agreesWithIndexAt: path, lock.indexLock)
            let original = try store.read(path)
            let handEdited = hasUncommittedEdits(path)
            var doc = try ExperimentDocument(path: path, bytes: original)
            let message = try transform(&doc, Actor(identity))
            do {
                let result = try commit([Write(path: path, bytes: doc.bytes, original: original)], message: message, identity: identity)
                return (StoredExperiment(experiment: doc.experiment, path: path), Committed(result, alsoCommitted: handEdited ? [path] : []))
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
            throw WorkspaceError.io("\(SafeText.line(path)) holds an older version than HEAD's (a git command that ran while ff was committing can leave that): nothing was changed; to go on from HEAD's version run git checkout HEAD -- \(SafeText.line(path)), or commit the older one yourself with git commit")
        }
    }

    /// A fresh id that no experiment in the working tree uses.
    public func newID() -> String {
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
    public func hasUncommittedEdits(_ path: String) -> Bool {
        guard let head = try? repo.head().id, let committed = repo.blobID(at: path, inCommit: head) else { return false }
        return repo.hashWorkingFile(path) != committed
    }
}
