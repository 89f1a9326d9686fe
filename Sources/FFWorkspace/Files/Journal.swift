import FFGit
import FailForward

/// A write-ahead note of a commit in progress, so that a command killed at any point (power
/// loss, SIGKILL) leaves nothing half-done once the next ff command runs: it either puts the
/// files back as they were (the commit did not land) or finishes the job (it did) — and never
/// touches a file that someone changed after ff wrote it.
///
/// One journal per worktree (in its own git folder): a kill in one worktree is settled there.
public struct Journal {
    /// A file the command writes: the blob ids of its bytes before and after (nil before: a
    /// new file), and the name beside it under which the original is kept until the commit
    /// has landed.
    public struct File: Equatable {
        public var path: String
        var original: ObjectID?
        var written: ObjectID
        public var backup: String?
    }

    /// HEAD before the commit, or nil on an unborn branch.
    var head: ObjectID?
    /// The inode of the `index.lock` the command held: a lock left by a kill is removed.
    public var indexLock: UInt64?
    public var files: [File]
    /// A review branch the command created and checked out before committing: `name`, made
    /// at `head`, and the branch it left. Undone when the commit did not land.
    public var branch: (name: String, base: String)?

    public static let header = "ff-journal 2"

    public var text: String {
        var lines = [Self.header, "head " + (head?.hex ?? "unborn")]
        if let indexLock { lines.append("index-lock \(indexLock)") }
        if let branch { lines.append(["branch", Self.escape(branch.name), Self.escape(branch.base)].joined(separator: "\t")) }
        for f in files {
            lines.append(["file", Self.escape(f.path), f.original?.hex ?? "-", f.written.hex, f.backup.map(Self.escape) ?? "-"]
                .joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    init(head: ObjectID?, indexLock: UInt64?, files: [File], branch: (name: String, base: String)? = nil) {
        self.head = head
        self.indexLock = indexLock
        self.files = files
        self.branch = branch
    }

    /// Reads a journal; nil when it is not one this version wrote (an older journal, kept
    /// whole file copies, is settled by keeping the files as they are).
    public init?(text: String) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == Self.header, lines.count >= 2, lines[1].hasPrefix("head ") else { return nil }
        let h = String(lines[1].dropFirst(5))
        head = h == "unborn" ? nil : ObjectID(hex: h)
        if h != "unborn" && head == nil { return nil }
        files = []
        for line in lines.dropFirst(2) {
            if line.hasPrefix("index-lock ") {
                guard let inode = UInt64(line.dropFirst(11)) else { return nil }
                indexLock = inode
                continue
            }
            if line.hasPrefix("branch\t") {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
                branch = (Self.unescape(parts[1]), Self.unescape(parts[2]))
                continue
            }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, parts[0] == "file", let written = ObjectID(hex: parts[3]) else { return nil }
            let original = parts[2] == "-" ? nil : ObjectID(hex: parts[2])
            if parts[2] != "-" && original == nil { return nil }
            files.append(File(path: Self.unescape(parts[1]), original: original, written: written,
                              backup: parts[4] == "-" ? nil : Self.unescape(parts[4])))
        }
    }

    public static func escape(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\t", with: "\\t")
            .replacingAll("\n", with: "\\n")
    }

    public static func unescape(_ s: String) -> String {
        var out = ""
        var escaping = false
        for c in s {
            if escaping {
                out.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}

extension Workspace {
    /// This worktree's journal: in its own git folder, never shared with another worktree.
    public var journalPath: String { repo.gitDir + "/ff/journal" }

    public func writeJournal(_ journal: Journal) throws {
        let path = journalPath
        try? FileManager.default.createDirectory(atPath: Paths.parent(path), withIntermediateDirectories: true)
        do {
            try AtomicFile.write(Array(journal.text.utf8), to: path)
        } catch let failure as AtomicFile.Failure {
            throw WorkspaceError.io("cannot write \(path): \(failure.reason); nothing was changed")
        }
    }

    public func clearJournal() {
        unlink(journalPath)
    }

    /// Whether ff may write `path` when settling a journal: only files inside the
    /// experiments folder and the few files `ff init` writes, never through `..` or a link.
    public func mayRestore(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.lowercased() != ".git" }),
              !path.contains("\0") else { return false }
        let inFolder = path.hasPrefix(config.experiments + "/")
        let initFiles = Set([FFConfig.path, ".gitattributes"] + Forge.allCases.map(\.templatePath) + Forge.allCases.compactMap(\.checkWorkflow?.path))
        guard inFolder || initFiles.contains(path) else { return false }
        return (try? store.refuseLinks(path)) != nil
    }

    /// Run under the write lock before anything else: settles what an interrupted command
    /// left, and removes what killed ff processes left lying around.
    public func recoverInterruptedCommand() {
        removeLitter()
        guard let data = CacheFile.read(journalPath) else { return }
        defer { clearJournal() }
        guard let journal = Journal(text: String(decoding: data, as: UTF8.self)) else {
            delegate.recovered(.unreadableJournal(path: journalPath))
            return
        }
        if let inode = journal.indexLock { IndexLock.removeIfOurs(repo.gitDir + "/index.lock", inode: inode) }
        let head = try? repo.head().id
        var restored: [String] = [], kept: [String] = [], committed: [String] = [], refused: [String] = []
        for f in journal.files {
            guard mayRestore(f.path) else {
                refused.append(f.path)
                continue
            }
            let backup = f.backup.flatMap { mayRestore($0) ? $0 : nil }
            defer { if let backup { unlink(store.absolute(backup)) } }
            let current = CacheFile.read(store.absolute(f.path)).map { try? Repository.blobID(of: $0) } ?? nil
            let inHead = head.flatMap { repo.blobID(at: f.path, inCommit: $0) }
            if let inHead, inHead == repo.hashWorkingFile(f.path) {
                // HEAD holds what the working tree holds: the commit landed (or the file is as
                // it was); at most the index lags behind.
                committed.append(f.path)
            } else if current == f.written {
                // Exactly what ff wrote, never committed: put the original back.
                if let original = f.original {
                    if let backup, CacheFile.read(store.absolute(backup)).flatMap({ try? Repository.blobID(of: $0) }) == original,
                       rename(store.absolute(backup), store.absolute(f.path)) == 0 {
                        restored.append(f.path)
                    } else if let bytes = try? repo.blobContents(original), (try? store.write(bytes, to: f.path)) != nil {
                        restored.append(f.path)
                    } else {
                        kept.append(f.path)
                    }
                } else {
                    store.remove(f.path)
                    restored.append(f.path)
                }
            } else if f.original == nil && current == nil {
                continue
            } else {
                // Changed since ff wrote it (someone typed more, or git put another version
                // there): the person's file wins.
                kept.append(f.path)
            }
        }
        if head != journal.head, !committed.isEmpty, let lock = try? IndexLock.acquire(repo) {
            _ = repo.refreshIndex(paths: committed, lock: lock)
            delegate.recovered(.finished(refreshed: committed))
        } else if restored.isEmpty && kept.isEmpty && refused.isEmpty {
            delegate.recovered(.changedNothing)
        }
        if !restored.isEmpty {
            delegate.recovered(.restored(restored))
        }
        if !kept.isEmpty {
            delegate.recovered(.kept(kept))
        }
        if !refused.isEmpty {
            delegate.recovered(.refused(refused, folder: config.experiments))
        }
        // A review branch made for a commit that did not land: back to the branch it left.
        if let branch = journal.branch, let now = try? repo.head(), now.branchName == branch.name, now.id == journal.head,
           repo.branchExists(branch.base) {
            if (try? repo.attachHead(toBranch: branch.base)) != nil {
                repo.deleteBranch(branch.name)
                delegate.recovered(.switchedBack(branch: branch.base, removed: branch.name))
            }
        }
    }

    /// Files that killed ff processes leave: temporary index files named after their process,
    /// scratch message files, and Foundation's temporary files of interrupted atomic writes
    /// under `.git/ff/`. Only a dead process's files (or, for the unnamed ones, any: ff holds
    /// the write lock, and a cache write that loses one simply is not kept).
    public func removeLitter() {
        var dirs = [repo.gitDir]
        if repo.commonDir != repo.gitDir { dirs.append(repo.commonDir) }
        for dir in dirs {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                for prefix in ["ff-next-index-", "ff-index-", "ff-COMMIT_EDITMSG-"] where name.hasPrefix(prefix) {
                    let digits = name.dropFirst(prefix.count).prefix(while: \.isNumber)
                    if let pid = Int32(digits), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(dir + "/" + name) }
                }
            }
        }
        for dir in Set([repo.gitDir + "/ff", repo.commonDir + "/ff"]) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".dat.nosync") || name.hasSuffix(".ff-tmp") {
                unlink(dir + "/" + name)
            }
        }
    }
}
