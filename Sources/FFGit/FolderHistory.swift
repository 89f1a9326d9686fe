import CLibgit2

/// A commit whose folder (the experiments folder) differs from its first parent's.
public struct FolderChange: Sendable {
    public let commit: CommitRecord
    /// The folder's tree in the first parent (nil where it did not exist) and in the commit.
    public let oldFolder: ObjectID?
    public let newFolder: ObjectID?
    /// The commit's parents are not in this clone (the edge of a shallow clone).
    public let isShallowBoundary: Bool
}

extension Repository {
    /// Tunes libgit2 for reading a long history once (process-wide; it changes only speed and
    /// memory): objects are not hashed again on every read — git does not do so either — nor
    /// kept in libgit2's cache, since a walk reads each one once and the cache would only
    /// grow; packs are mapped 32 MiB at a time, 64 MiB at most, rather than whole.
    public static func prepareForLongWalks() {
        _ = preparedForLongWalks
    }

    /// Once per process (libgit2's options are process-wide, and `ff site` opens repositories
    /// on several threads at once).
    private static let preparedForLongWalks: Void = {
        // Without libgit2 there is no walk to tune: opening the repository reports it.
        guard (try? LibGit2.setUp()) != nil else { return }
        _ = ffgit_set_strict_hash_verification(0)
        _ = ffgit_set_caching(0)
        _ = ffgit_set_pack_windows(32 << 20, 64 << 20)
    }()

    /// Walks the history of `tip` (HEAD when nil), skipping the commits `hiding` reaches, and
    /// calls `body` for each commit whose `folder` tree differs from its first parent's, in no
    /// particular order. Each commit and its root tree are read once, raw, and only the
    /// commits that changed the folder are copied out. A shallow clone is walked too: commits
    /// whose parents are missing come with `isShallowBoundary`. `progress` gets the number of
    /// commits seen, now and then.
    public func folderHistory(_ folder: String, from tip: ObjectID? = nil, hiding: [ObjectID] = [],
                              progress: ((Int) -> Void)? = nil,
                              _ body: (FolderChange) throws -> Void) throws {
        let raw = try RawObjects(self)
        let boundaries = isShallow ? shallowBoundaries() : []
        let path = folder.split(separator: "/").map { Array($0.utf8) }
        var count = 0
        func seen() {
            count += 1
            if count % 2048 == 0 { progress?(count) }
        }
        // `parent` is nil at the edge of a shallow clone, .some(nil) where the parent has no folder.
        func decide(_ c: RawCommit, _ folderID: ObjectID?, _ parent: ObjectID??) throws {
            guard let parentFolder = parent else {
                if folderID != nil {
                    try body(FolderChange(commit: c.record(), oldFolder: nil, newFolder: folderID, isShallowBoundary: true))
                }
                return
            }
            if folderID != parentFolder {
                try body(FolderChange(commit: c.record(), oldFolder: parentFolder, newFolder: folderID, isShallowBoundary: false))
            }
        }

        if !hiding.isEmpty && boundaries.isEmpty {
            // Oldest first, from libgit2, which finds what the hidden commits do not reach
            // without reading their history; parents outside the walk are read on demand.
            var known: [ObjectID: (tree: ObjectID, folder: ObjectID?)] = [:]
            for id in try walkOrder(from: tip, hiding: hiding) {
                guard let c = try raw.commit(id) else { throw GitError(code: -3, message: "commit \(id) is missing", function: "git_odb_read") }
                seen()
                var parent: (tree: ObjectID, folder: ObjectID?)?
                if let p = c.parents.first {
                    if let k = known[p] {
                        parent = k
                    } else if let pc = try raw.commit(p) {
                        parent = (pc.tree, try raw.subtree(path, in: pc.tree))
                    } else {
                        let f = try raw.subtree(path, in: c.tree)
                        known[id] = (c.tree, f)
                        try decide(c, f, nil)
                        continue
                    }
                }
                // The same tree as the parent's: the same folder, nothing to read.
                let f = parent.map { $0.tree == c.tree } == true ? parent!.folder : try raw.subtree(path, in: c.tree)
                known[id] = (c.tree, f)
                try decide(c, f, .some(parent?.folder))
            }
        } else {
            try tipFirst(from: tip, hiding: hiding, boundaries: boundaries, raw, path: path, seen: seen, decide)
        }
        progress?(count)
    }

    /// Depth first from the tip, first parents first: one read of each commit and of its root
    /// tree, and it works on a shallow clone (which libgit2 1.5's walk refuses), stopping at
    /// the commits whose parents the clone does not have. A commit waits only until its first
    /// parent is read — normally the very next read — so little is held. Commits `hiding`
    /// reaches are marked first (a full walk of them: only used for shallow clones, whose
    /// histories are short).
    private func tipFirst(from tip: ObjectID?, hiding: [ObjectID], boundaries: Set<ObjectID>, _ raw: RawObjects,
                          path: [[UInt8]], seen: () -> Void,
                          _ decide: (RawCommit, ObjectID?, ObjectID??) throws -> Void) throws {
        guard let head = try tip ?? head().id else { return }
        var done = Set<ObjectID>()
        done.reserveCapacity(1 << 16)
        var hidden = hiding
        while let id = hidden.popLast() {
            guard done.insert(id).inserted, !boundaries.contains(id), let c = try raw.commit(id) else { continue }
            hidden += c.parents
        }
        // The folder tree of every commit read, for the children that come to it later.
        var folders: [ObjectID: ObjectID?] = [:]
        folders.reserveCapacity(1 << 16)
        // Commits read whose first parent is not read yet, by that parent.
        var waiting: [ObjectID: [(RawCommit, ObjectID?)]] = [:]
        var stack: [ObjectID] = [head]
        while let id = stack.popLast() {
            guard done.insert(id).inserted else { continue }
            guard let c = try raw.commit(id) else {
                // Not in this clone: whoever waits for it is at the edge of the history.
                for (child, f) in waiting.removeValue(forKey: id) ?? [] { try decide(child, f, nil) }
                continue
            }
            seen()
            let folder = try raw.subtree(path, in: c.tree)
            folders[id] = folder
            for (child, f) in waiting.removeValue(forKey: id) ?? [] { try decide(child, f, .some(folder)) }
            if boundaries.contains(id) {
                try decide(c, folder, nil)
                continue
            }
            if let p = c.parents.first {
                if let pf = folders[p] {
                    try decide(c, folder, .some(pf))
                } else if done.contains(p) {
                    // A hidden parent, or one that is missing.
                    if let pc = try raw.commit(p) {
                        let pf = try raw.subtree(path, in: pc.tree)
                        folders[p] = pf
                        try decide(c, folder, .some(pf))
                    } else {
                        try decide(c, folder, nil)
                    }
                } else {
                    waiting[p, default: []].append((c, folder))
                }
            } else {
                try decide(c, folder, .some(nil))
            }
            for p in c.parents.dropFirst().reversed() where !done.contains(p) { stack.append(p) }
            if let p = c.parents.first, !done.contains(p) { stack.append(p) }
        }
        // Parents never read (not in the object database): their children are edges.
        for (_, children) in waiting {
            for (child, f) in children { try decide(child, f, nil) }
        }
    }

    /// The commits to walk, oldest first: libgit2's topological walk.
    func walkOrder(from tip: ObjectID?, hiding: [ObjectID]) throws -> [ObjectID] {
        if tip == nil && git_repository_head_unborn(pointer) == 1 { return [] }
        var walker: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&walker, pointer) }
        defer { git_revwalk_free(walker) }
        try check("git_revwalk_sorting") {
            git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue)
        }
        if var oid = tip?.raw {
            try check("git_revwalk_push") { git_revwalk_push(walker, &oid) }
        } else {
            try check("git_revwalk_push_head") { git_revwalk_push_head(walker) }
        }
        for hidden in hiding {
            var oid = hidden.raw
            // A hidden commit that no longer exists (history rewritten) hides nothing.
            _ = git_revwalk_hide(walker, &oid)
        }
        var out: [ObjectID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { return out }
            if code < 0 { throw GitError.last(code, "git_revwalk_next") }
            out.append(ObjectID(oid))
        }
    }

    /// The commits listed in `.git/shallow`: their parents are not in this clone.
    public func shallowBoundaries() -> Set<ObjectID> {
        guard let text = try? String(contentsOfFile: commonDir + "/shallow", encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    /// Whether the object database has `id`.
    public func exists(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    /// Whether `descendant` has `ancestor` in its history (or is it).
    public func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) throws -> Bool {
        if descendant == ancestor { return true }
        var a = descendant.raw, b = ancestor.raw
        let code = git_graph_descendant_of(pointer, &a, &b)
        if code < 0 { throw GitError.last(code, "git_graph_descendant_of") }
        return code == 1
    }

    /// The blob id of every file under the tree `folder`, with its path prefixed by `prefix`.
    public func files(inTree folder: ObjectID?, prefix: String) throws -> [ChangedFile] {
        try changedFiles(from: nil, to: folder, prefix: prefix)
    }
}

/// A path to look up in a tree: the sub-tree of a folder, or the blob of a file.
public struct TreePath: Hashable, Sendable {
    let components: [[UInt8]]
    let isFolder: Bool

    public static func folder(_ path: String) -> TreePath {
        TreePath(components: path.split(separator: "/").map { Array($0.utf8) }, isFolder: true)
    }

    public static func file(_ path: String) -> TreePath {
        TreePath(components: path.split(separator: "/").map { Array($0.utf8) }, isFolder: false)
    }
}

extension Repository {
    /// The ids of `paths` in the tree `tree` (nil where there is no such folder or file), the
    /// root tree read once for all of them: a history walk asks this of every commit.
    public func entryIDs(_ paths: [TreePath], inTree tree: ObjectID) throws -> [ObjectID?] {
        let raw = try RawObjects(self)
        return try raw.entries(paths, in: tree)
    }

    /// Whether this is a partial clone (`git clone --filter`): objects it lacks are fetched
    /// by git on demand from a promisor remote, which ff's git library cannot do.
    public var isPartialClone: Bool {
        if let config = try? config(), let remote = config.string("extensions.partialclone"), !remote.isEmpty { return true }
        let pack = commonDir + "/objects/pack"
        return ((try? FileManager.default.contentsOfDirectory(atPath: pack)) ?? []).contains { $0.hasSuffix(".promisor") }
    }
}

extension RawObjects {
    func entries(_ paths: [TreePath], in root: ObjectID) throws -> [ObjectID?] {
        let firsts: [ObjectID?]? = try withObject(root) { raw in
            paths.map { p -> ObjectID? in
                guard let first = p.components.first else { return root }
                return Self.entry(first, inTree: raw, wantTree: p.isFolder || p.components.count > 1)
            }
        }
        guard let firsts else { throw GitError(code: GIT_ENOTFOUND.rawValue, message: "tree \(root) is missing", function: "git_odb_read") }
        return try paths.indices.map { i in
            let p = paths[i]
            guard var current = firsts[i], p.components.count > 1 else { return firsts[i] }
            for (k, name) in p.components.enumerated().dropFirst() {
                let wantTree = p.isFolder || k < p.components.count - 1
                guard let next = try withObject(current, { Self.entry(name, inTree: $0, wantTree: wantTree) }) ?? nil else { return nil }
                current = next
            }
            return current
        }
    }
}
