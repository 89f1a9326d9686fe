import CLibgit2

/// An index entry's path, blob id and the stat data git keeps to tell, without reading a
/// file, that it is unchanged.
public struct IndexEntry: Sendable {
    public let path: String
    public let id: ObjectID
    public let size: UInt32
    public let mtimeSeconds: Int32
    public let mtimeNanoseconds: UInt32
    public let ctimeSeconds: Int32
    public let ctimeNanoseconds: UInt32
    public let inode: UInt32
    public let mode: UInt32

    /// Whether `st` (an `lstat` of the working-tree file) matches this entry the way git's
    /// own check does, and the entry is not "racily clean" (modified in the same instant the
    /// index was written, when the stat data cannot be trusted).
    public func matches(_ st: stat, indexWrittenAt index: timespec) -> Bool {
        guard (st.st_mode & S_IFMT) == S_IFREG else { return false }
        guard UInt32(truncatingIfNeeded: st.st_size) == size,
              Int32(truncatingIfNeeded: st.modificationTime.tv_sec) == mtimeSeconds,
              UInt32(truncatingIfNeeded: st.modificationTime.tv_nsec) == mtimeNanoseconds,
              Int32(truncatingIfNeeded: st.statusChangeTime.tv_sec) == ctimeSeconds,
              UInt32(truncatingIfNeeded: st.statusChangeTime.tv_nsec) == ctimeNanoseconds,
              UInt32(truncatingIfNeeded: st.st_ino) == inode else { return false }
        let indexSec = Int32(truncatingIfNeeded: index.tv_sec), indexNsec = UInt32(truncatingIfNeeded: index.tv_nsec)
        return (mtimeSeconds, mtimeNanoseconds) < (indexSec, indexNsec)
    }
}

extension Repository {
    /// The index entries whose paths start with `prefix`, and when the index file was written.
    ///
    /// `indexFile` reads another index than the repository's (git's `GIT_INDEX_FILE`, which
    /// libgit2 does not read from the environment by itself): the one `git commit` hands its
    /// hooks.
    public func indexEntries(under prefix: String, indexFile: String? = nil) throws -> (entries: [IndexEntry], written: timespec) {
        let index = try openIndex(indexFile)
        defer { git_index_free(index) }
        var st = stat()
        let written = stat(indexFile ?? gitDir + "/index", &st) == 0 ? st.modificationTime : timespec()
        var pos = 0
        var out: [IndexEntry] = []
        guard git_index_find_prefix(&pos, index, prefix) == 0 else { return ([], written) }
        let count = git_index_entrycount(index)
        let prefixBytes = Array(prefix.utf8)
        while pos < count, let e = git_index_get_byindex(index, pos) {
            let entry = e.pointee
            guard let cPath = entry.path else { break }
            let path = String(cString: cPath)
            guard path.utf8.starts(with: prefixBytes) else { break }
            // Stage 0 only: a conflicted path is never "unchanged".
            if (Int32(entry.flags) & GIT_INDEX_ENTRY_STAGEMASK) >> GIT_INDEX_ENTRY_STAGESHIFT == 0 {
                out.append(IndexEntry(
                    path: path, id: ObjectID(entry.id), size: entry.file_size,
                    mtimeSeconds: entry.mtime.seconds, mtimeNanoseconds: entry.mtime.nanoseconds,
                    ctimeSeconds: entry.ctime.seconds, ctimeNanoseconds: entry.ctime.nanoseconds,
                    inode: entry.ino, mode: entry.mode))
            }
            pos += 1
        }
        return (out, written)
    }
}

extension Repository {
    /// Makes the objects in `directories` readable too: a `pre-receive` hook runs before the
    /// pushed objects leave git's quarantine folder, which git names in
    /// `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES` (libgit2 reads neither
    /// from the environment by itself).
    public func addObjectDirectories(_ directories: [String]) throws {
        var odb: OpaquePointer?
        try check("git_repository_odb") { git_repository_odb(&odb, pointer) }
        defer { git_odb_free(odb) }
        for dir in directories where !dir.isEmpty {
            let path = dir.hasPrefix("/") ? dir : gitDir + "/" + dir
            try check("git_odb_add_disk_alternate") { git_odb_add_disk_alternate(odb, path) }
            extraObjectDirectories.append(path)
        }
    }

    /// Whether `commit` is `ancestor` or has it in its history.
    public func contains(_ ancestor: ObjectID, in commit: ObjectID) -> Bool {
        if ancestor == commit { return true }
        var a = commit.raw, b = ancestor.raw
        return git_graph_descendant_of(pointer, &a, &b) == 1
    }

    /// Whether an object exists (a commit from a cache may have been rewritten away).
    public func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }
}

extension Repository {
    /// The files under `folder` whose staged version (in the repository's index, or in
    /// `indexFile`) differs from HEAD's: what a commit would change there. One libgit2 diff of
    /// HEAD's tree against the index, limited to the folder.
    public func stagedChanges(under folder: String, indexFile: String? = nil) throws -> [ChangedFile] {
        let index = try openIndex(indexFile)
        defer { git_index_free(index) }
        var tree: OpaquePointer?
        if let head = try head().id {
            var commit: OpaquePointer?
            var oid = head.raw
            try check("git_commit_lookup") { git_commit_lookup(&commit, pointer, &oid) }
            defer { git_commit_free(commit) }
            try check("git_commit_tree") { git_commit_tree(&tree, commit) }
        }
        defer { git_tree_free(tree) }
        var opts = git_diff_options()
        try check("git_diff_options_init") { git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)) }
        var out: [ChangedFile] = []
        try folder.withCString { spec in
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: spec)]
            try strings.withUnsafeMutableBufferPointer { buf in
                opts.pathspec = git_strarray(strings: buf.baseAddress, count: 1)
                var diff: OpaquePointer?
                try check("git_diff_tree_to_index") { git_diff_tree_to_index(&diff, pointer, tree, index, &opts) }
                defer { git_diff_free(diff) }
                for i in 0..<git_diff_num_deltas(diff) {
                    guard let d = git_diff_get_delta(diff, i)?.pointee else { continue }
                    let path = String(cString: (d.new_file.path ?? d.old_file.path)!)
                    guard path.hasPrefix(folder + "/") else { continue }
                    out.append(ChangedFile(path: path,
                                           old: d.status == GIT_DELTA_ADDED ? nil : ObjectID(d.old_file.id),
                                           new: d.status == GIT_DELTA_DELETED ? nil : ObjectID(d.new_file.id)))
                }
            }
        }
        return out
    }
}

extension Repository {
    /// The repository's index, or the one at `indexFile` (git's `GIT_INDEX_FILE`); the caller
    /// frees it.
    func openIndex(_ indexFile: String?) throws -> OpaquePointer? {
        var index: OpaquePointer?
        if let indexFile {
            try check("git_index_open") { git_index_open(&index, indexFile) }
        } else {
            try check("git_repository_index") { git_repository_index(&index, pointer) }
        }
        return index
    }
}
