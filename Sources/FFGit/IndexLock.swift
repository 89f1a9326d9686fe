import CLibgit2

/// Why the index could not be taken for a commit.
public enum IndexLockError: Error, CustomStringConvertible, Equatable {
    /// Another process holds `index.lock` (or one crashed and left it).
    case busy(String)
    case readOnly(String, String)
    /// The index cannot be read faithfully: the reason, in the user's words.
    case unreadable(String)
    /// A merge, cherry-pick, revert or conflict is in progress: git refuses a partial commit.
    case operationInProgress(String)

    public var description: String {
        switch self {
        case let .busy(path):
            return "\(path) exists: another git process is running (or one crashed; if none is running, remove that file); nothing was changed"
        case let .readOnly(path, reason):
            return "the repository is read-only here (\(path): \(reason)): ff can show experiments but not change them"
        case let .unreadable(text), let .operationInProgress(text):
            return text
        }
    }
}

/// git's own lock on the index, held for a whole unit of work as `git commit` holds it: from
/// before the experiment file and HEAD are read until the index has been brought up to date
/// with the commit. While it is held, no `git checkout`, `reset`, `merge`, `pull`, `add` or
/// `commit` can change the index or the files under ff, and a `git commit` that follows sees
/// ff's new entry (it is built from the index ff wrote).
///
/// The lock is `index.lock`, created exclusively; the index is read through a hard link to a
/// private name, so that libgit2 (which locks `<file>.lock` itself to write) writes the new
/// index there, and the result is renamed over `index` before the lock is removed.
public final class IndexLock {
    /// `index.lock`.
    public let path: String
    /// The inode of the lock file ff created: only that file is ever removed as ff's.
    public let inode: UInt64
    let indexPath: String
    let scratchPath: String
    /// What the index looked like when ff last wrote it.
    let stampPath: String
    private var index: OpaquePointer?
    private var held = true

    /// Takes the lock, waiting up to `timeout` for a git process that holds it, then reads
    /// the index (refusing a format that libgit2 1.5 cannot write back faithfully) and
    /// refuses, as `git commit --only` does, while a merge, cherry-pick or revert is in
    /// progress or the index has unmerged paths.
    init(_ repo: Repository, timeout: TimeInterval = 2) throws {
        indexPath = repo.gitDir + "/index"
        path = indexPath + ".lock"
        scratchPath = repo.gitDir + "/ff-index-\(getpid()).lock"
        let deadline = Date().addingTimeInterval(timeout)
        var fd: Int32
        while true {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { break }
            let err = errno
            if err == EEXIST && Date() < deadline {
                usleep(10_000)
                continue
            }
            if err == EEXIST { throw IndexLockError.busy(path) }
            if err == EROFS || err == EACCES || err == EPERM { throw IndexLockError.readOnly(repo.gitDir, String(cString: strerror(err))) }
            throw IndexLockError.unreadable("cannot create \(path): \(String(cString: strerror(err))); nothing was changed")
        }
        var st = stat()
        fstat(fd, &st)
        close(fd)
        inode = UInt64(st.st_ino)
        IndexLockCleanup.register(path)
        stampPath = repo.gitDir + "/ff/index-written"
        do {
            try refuseInProgress(repo)
            Self.settle(indexPath: indexPath, stampPath: stampPath)
            try load(repo)
            try refuseConflicts()
        } catch {
            release()
            throw error
        }
    }

    /// Takes the lock (see `init`). `git merge` writes MERGE_HEAD for the moment it makes its
    /// own commit (for the hooks to see); a state that new is waited out before it is refused.
    public static func acquire(_ repo: Repository, timeout: TimeInterval = 2) throws -> IndexLock {
        let deadline = Date().addingTimeInterval(timeout + 2)
        while true {
            // Waited out without the lock, so that git can finish (or abort) its merge.
            if stateIsFresh(repo.gitDir) && Date() < deadline {
                usleep(20_000)
                continue
            }
            return try IndexLock(repo, timeout: timeout)
        }
    }

    /// Whether MERGE_HEAD, CHERRY_PICK_HEAD or REVERT_HEAD was written in the last 2 seconds.
    static func stateIsFresh(_ gitDir: String) -> Bool {
        for name in ["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"] {
            var st = stat()
            guard stat(gitDir + "/" + name, &st) == 0 else { continue }
            let age = secondsSince(st.modificationTime)
            if age < 2 { return true }
        }
        return false
    }

    deinit { release() }

    /// Removes the lock (only the file ff created) and anything ff wrote beside it.
    public func release() {
        guard held else { return }
        held = false
        if let index { git_index_free(index) }
        index = nil
        unlink(scratchPath)
        Self.removeIfOurs(path, inode: inode)
        IndexLockCleanup.unregister(path)
    }

    /// How long after another program wrote the index ff waits (holding the lock) before it
    /// reads HEAD: `git reset`, `merge` and `checkout` release the index lock first and move
    /// HEAD a moment later, so a commit made in that moment would be undone by them.
    static let settleTime: Double = 0.15

    static func stamp(_ st: stat) -> String {
        "\(st.st_ino) \(st.st_size) \(st.modificationTime.tv_sec) \(st.modificationTime.tv_nsec)"
    }

    /// Waits while the index is younger than `settleTime`, unless ff itself wrote it (ff moves
    /// no reference after writing the index).
    static func settle(indexPath: String, stampPath: String) {
        var st = stat()
        guard stat(indexPath, &st) == 0 else { return }
        let age = secondsSince(st.modificationTime)
        guard age >= 0, age < settleTime else { return }
        if let data = FileManager.default.contents(atPath: stampPath), String(decoding: data, as: UTF8.self) == stamp(st) { return }
        usleep(UInt32((settleTime - age) * 1e6))
    }

    /// Removes `path` if it is still the file with `inode` (a lock that a killed ff left).
    public static func removeIfOurs(_ path: String, inode: UInt64) {
        var st = stat()
        if lstat(path, &st) == 0 && UInt64(st.st_ino) == inode { unlink(path) }
    }

    private func load(_ repo: Repository) throws {
        unlink(scratchPath)
        if link(indexPath, scratchPath) != 0 && errno != ENOENT {
            // No hard links here: a copy does the same job.
            guard let data = FileManager.default.contents(atPath: indexPath),
                  FileManager.default.createFile(atPath: scratchPath, contents: data) else {
                throw IndexLockError.unreadable("the index (\(indexPath)) cannot be read: \(String(cString: strerror(errno))); nothing was changed")
            }
        }
        var out: OpaquePointer?
        let code = git_index_open(&out, scratchPath)
        if code < 0 {
            let error = GitError.last(code, "git_index_open")
            throw IndexLockError.unreadable(Self.explain(error.message, repo: repo, indexPath: indexPath))
        }
        index = out
    }

    /// Turns libgit2's reason for not reading the index into what the user can do about it.
    static func explain(_ message: String, repo: Repository, indexPath: String) -> String {
        if message.contains("'link'") {
            return "the index is split (core.splitIndex), which ff's git library (libgit2 1.5) cannot write back: run git config core.splitIndex false && git update-index --no-split-index, then try again; nothing was changed"
        }
        if message.contains("'sdir'") {
            return "the index is sparse (index.sparse), which ff's git library (libgit2 1.5) cannot write back: run git config index.sparse false && git sparse-checkout reapply (the sparse checkout keeps working), then try again; nothing was changed"
        }
        return "the index (\(indexPath)) cannot be read: \(message); nothing was changed (if git status fails too, rm \(indexPath) && git reset rebuilds it)"
    }

    private func refuseInProgress(_ repo: Repository) throws {
        let dir = repo.gitDir
        func exists(_ name: String) -> Bool { access(dir + "/" + name, F_OK) == 0 }
        let way = "finish it (git commit) or abort it, then run the command again; nothing was changed"
        if exists("MERGE_HEAD") {
            throw IndexLockError.operationInProgress("a merge is in progress (\(dir)/MERGE_HEAD), and like git, ff makes no partial commit during a merge: \(way.replacingAll("abort it", with: "abort it with git merge --abort"))")
        }
        if exists("CHERRY_PICK_HEAD") {
            let rebasing = exists("rebase-merge") || exists("rebase-apply")
            let what = rebasing ? "a rebase" : "a cherry-pick"
            let abort = rebasing ? "git rebase --abort" : "git cherry-pick --abort"
            throw IndexLockError.operationInProgress("\(what) is in progress (\(dir)/CHERRY_PICK_HEAD), and like git, ff makes no partial commit during \(what): \(way.replacingAll("abort it", with: "abort it with \(abort)"))")
        }
        if exists("REVERT_HEAD") {
            throw IndexLockError.operationInProgress("a revert is in progress (\(dir)/REVERT_HEAD), and like git, ff makes no partial commit during a revert: \(way.replacingAll("abort it", with: "abort it with git revert --abort"))")
        }
    }

    private func refuseConflicts() throws {
        if let index, git_index_has_conflicts(index) == 1 {
            throw IndexLockError.operationInProgress("the index has unmerged paths (git status lists them), and like git, ff commits nothing until they are resolved: fix them and git add them (or abort the merge or rebase); nothing was changed")
        }
    }

    /// The blob the index holds for `path` at stage 0, or nil when it has none.
    public func stagedBlob(_ path: String) -> ObjectID? {
        guard let index, let entry = git_index_get_bypath(index, path, 0) else { return nil }
        return ObjectID(entry.pointee.id)
    }

    /// A path to put in the index: the committed blob and mode, or nil to remove it.
    public struct Entry {
        public var path: String
        public var blob: ObjectID?
        public var mode: UInt32
        /// Whether the working-tree file holds exactly `blob` (after git's filters), so that
        /// its stat data can be recorded and `git status` need not read it again.
        public var matchesWorkingTree: Bool
    }

    /// Writes the index with `entries` changed and everything else as it was, then releases
    /// the lock. Returns false when the index could not be written (the commit stands).
    public func update(_ entries: [Entry], workdir: String) -> Bool {
        guard held, let index else { return false }
        defer { release() }
        for e in entries {
            guard let blob = e.blob else {
                _ = git_index_remove(index, e.path, 0)
                _ = git_index_conflict_remove(index, e.path)
                continue
            }
            var entry = git_index_entry()
            var st = stat()
            if e.matchesWorkingTree && lstat(workdir + "/" + e.path, &st) == 0 {
                // Truncated to 32 bits as git's index stores them.
                entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: st.statusChangeTime.tv_sec),
                                             nanoseconds: UInt32(truncatingIfNeeded: st.statusChangeTime.tv_nsec))
                entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: st.modificationTime.tv_sec),
                                             nanoseconds: UInt32(truncatingIfNeeded: st.modificationTime.tv_nsec))
                entry.dev = UInt32(truncatingIfNeeded: st.st_dev)
                entry.ino = UInt32(truncatingIfNeeded: st.st_ino)
                entry.uid = UInt32(truncatingIfNeeded: st.st_uid)
                entry.gid = UInt32(truncatingIfNeeded: st.st_gid)
                entry.file_size = UInt32(truncatingIfNeeded: st.st_size)
            }
            entry.mode = e.mode
            entry.id = blob.raw
            let added = e.path.withCString { p -> Int32 in
                entry.path = p
                return git_index_add(index, &entry)
            }
            if added < 0 { return false }
        }
        guard git_index_write(index) == 0 else { return false }
        var st = stat()
        guard stat(scratchPath, &st) == 0, rename(scratchPath, indexPath) == 0 else { return false }
        let dir = Paths.parent(stampPath)
        mkdir(dir, 0o755)
        _ = FileManager.default.createFile(atPath: stampPath, contents: Data(Self.stamp(st).utf8))
        return true
    }
}

/// Removes the index locks ff holds when it is interrupted (Ctrl-C, SIGTERM, a closed
/// terminal), as git removes its lock files, so that no stale `index.lock` blocks the next
/// git command. A SIGKILL leaves one behind; the next ff command removes it (its inode is in
/// the journal).
enum IndexLockCleanup {
    nonisolated(unsafe) static var paths: [UnsafeMutablePointer<CChar>?] = Array(repeating: nil, count: 4)
    nonisolated(unsafe) static var installed = false
    static let mutex = Lock()

    static func register(_ path: String) {
        mutex.lock()
        defer { mutex.unlock() }
        if !installed {
            installed = true
            // A signal ff's caller chose to ignore stays ignored.
            for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                installSignalHandler(sig) { sig in
                    for p in IndexLockCleanup.paths { if let p { unlink(p) } }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
        if let slot = paths.firstIndex(where: { $0 == nil }) { paths[slot] = strdup(path) }
    }

    static func unregister(_ path: String) {
        mutex.lock()
        defer { mutex.unlock() }
        for (i, p) in paths.enumerated() {
            if let p, String(cString: p) == path {
                paths[i] = nil
                free(p)
                break
            }
        }
    }
}
