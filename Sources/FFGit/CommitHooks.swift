import CLibgit2

extension Repository {
    /// Runs `pre-commit` and `commit-msg` on the commit about to be made; returns the tree
    /// (a pre-commit hook may stage more) and the message (commit-msg may edit it).
    func runCommitHooks(tree: ObjectID, message: String, options: CommitOptions) throws -> (tree: ObjectID, message: String) {
        let env = options.environment
        let preCommit = try hook("pre-commit", environment: env), commitMsg = try hook("commit-msg", environment: env)
        guard preCommit != nil || commitMsg != nil else { return (tree, message) }
        // The temporary index, written only if a hook runs as a program (ff's own hooks, done
        // in this process, are given the tree instead).
        let indexFile = gitDir + "/ff-next-index-\(getpid()).lock"
        var written: [Int]?
        var indexWritten = false
        defer { if indexWritten { unlink(indexFile) } }
        func indexEnv() throws -> [String: String] {
            if !indexWritten {
                try writeIndex(of: tree, to: indexFile)
                indexWritten = true
                written = Self.fileStamp(indexFile)
            }
            return ["GIT_INDEX_FILE": indexFile]
        }
        var tree = tree
        if let path = preCommit {
            var status: Int32?
            if let own = ownHook("pre-commit", at: path, options: options) {
                status = try own.run(.init(arguments: [], environment: hookEnvironment(options, [:]), tree: tree))
            }
            if status == nil { status = try runHookProgram(path, arguments: [], options: options, extraEnvironment: indexEnv()) }
            guard status == 0 else { throw HookError.failed(hook: "pre-commit", status: status!) }
            // A hook that stages more rewrites the index file (git writes a new file and renames
            // it into place); an index file left as written holds the same tree.
            if indexWritten, written == nil || Self.fileStamp(indexFile) != written { tree = try treeOfIndex(at: indexFile) }
        }
        var message = message
        if let path = commitMsg {
            let file = gitDir + "/ff-COMMIT_EDITMSG-\(getpid())"
            defer { unlink(file) }
            guard FileManager.default.createFile(atPath: file, contents: Data(message.utf8)) else {
                throw CommitError.io("cannot write \(file) for the commit-msg hook: \(String(cString: strerror(errno))); nothing was committed")
            }
            var status: Int32?
            if let own = ownHook("commit-msg", at: path, options: options) {
                status = try own.run(.init(arguments: [file], environment: hookEnvironment(options, [:]), tree: tree))
            }
            if status == nil { status = try runHookProgram(path, arguments: [file], options: options, extraEnvironment: indexEnv()) }
            guard status == 0 else { throw HookError.failed(hook: "commit-msg", status: status!) }
            let edited = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
            if edited != message {
                message = Self.cleanedUp(edited)
                guard !message.isEmpty else { throw HookError.emptyMessage }
            }
        }
        return (tree, message)
    }

    /// Inode, size and modification time of a file: what changes when it is rewritten.
    static func fileStamp(_ path: String) -> [Int]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let modified = st.modificationTime, changed = st.statusChangeTime
        return [Int(st.st_ino), Int(st.st_size), Int(modified.tv_sec), Int(modified.tv_nsec),
                Int(changed.tv_sec), Int(changed.tv_nsec)]
    }

    /// git's `--cleanup=whitespace`, which `git commit -m` applies after `commit-msg`:
    /// trailing spaces and leading, trailing and repeated blank lines go.
    static func cleanedUp(_ message: String) -> String {
        var lines: [String] = []
        var blank = false
        for raw in message.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
            if line.isEmpty {
                blank = !lines.isEmpty
                continue
            }
            if blank { lines.append("") }
            blank = false
            lines.append(line)
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Writes an index file holding exactly `tree`, for hooks to see the commit to be made as
    /// the staged state (`git commit --only` does the same with a temporary index).
    func writeIndex(of tree: ObjectID, to path: String) throws {
        var index: OpaquePointer?
        try check("git_index_open") { git_index_open(&index, path) }
        defer { git_index_free(index) }
        var t: OpaquePointer?
        var oid = tree.raw
        try check("git_tree_lookup") { git_tree_lookup(&t, pointer, &oid) }
        defer { git_tree_free(t) }
        try check("git_index_read_tree") { git_index_read_tree(index, t) }
        try check("git_index_write") { git_index_write(index) }
    }

    /// The tree an index file describes (after a hook may have staged more).
    func treeOfIndex(at path: String) throws -> ObjectID {
        var index: OpaquePointer?
        try check("git_index_open") { git_index_open(&index, path) }
        defer { git_index_free(index) }
        var oid = git_oid()
        try check("git_index_write_tree_to") { git_index_write_tree_to(&oid, index, pointer) }
        return ObjectID(oid)
    }
}
