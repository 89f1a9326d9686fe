import CLibgit2

/// A branch tip, local (`main`) or remote-tracking (`origin/main`).
public struct BranchTip: Equatable, Sendable {
    public let name: String
    public let isRemote: Bool
    public let commit: ObjectID
}

/// A file in a tree: its repository-relative path and blob.
public struct TreeFile: Equatable, Sendable {
    public let path: String
    public let blob: ObjectID
}

extension Repository {
    // MARK: Branches

    public func isValidBranchName(_ name: String) -> Bool {
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, "refs/heads/" + name) == 0 && valid == 1
    }

    public func branchExists(_ name: String) -> Bool {
        var ref: OpaquePointer?
        defer { git_reference_free(ref) }
        return git_reference_lookup(&ref, pointer, "refs/heads/" + name) == 0
    }

    /// Creates a local branch at `commit`; fails if it exists.
    public func createBranch(_ name: String, at commit: ObjectID) throws {
        var c: OpaquePointer?
        var oid = commit.raw
        try check("git_commit_lookup") { git_commit_lookup(&c, pointer, &oid) }
        defer { git_commit_free(c) }
        var ref: OpaquePointer?
        try check("git_branch_create") { git_branch_create(&ref, pointer, name, c, 0) }
        git_reference_free(ref)
    }

    /// Points HEAD at a local branch without touching the index or the working tree: with
    /// the branch at HEAD's commit, this is `git switch -c` after the branch is made.
    public func attachHead(toBranch name: String) throws {
        try check("git_repository_set_head") { git_repository_set_head(pointer, "refs/heads/" + name) }
    }

    public func deleteBranch(_ name: String) {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, pointer, "refs/heads/" + name) == 0 else { return }
        defer { git_reference_free(ref) }
        _ = git_reference_delete(ref)
    }

    /// The operation git is in the middle of (`merge`, `rebase`, …), or nil.
    public var operationInProgress: String? {
        switch git_repository_state(pointer) {
        case Int32(GIT_REPOSITORY_STATE_NONE.rawValue): return nil
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): return "a merge"
        case Int32(GIT_REPOSITORY_STATE_REVERT.rawValue), Int32(GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue): return "a revert"
        case Int32(GIT_REPOSITORY_STATE_CHERRYPICK.rawValue), Int32(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue): return "a cherry-pick"
        case Int32(GIT_REPOSITORY_STATE_BISECT.rawValue): return "a bisect"
        case Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX.rawValue), Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue): return "git am"
        default: return "a rebase"
        }
    }

    /// Whether `path` has staged changes and, on top of them, unstaged ones: committing the
    /// working-tree file would drop what is staged.
    public func hasStagedAndUnstagedChanges(_ path: String) -> Bool {
        var flags: UInt32 = 0
        guard git_status_file(&flags, pointer, path) == 0 else { return false }
        let staged = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue | GIT_STATUS_INDEX_DELETED.rawValue
        let unstaged = GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
        return flags & staged != 0 && flags & unstaged != 0
    }

    /// Every local and remote-tracking branch tip (not `origin/HEAD`), sorted: local first.
    public func branchTips() throws -> [BranchTip] {
        var iter: OpaquePointer?
        try check("git_branch_iterator_new") { git_branch_iterator_new(&iter, pointer, GIT_BRANCH_ALL) }
        defer { git_branch_iterator_free(iter) }
        var out: [BranchTip] = []
        var ref: OpaquePointer?
        var type = GIT_BRANCH_LOCAL
        while git_branch_next(&ref, &type, iter) == 0 {
            defer { git_reference_free(ref); ref = nil }
            guard git_reference_type(ref) == GIT_REFERENCE_DIRECT, let target = git_reference_target(ref) else { continue }
            var name: UnsafePointer<CChar>?
            guard git_branch_name(&name, ref) == 0, let name else { continue }
            out.append(BranchTip(name: String(cString: name), isRemote: type == GIT_BRANCH_REMOTE, commit: ObjectID(target)))
        }
        return out.sorted { ($0.isRemote ? 1 : 0, $0.name) < ($1.isRemote ? 1 : 0, $1.name) }
    }

    /// The branches whose full reference name matches `glob` (`*` matches `/` too), e.g.
    /// `refs/heads/debrief/*`, by short name (`debrief/x`, `origin/debrief/x`), sorted by
    /// name. Only the references under the glob's fixed prefix are read.
    public func branches(matching glob: String) throws -> [BranchTip] {
        var iter: OpaquePointer?
        try check("git_reference_iterator_glob_new") { git_reference_iterator_glob_new(&iter, pointer, glob) }
        defer { git_reference_iterator_free(iter) }
        var out: [BranchTip] = []
        var ref: OpaquePointer?
        while git_reference_next(&ref, iter) == 0 {
            defer { git_reference_free(ref); ref = nil }
            guard git_reference_type(ref) == GIT_REFERENCE_DIRECT, let target = git_reference_target(ref),
                  let short = git_reference_shorthand(ref) else { continue }
            out.append(BranchTip(name: String(cString: short), isRemote: git_reference_is_remote(ref) == 1, commit: ObjectID(target)))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The tree of a commit.
    public func treeID(ofCommit commit: ObjectID) throws -> ObjectID {
        try self.commit(commit).tree
    }

    /// Every blob under `tree` (recursively), with paths prefixed by `prefix`. Sub-trees seen
    /// before (`seen`, by tree id) are listed from memory: branch tips share most folders.
    public func files(inTree tree: ObjectID, prefix: String, seen: inout [ObjectID: [TreeFile]]) throws -> [TreeFile] {
        if let known = seen[tree] {
            return prefix.isEmpty ? known : known.map { TreeFile(path: prefix + "/" + $0.path, blob: $0.blob) }
        }
        var t: OpaquePointer?
        var oid = tree.raw
        try check("git_tree_lookup") { git_tree_lookup(&t, pointer, &oid) }
        defer { git_tree_free(t) }
        var relative: [TreeFile] = []
        for i in 0..<git_tree_entrycount(t) {
            guard let e = git_tree_entry_byindex(t, i) else { continue }
            let name = String(cString: git_tree_entry_name(e))
            let id = ObjectID(git_tree_entry_id(e))
            switch git_tree_entry_type(e) {
            case GIT_OBJECT_TREE:
                relative += try files(inTree: id, prefix: "", seen: &seen).map { TreeFile(path: name + "/" + $0.path, blob: $0.blob) }
            case GIT_OBJECT_BLOB:
                // Symbolic links are blobs too; ff never follows them.
                if git_tree_entry_filemode(e) != GIT_FILEMODE_LINK { relative.append(TreeFile(path: name, blob: id)) }
            default: break
            }
        }
        seen[tree] = relative
        return prefix.isEmpty ? relative : relative.map { TreeFile(path: prefix + "/" + $0.path, blob: $0.blob) }
    }
}
