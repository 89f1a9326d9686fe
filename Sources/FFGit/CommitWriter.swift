import CLibgit2

/// Why a commit of paths could not be made.
public enum CommitError: Error, CustomStringConvertible, Equatable {
    case noWorkingTree
    case nothingToCommit
    case notARegularFile(String)
    case invalidPath(String)
    case branchKeptMoving(String, attempts: Int)
    case referenceLocked(String)
    /// HEAD was pointed at another branch while ff was committing (a `git checkout` finishing).
    case headSwitched(from: String, to: String)
    /// Another writer changed the file on the branch after ff read it.
    case changedUnderneath(path: String, branch: String)
    /// A file to commit could not be read: its path and the system's reason.
    case cannotRead(path: String, reason: String)
    /// A file ff needs could not be read or written (a full disk, say).
    case io(String)

    public var description: String {
        switch self {
        case .noWorkingTree:
            return "this is a bare repository: ff needs a working tree (clone it, or use git worktree add)"
        case .nothingToCommit:
            return "nothing to commit: the file is the same as in HEAD"
        case let .notARegularFile(path):
            return "\(path) is not a regular file (ff never commits through a symbolic link)"
        case let .invalidPath(path):
            return "\(path) is not a valid path inside the repository"
        case let .branchKeptMoving(name, attempts):
            return "\(name) moved under ff \(attempts) times while committing; nothing was committed, try again"
        case let .referenceLocked(lockFile):
            return "\(lockFile) exists: another git process is updating the branch (or one crashed; if none is running, remove that file); nothing was committed"
        case let .headSwitched(from, to):
            return "HEAD moved from \(from) to \(to) while ff was committing (a git checkout in another terminal?); nothing was committed, run the command again"
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason); nothing was committed"
        case let .io(text):
            return text
        case let .changedUnderneath(path, branch):
            return "\(path) changed on \(branch) while ff was committing; nothing was committed, run the command again"
        }
    }
}

/// The outcome of `Repository.commit(paths:message:identity:)`.
public struct CommitResult: Equatable {
    public let id: ObjectID
    public let parent: ObjectID?
    /// The branch that moved, or nil on a detached HEAD.
    public let branch: String?
    /// False when the index could not be refreshed (another git process held it): the commit
    /// is made, but `git status` may show the paths as changed until `git reset -q -- <path>`.
    public let indexUpdated: Bool
}

extension Repository {
    /// Commits the working-tree contents of `paths` (repository-relative; a missing file is a
    /// deletion) on top of HEAD, like `git commit --only <paths>`: the commit's tree is HEAD's
    /// tree plus these paths, whatever else is staged; afterwards the index holds the committed
    /// version of these paths and nothing else in it changes.
    ///
    /// The branch moves by compare-and-swap; when another writer moved it first, the tree is
    /// rebuilt on the new tip and the swap retried, so no commit is ever lost.
    ///
    /// With `options.runHooks`, the repository's `pre-commit` and `commit-msg` hooks run first,
    /// as `git commit --only` runs them: `GIT_INDEX_FILE` names a temporary index that holds
    /// HEAD plus these paths, a hook that fails aborts the commit, the message is the one
    /// `commit-msg` leaves, and `post-commit` runs after (hooks in `options.inProcess` are
    /// given the commit's tree instead of an index file). With `commit.gpgsign` the commit is
    /// signed by the user's own program before the branch moves.
    public func commit(
        paths: [String],
        message: String,
        identity: Identity,
        options: CommitOptions = CommitOptions(),
        indexLock: IndexLock? = nil,
        maxAttempts: Int = 8,
        step: (String) -> Void = { _ in }
    ) throws -> CommitResult {
        guard let workdir else { throw CommitError.noWorkingTree }
        // git's lock on the index, held until the index has the commit (the caller's, when it
        // holds one for its whole unit of work).
        let lock = try indexLock ?? IndexLock.acquire(self)
        var leaves: [(components: [Substring], leaf: Leaf?)] = []
        for path in paths {
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.isEmpty, !path.hasPrefix("/"), components.allSatisfy(Repository.isValidComponent) else {
                throw CommitError.invalidPath(path)
            }
            leaves.append((components, try leaf(for: path, workdir: workdir)))
        }

        let signer = try CommitSigner.configured(config())
        var lastBranch = "HEAD"
        var lockedRef: String?
        var first: (head: Head, blobs: [ObjectID?])?
        for attempt in 1...maxAttempts {
            let head = try head()
            lastBranch = head.branchName ?? "HEAD"
            let baseCommit = try head.id.map { try lookupCommit($0) }
            defer { if let baseCommit { git_commit_free(baseCommit) } }
            var baseTree: OpaquePointer?
            if let baseCommit {
                try check("git_commit_tree") { git_commit_tree(&baseTree, baseCommit) }
            }
            defer { git_tree_free(baseTree) }
            // The tree is rebuilt on a moved tip only when the tip did not touch these paths:
            // otherwise ff's version, made from what it read, would undo the other change.
            let blobs = paths.map { blobID(at: $0, in: baseTree) }
            if let first {
                guard head.refToUpdate == first.head.refToUpdate else {
                    throw CommitError.headSwitched(from: first.head.branchName ?? "a detached HEAD", to: head.branchName ?? "a detached HEAD")
                }
                if let i = paths.indices.first(where: { blobs[$0] != first.blobs[$0] }) {
                    throw CommitError.changedUnderneath(path: paths[i], branch: head.branchName ?? "HEAD")
                }
            } else {
                first = (head, blobs)
            }

            var treeID = try buildTree(base: baseTree, changes: leaves[...], isRoot: true)!
            if let baseTree, git_oid_equal(&treeID, git_tree_id(baseTree)) == 1 {
                throw CommitError.nothingToCommit
            }
            var message = message
            if options.runHooks {
                let verified = try runCommitHooks(tree: ObjectID(treeID), message: message, options: options)
                treeID = verified.tree.raw
                message = verified.message
            }
            var tree: OpaquePointer?
            try check("git_tree_lookup") { git_tree_lookup(&tree, pointer, &treeID) }
            defer { git_tree_free(tree) }

            var commitID = git_oid()
            try identity.author.withGitSignature { author in
                try identity.committer.withGitSignature { committer in
                    var parents: [OpaquePointer?] = baseCommit.map { [$0] } ?? []
                    if let signer {
                        commitID = try createSignedCommit(signer, author: author, committer: committer, message: message,
                                                          tree: tree, parents: &parents, identity: identity, options: options)
                    } else {
                        try check("git_commit_create") {
                            git_commit_create(&commitID, pointer, nil, author, committer, nil, message,
                                              tree, parents.count, &parents)
                        }
                    }
                }
            }

            let subject = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let logMessage = (head.id == nil ? "commit (initial): " : "commit: ") + subject
            step("commit-written")
            // A checkout that already wrote the index but had not yet moved HEAD when ff took
            // the lock: the symbolic target is checked again just before the swap.
            if let now = try? self.head(), now.refToUpdate != head.refToUpdate {
                throw CommitError.headSwitched(from: head.branchName ?? "a detached HEAD", to: now.branchName ?? "a detached HEAD")
            }
            let code = updateRef(head, to: &commitID, logMessage: logMessage)
            if code == 0 {
                step("ref-updated")
                let entries = leaves.indices.map { i -> IndexLock.Entry in
                    let committed = blobID(at: paths[i], in: tree)
                    let leaf = leaves[i].leaf
                    return IndexLock.Entry(path: paths[i], blob: committed, mode: leaf.map { $0.mode.rawValue } ?? GIT_FILEMODE_BLOB.rawValue,
                                           matchesWorkingTree: committed != nil && leaf.map { ObjectID($0.id) } == committed)
                }
                let indexUpdated = lock.update(entries, workdir: workdir)
                if options.runHooks {
                    // Like git, a failing post-commit changes nothing: the commit is made.
                    _ = try? runHook("post-commit", options: options, extraEnvironment: ["GIT_INDEX_FILE": gitDir + "/index"])
                }
                return CommitResult(id: ObjectID(commitID), parent: head.id, branch: head.branchName,
                                    indexUpdated: indexUpdated)
            }
            let error = GitError.last(code, "git_reference_create_matching")
            guard error.isModified || error.isLocked else { throw error }
            lockedRef = error.isLocked ? commonDir + "/" + head.refToUpdate + ".lock" : nil
            // Another writer moved the branch (or holds its lock): rebuild on the new tip.
            if attempt < maxAttempts { usleep(UInt32(1_000 * attempt * attempt)) }
        }
        if let lockedRef { throw CommitError.referenceLocked(lockedRef) }
        throw CommitError.branchKeptMoving(lastBranch, attempts: maxAttempts)
    }

    /// Builds the commit as bytes, has the user's program sign them, and writes the signed
    /// commit; the branch is moved afterwards by the same compare-and-swap as any commit.
    private func createSignedCommit(
        _ signer: CommitSigner, author: UnsafePointer<git_signature>, committer: UnsafePointer<git_signature>,
        message: String, tree: OpaquePointer?, parents: inout [OpaquePointer?], identity: Identity, options: CommitOptions
    ) throws -> git_oid {
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        try check("git_commit_create_buffer") {
            git_commit_create_buffer(&buf, pointer, author, committer, nil, message, tree, parents.count, &parents)
        }
        let content = String(cString: buf.ptr)
        var signature = try signer.sign(content, committer: identity.committer, options: options, scratch: gitDir + "/ff")
        // libgit2 ends the header itself; a trailing newline would add an empty signature line.
        while signature.hasSuffix("\n") { signature.removeLast() }
        var oid = git_oid()
        try check("git_commit_create_with_signature") {
            git_commit_create_with_signature(&oid, pointer, content, signature, nil)
        }
        return oid
    }

    private static func isValidComponent(_ c: Substring) -> Bool {
        !c.isEmpty && c != "." && c != ".." && c.lowercased() != ".git" && !c.contains("\0")
    }

    private func lookupCommit(_ id: ObjectID) throws -> OpaquePointer {
        var commit: OpaquePointer?
        var oid = id.raw
        try check("git_commit_lookup") { git_commit_lookup(&commit, pointer, &oid) }
        return commit!
    }

    /// Moves the branch (or a detached HEAD) to `id` only if it still points where `head` says.
    private func updateRef(_ head: Head, to id: inout git_oid, logMessage: String) -> Int32 {
        var ref: OpaquePointer?
        defer { git_reference_free(ref) }
        switch head {
        case let .unborn(name):
            return git_reference_create(&ref, pointer, name, &id, 0, logMessage)
        case let .branch(_, current), let .detached(current):
            var old = current.raw
            return git_reference_create_matching(&ref, pointer, head.refToUpdate, &id, 1, &old, logMessage)
        }
    }

    /// Stages HEAD's version of `paths` in the index under `lock` (a commit that landed
    /// before ff was interrupted); everything else in the index is left as it was. The stat
    /// data is left for git to fill in: `git status` reads these files once more.
    public func refreshIndex(paths: [String], lock: IndexLock) -> Bool {
        guard let workdir, let head = try? head().id, let c = try? lookupCommit(head) else { return false }
        defer { git_commit_free(c) }
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, c) == 0 else { return false }
        defer { git_tree_free(tree) }
        let entries = paths.map { path -> IndexLock.Entry in
            var mode = GIT_FILEMODE_BLOB.rawValue
            var entry: OpaquePointer?
            if git_tree_entry_bypath(&entry, tree, path) == 0 {
                mode = git_tree_entry_filemode(entry).rawValue
                git_tree_entry_free(entry)
            }
            return IndexLock.Entry(path: path, blob: blobID(at: path, in: tree), mode: mode, matchesWorkingTree: false)
        }
        return lock.update(entries, workdir: workdir)
    }
}
