import CLibgit2

/// One commit, copied out of libgit2.
public struct CommitRecord: Sendable {
    public let id: ObjectID
    public let parents: [ObjectID]
    public let author: Signature
    public let committer: Signature
    public let message: String
    public let tree: ObjectID

    public var isMerge: Bool { parents.count > 1 }
    /// The first line of the message.
    public var subject: String {
        String(message.prefix { $0 != "\n" })
    }
}

/// A file that differs between two trees: its path and the blob on each side (nil where the
/// file does not exist).
public struct ChangedFile: Equatable, Sendable {
    public let path: String
    public let old: ObjectID?
    public let new: ObjectID?
}

extension Repository {
    /// Walks the commits reachable from `tips` (HEAD when empty) and not from `hiding`, oldest
    /// first in topological order (parents before children, ties by commit time), calling
    /// `body` for each; `body` returns false to stop. One revwalk, in process.
    public func walk(from tips: [ObjectID] = [], hiding: [ObjectID] = [],
                     _ body: (CommitRecord) throws -> Bool) throws {
        if tips.isEmpty && git_repository_head_unborn(pointer) == 1 { return }
        if isShallow {
            // libgit2 1.5's revwalk looks for the parents a shallow clone does not have.
            for id in try shallowOrder(from: tips.isEmpty ? [try head().id].compactMap { $0 } : tips, hiding: hiding) {
                if try !body(commitRecord(id.raw)) { return }
            }
            return
        }
        var walker: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&walker, pointer) }
        defer { git_revwalk_free(walker) }
        try check("git_revwalk_sorting") {
            git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue)
        }
        if tips.isEmpty {
            try check("git_revwalk_push_head") { git_revwalk_push_head(walker) }
        }
        for tip in tips {
            var oid = tip.raw
            try check("git_revwalk_push") { git_revwalk_push(walker, &oid) }
        }
        for hidden in hiding {
            var oid = hidden.raw
            // A hidden commit that no longer exists (history rewritten) hides nothing.
            _ = git_revwalk_hide(walker, &oid)
        }
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { return }
            if code < 0 { throw GitError.last(code, "git_revwalk_next") }
            let record = try commitRecord(oid)
            if try !body(record) { return }
        }
    }

    /// Parents before children, for a shallow clone: depth first, stopping at the commits
    /// `.git/shallow` lists and at parents the clone does not have.
    private func shallowOrder(from tips: [ObjectID], hiding: [ObjectID]) throws -> [ObjectID] {
        let raw = try RawObjects(self)
        let boundaries = shallowBoundaries()
        var done = Set<ObjectID>()
        var hidden = hiding
        while let id = hidden.popLast() {
            guard done.insert(id).inserted, !boundaries.contains(id), let c = try raw.commit(id) else { continue }
            hidden += c.parents
        }
        var out: [ObjectID] = []
        var stack: [(ObjectID, Bool)] = tips.reversed().map { ($0, false) }
        while let (id, expanded) = stack.popLast() {
            if expanded {
                out.append(id)
                continue
            }
            guard done.insert(id).inserted, let c = try raw.commit(id) else { continue }
            stack.append((id, true))
            if boundaries.contains(id) { continue }
            for p in c.parents.reversed() where !done.contains(p) { stack.append((p, false)) }
        }
        return out
    }

    /// The commit with `id`.
    public func commit(_ id: ObjectID) throws -> CommitRecord {
        try commitRecord(id.raw)
    }

    private func commitRecord(_ oid: git_oid) throws -> CommitRecord {
        var oid = oid
        var c: OpaquePointer?
        try check("git_commit_lookup") { git_commit_lookup(&c, pointer, &oid) }
        defer { git_commit_free(c) }
        return try commitRecord(of: c!, id: ObjectID(oid))
    }

    /// Copies a looked-up commit out of libgit2.
    func commitRecord(of c: OpaquePointer, id: ObjectID) throws -> CommitRecord {
        let count = git_commit_parentcount(c)
        var parents: [ObjectID] = []
        parents.reserveCapacity(Int(count))
        for i in 0..<count {
            if let p = git_commit_parent_id(c, i) { parents.append(ObjectID(p)) }
        }
        let raw = git_commit_message_raw(c).map { String(cString: $0) } ?? ""
        return CommitRecord(id: id, parents: parents, author: Signature(git_commit_author(c)),
                            committer: Signature(git_commit_committer(c)), message: raw,
                            tree: ObjectID(git_commit_tree_id(c)))
    }

    /// The id of the tree or blob at `path` inside the tree `tree`, or nil.
    public func entryID(at path: String, inTree tree: ObjectID) throws -> ObjectID? {
        if path.isEmpty { return tree }
        var t: OpaquePointer?
        var oid = tree.raw
        try check("git_tree_lookup") { git_tree_lookup(&t, pointer, &oid) }
        defer { git_tree_free(t) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, t, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        if code < 0 { throw GitError.last(code, "git_tree_entry_bypath") }
        defer { git_tree_entry_free(entry) }
        return ObjectID(git_tree_entry_id(entry))
    }

    /// The files that differ between two trees (either may be nil: empty), with their paths
    /// prefixed by `prefix`. Sub-trees with equal ids are skipped without being read, which
    /// libgit2's own tree diff does not do: a commit that touched one month folder reads that
    /// folder and its parents, never the other folders.
    public func changedFiles(from old: ObjectID?, to new: ObjectID?, prefix: String = "") throws -> [ChangedFile] {
        var out: [ChangedFile] = []
        try RawObjects(self).diff(old, new, prefix: prefix, into: &out)
        return out
    }
}
