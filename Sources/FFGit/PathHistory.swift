extension Repository {
    /// When HEAD's history changed each of `paths` (files or folders, from the repository's
    /// top): the committer times, in seconds, of the commits whose entry at the path differs
    /// from their first parent's, as `git log --first-parent`-style diffs see it. One walk for
    /// all the paths; a commit with its parent's root tree is passed over without reading a
    /// tree. A path no commit has gets no times.
    public func changeTimes(of paths: [String]) throws -> [[Int64]] {
        var out = [[Int64]](repeating: [], count: paths.count)
        guard !paths.isEmpty else { return out }
        let raw = try RawObjects(self)
        let components = paths.map { $0.split(separator: "/").map { Array($0.utf8) } }
        // What each commit read has at every path, for its children.
        var known: [ObjectID: (tree: ObjectID, entries: [ObjectID?])] = [:]
        func entries(_ tree: ObjectID) throws -> [ObjectID?] {
            try components.map { try raw.entry($0, in: tree) }
        }
        for id in try walkOrder(from: nil, hiding: []) {
            guard let c = try raw.commit(id) else { continue }
            var parent: (tree: ObjectID, entries: [ObjectID?])?
            if let p = c.parents.first {
                if let k = known[p] {
                    parent = k
                } else if let pc = try raw.commit(p) {
                    parent = (pc.tree, try entries(pc.tree))
                }
            }
            if let parent, parent.tree == c.tree {
                known[id] = parent
                continue
            }
            let now = try entries(c.tree)
            known[id] = (c.tree, now)
            let time = c.record().committer.time
            for k in paths.indices where now[k] != (parent?.entries[k] ?? nil) { out[k].append(time) }
        }
        return out
    }
}

extension RawObjects {
    /// The id of whatever `path` names under `tree` (a tree or a blob); the tree itself for
    /// the empty path.
    func entry(_ path: [[UInt8]], in tree: ObjectID) throws -> ObjectID? {
        guard let last = path.last else { return tree }
        guard let folder = try subtree(Array(path.dropLast()), in: tree) else { return nil }
        return try withObject(folder) { Self.entry(last, inTree: $0, wantTree: true) ?? Self.entry(last, inTree: $0, wantTree: false) } ?? nil
    }
}
