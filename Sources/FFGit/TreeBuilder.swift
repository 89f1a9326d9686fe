import CLibgit2

extension Repository {
    /// A file to write into a tree: its blob and mode.
    struct Leaf {
        var id: git_oid
        var mode: git_filemode_t
    }

    func leaf(for path: String, workdir: String) throws -> Leaf? {
        var st = stat()
        if lstat(workdir + "/" + path, &st) != 0 {
            if errno == ENOENT { return nil }
            throw CommitError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw CommitError.notARegularFile(path) }
        var oid = git_oid()
        if let bytes = try? readRegularFile(workdir + "/" + path), noFilterCanApply(to: path, workdir: workdir) {
            // The bytes are the blob: no attribute or setting asks for a conversion. (Asking
            // libgit2 to apply filters loads the whole index to look for attributes.)
            try bytes.withUnsafeBytes { buf in
                try check("git_blob_create_from_buffer") { git_blob_create_from_buffer(&oid, pointer, buf.baseAddress, buf.count) }
            }
        } else {
            // Through the repository's filters (autocrlf, attributes), as `git add` does.
            try check("git_blob_create_from_workdir") { git_blob_create_from_workdir(&oid, pointer, path) }
        }
        let executable = (st.st_mode & S_IXUSR) != 0
        return Leaf(id: oid, mode: executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB)
    }

    /// The bytes of the file at `path`, never through a symbolic link.
    func readRegularFile(_ path: String) throws(CommitError) -> [UInt8] {
        let fd = posixOpen(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = buffer.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    /// Writes `base` with `changes` applied, touching only the sub-trees on the changed paths.
    /// Returns nil when a non-root tree ends up empty, so that its parent drops it as git does.
    func buildTree(
        base: OpaquePointer?,
        changes: ArraySlice<(components: [Substring], leaf: Leaf?)>,
        isRoot: Bool
    ) throws -> git_oid? {
        var builder: OpaquePointer?
        try check("git_treebuilder_new") { git_treebuilder_new(&builder, pointer, base) }
        defer { git_treebuilder_free(builder) }

        var groups: [Substring: [(components: [Substring], leaf: Leaf?)]] = [:]
        var order: [Substring] = []
        for change in changes {
            let name = change.components[0]
            if change.components.count == 1 {
                if var leaf = change.leaf {
                    try check("git_treebuilder_insert") {
                        git_treebuilder_insert(nil, builder, String(name), &leaf.id, leaf.mode)
                    }
                } else {
                    _ = git_treebuilder_remove(builder, String(name))
                }
            } else {
                if groups[name] == nil { order.append(name) }
                groups[name, default: []].append((Array(change.components.dropFirst()), change.leaf))
            }
        }
        for name in order {
            var subBase: OpaquePointer?
            if let base, let entry = git_tree_entry_byname(base, String(name)),
               git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                try check("git_tree_lookup") { git_tree_lookup(&subBase, pointer, git_tree_entry_id(entry)) }
            }
            defer { git_tree_free(subBase) }
            if var sub = try buildTree(base: subBase, changes: groups[name]![...], isRoot: false) {
                try check("git_treebuilder_insert") {
                    git_treebuilder_insert(nil, builder, String(name), &sub, GIT_FILEMODE_TREE)
                }
            } else {
                _ = git_treebuilder_remove(builder, String(name))
            }
        }
        if !isRoot && git_treebuilder_entrycount(builder) == 0 { return nil }
        var oid = git_oid()
        try check("git_treebuilder_write") { git_treebuilder_write(&oid, builder) }
        return oid
    }

    /// The blob at `path` in `tree`, or nil.
    func blobID(at path: String, in tree: OpaquePointer?) -> ObjectID? {
        guard let tree else { return nil }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0 else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry))
    }
}
