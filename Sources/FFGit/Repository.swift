import CLibgit2

/// An open git repository. Not thread-safe: one handle per command, on one thread.
public final class Repository {
    let pointer: OpaquePointer
    /// Object folders added with `addObjectDirectories`, for `reopened()`.
    var extraObjectDirectories: [String] = []

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Another handle on the same repository (with the same working tree and extra object
    /// folders), for work on another thread: libgit2 objects are never shared between threads.
    public func reopened() throws -> Repository {
        let other = try Repository.open(location)
        try other.addObjectDirectories(extraObjectDirectories)
        return other
    }

    /// Where a repository is: its git folder and its working tree. A value, so that another
    /// thread can open a handle of its own on exactly this repository.
    public struct Location: Sendable, Equatable {
        public var gitDir: String
        /// nil for a bare repository.
        public var workdir: String?
    }

    public var location: Location { Location(gitDir: gitDir, workdir: workdir) }

    /// Opens the repository at `location`: its git folder itself, without a search, with
    /// that working tree (which need not be the folder around the git folder).
    public static func open(_ location: Location) throws -> Repository {
        let repo = try open(gitDir: location.gitDir)
        if let workdir = location.workdir, repo.workdir != workdir {
            try check("git_repository_set_workdir") { git_repository_set_workdir(repo.pointer, workdir, 0) }
        }
        return repo
    }

    /// Opens the git folder at `path` itself: no search upwards, no `.git` appended (as git
    /// takes `GIT_DIR`).
    static func open(gitDir path: String) throws -> Repository {
        try LibGit2.setUp()
        var repo: OpaquePointer?
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_NO_DOTGIT.rawValue
        try check("git_repository_open_ext") { git_repository_open_ext(&repo, path, flags, nil) }
        return Repository(repo!)
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository that contains `path`, searching upwards like git does, and not
    /// above any of `ceilings` (git's `GIT_CEILING_DIRECTORIES`, colon-separated).
    public static func open(containing path: String, ceilings: String? = nil) throws -> Repository {
        try LibGit2.setUp()
        var repo: OpaquePointer?
        try check("git_repository_open_ext") { git_repository_open_ext(&repo, path, 0, ceilings) }
        return Repository(repo!)
    }

    /// The repository that contains `path`, or nil when there is none.
    public static func discover(from path: String, ceilings: String? = nil) throws -> Repository? {
        do {
            return try open(containing: path, ceilings: ceilings)
        } catch let error as GitError where error.isNotFound && !error.isOwnedByAnotherUser {
            return nil
        }
    }

    /// The repository git works on in `directory` with `environment`, or nil when a search
    /// finds none. As git: with `GIT_DIR`, that git folder (relative to `directory`) without a
    /// search, and as working tree `GIT_WORK_TREE`, else none when `core.bare` is true, else
    /// `core.worktree` (relative to the git folder), else `directory` itself (a linked
    /// worktree's folder ignores `core.bare` and `core.worktree`, which belong to the main
    /// one); without it, a search upwards from `directory` below `GIT_CEILING_DIRECTORIES`,
    /// and `GIT_WORK_TREE` as the working tree when it is set. (libgit2 1.5's
    /// `GIT_REPOSITORY_OPEN_FROM_ENV` reads the process's environment and leaves
    /// `GIT_WORK_TREE` unimplemented.)
    public static func discover(from directory: String, environment env: [String: String]) throws -> Repository? {
        let workTree = try env["GIT_WORK_TREE"].map { try path($0, variable: "GIT_WORK_TREE", from: directory) }
        let repo: Repository
        if let value = env["GIT_DIR"] {
            let gitDir = try path(value, variable: "GIT_DIR", from: directory)
            do {
                repo = try open(gitDir: gitDir)
            } catch let error as GitError where error.isNotFound && !error.isOwnedByAnotherUser {
                throw RepositoryLocationError.notARepository(variable: "GIT_DIR", value: value)
            }
            let config = try repo.config()
            let linked = git_repository_is_worktree(repo.pointer) == 1
            if let workTree {
                try repo.setWorkdir(workTree, named: "GIT_WORK_TREE", value: env["GIT_WORK_TREE"] ?? "")
            } else if !linked && config.bool("core.bare") == true {
                // Bare, as libgit2 already has it.
            } else if !linked, let configured = config.string("core.worktree"), !configured.isEmpty {
                try repo.setWorkdir(absolute(configured, from: repo.gitDir), named: "core.worktree", value: configured)
            } else {
                try repo.setWorkdir(absolute(directory, from: "/"), named: "the current folder", value: directory)
            }
        } else {
            guard let found = try discover(from: directory, ceilings: env["GIT_CEILING_DIRECTORIES"]) else { return nil }
            repo = found
            if let workTree {
                try repo.setWorkdir(workTree, named: "GIT_WORK_TREE", value: env["GIT_WORK_TREE"] ?? "")
            }
        }
        return repo
    }

    /// A path from the environment, absolute; an empty one is refused, as git refuses it.
    private static func path(_ value: String, variable: String, from directory: String) throws -> String {
        guard !value.isEmpty else { throw RepositoryLocationError.empty(variable: variable) }
        return absolute(value, from: directory)
    }

    private static func absolute(_ path: String, from base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return Paths.standardize(joined)
    }

    /// Makes `path` the working tree (in this handle only: nothing is written to the config).
    private func setWorkdir(_ path: String, named what: String, value: String) throws {
        guard Paths.isFolder(path) == true else {
            throw RepositoryLocationError.noSuchWorkTree(what: what, value: value)
        }
        try check("git_repository_set_workdir") { git_repository_set_workdir(pointer, path, 0) }
    }

    /// Creates a repository with a working tree at `path` (like `git init`).
    public static func create(at path: String) throws -> Repository {
        try LibGit2.setUp()
        var repo: OpaquePointer?
        try check("git_repository_init") { git_repository_init(&repo, path, 0) }
        return Repository(repo!)
    }

    /// The working tree, without a trailing slash; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { String(cString: $0).trimmingTrailingSlash }
    }

    /// The `.git` folder of this working tree (for a linked worktree, its own folder).
    public var gitDir: String {
        String(cString: git_repository_path(pointer)).trimmingTrailingSlash
    }

    /// The folder shared by all worktrees: objects, refs, config, and ff's lock and caches.
    public var commonDir: String {
        String(cString: git_repository_commondir(pointer)).trimmingTrailingSlash
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    // MARK: HEAD

    /// What HEAD points at.
    public enum Head: Equatable {
        /// A branch that has no commit yet.
        case unborn(branch: String)
        case branch(String, ObjectID)
        case detached(ObjectID)

        public var id: ObjectID? {
            switch self {
            case .unborn: return nil
            case let .branch(_, id), let .detached(id): return id
            }
        }

        /// The reference a new commit moves: the branch, or HEAD itself when detached.
        var refToUpdate: String {
            switch self {
            case let .unborn(name), let .branch(name, _): return name
            case .detached: return "HEAD"
            }
        }

        /// The branch's short name (`main`), or nil when detached.
        public var branchName: String? {
            switch self {
            case let .unborn(name), let .branch(name, _):
                return name.hasPrefix("refs/heads/") ? String(name.dropFirst(11)) : name
            case .detached: return nil
            }
        }
    }

    public func head() throws -> Head {
        var ref: OpaquePointer?
        try check("git_reference_lookup") { git_reference_lookup(&ref, pointer, "HEAD") }
        defer { git_reference_free(ref) }
        if git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC {
            let target = String(cString: git_reference_symbolic_target(ref))
            var resolved: OpaquePointer?
            let code = git_reference_resolve(&resolved, ref)
            if code == GIT_ENOTFOUND.rawValue { return .unborn(branch: target) }
            if code < 0 { throw GitError.last(code, "git_reference_resolve") }
            defer { git_reference_free(resolved) }
            return .branch(target, ObjectID(git_reference_target(resolved)))
        }
        return .detached(ObjectID(git_reference_target(ref)))
    }

    /// The id a revision expression names (`HEAD`, `main~2`, a hex id).
    public func resolve(_ revision: String) throws -> ObjectID {
        var obj: OpaquePointer?
        try check("git_revparse_single") { git_revparse_single(&obj, pointer, revision) }
        defer { git_object_free(obj) }
        var commit: OpaquePointer?
        try check("git_object_peel") { git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    // MARK: Config

    /// A snapshot of the effective configuration (system, global, repository).
    public func config() throws -> Config {
        var cfg: OpaquePointer?
        try check("git_repository_config_snapshot") { git_repository_config_snapshot(&cfg, pointer) }
        return Config(cfg!)
    }

    /// Writes a key in the repository's own `.git/config`.
    public func setConfig(_ key: String, _ value: String) throws {
        var cfg: OpaquePointer?
        try check("git_repository_config") { git_repository_config(&cfg, pointer) }
        defer { git_config_free(cfg) }
        var local: OpaquePointer?
        try check("git_config_open_level") { git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) }
        defer { git_config_free(local) }
        try check("git_config_set_string") { git_config_set_string(local, key, value) }
    }

    // MARK: Objects

    /// The bytes of the file at `path` in `commit`'s tree, or nil when it has none.
    public func fileContents(at path: String, in commit: ObjectID) throws -> [UInt8]? {
        var c: OpaquePointer?
        var oid = commit.raw
        try check("git_commit_lookup") { git_commit_lookup(&c, pointer, &oid) }
        defer { git_commit_free(c) }
        var tree: OpaquePointer?
        try check("git_commit_tree") { git_commit_tree(&tree, c) }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        if code < 0 { throw GitError.last(code, "git_tree_entry_bypath") }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return try blobContents(ObjectID(git_tree_entry_id(entry)))
    }

    /// The blob id of the file at `path` in `commit`'s tree, or nil when it has none.
    public func blobID(at path: String, inCommit commit: ObjectID) -> ObjectID? {
        var c: OpaquePointer?
        var oid = commit.raw
        guard git_commit_lookup(&c, pointer, &oid) == 0 else { return nil }
        defer { git_commit_free(c) }
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, c) == 0 else { return nil }
        defer { git_tree_free(tree) }
        return blobID(at: path, in: tree)
    }

    /// The blob ids of `path` in `commit` and its first parents, newest first (nil where the
    /// file is absent), at most `limit` commits.
    public func blobs(at path: String, firstParentsOf commit: ObjectID, limit: Int) -> [ObjectID?] {
        var out: [ObjectID?] = []
        var oid = commit.raw
        var c: OpaquePointer?
        guard git_commit_lookup(&c, pointer, &oid) == 0 else { return [] }
        while let current = c, out.count < limit {
            var tree: OpaquePointer?
            if git_commit_tree(&tree, current) == 0 {
                out.append(blobID(at: path, in: tree))
                git_tree_free(tree)
            }
            var parent: OpaquePointer?
            let code = git_commit_parentcount(current) > 0 ? git_commit_parent(&parent, current, 0) : -1
            git_commit_free(current)
            c = code == 0 ? parent : nil
        }
        if let c { git_commit_free(c) }
        return out
    }

    /// The blob id `git add` would give the working-tree file at `path` (through the
    /// repository's filters), or nil when it cannot be read.
    public func hashWorkingFile(_ path: String) -> ObjectID? {
        guard let workdir else { return nil }
        var oid = git_oid()
        guard git_repository_hashfile(&oid, pointer, workdir + "/" + path, GIT_OBJECT_BLOB, path) == 0 else { return nil }
        return ObjectID(oid)
    }

    /// The bytes of a blob.
    public func blobContents(_ id: ObjectID) throws -> [UInt8] {
        var blob: OpaquePointer?
        var oid = id.raw
        try check("git_blob_lookup") { git_blob_lookup(&blob, pointer, &oid) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The id git would give `bytes` as a blob, without writing it.
    public static func blobID(of bytes: [UInt8]) throws -> ObjectID {
        try LibGit2.setUp()
        var oid = git_oid()
        try bytes.withUnsafeBytes { buf in
            try check("git_odb_hash") { git_odb_hash(&oid, buf.baseAddress, buf.count, GIT_OBJECT_BLOB) }
        }
        return ObjectID(oid)
    }
}

/// `GIT_DIR`, `GIT_WORK_TREE` or `core.worktree` naming something git could not use.
public enum RepositoryLocationError: Error, CustomStringConvertible, Equatable {
    case notARepository(variable: String, value: String)
    case noSuchWorkTree(what: String, value: String)
    case empty(variable: String)

    public var description: String {
        switch self {
        case let .notARepository(variable, value):
            return "\(variable) is '\(value)', which is not a git repository: point it at a repository's .git folder, or unset it"
        case let .noSuchWorkTree(what, value):
            return "the working tree from \(what) ('\(value)') is not a folder: point it at the working tree, or unset it"
        case let .empty(variable):
            return "\(variable) is set but empty, which git refuses too: unset it, or point it at the repository"
        }
    }
}

/// A read-only snapshot of git configuration.
public final class Config {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_config_free(pointer) }

    public func string(_ key: String) -> String? {
        var out: UnsafePointer<CChar>?
        guard git_config_get_string(&out, pointer, key) == 0, let out else { return nil }
        return String(cString: out)
    }

    /// Where a key's value comes from, as git names the files.
    public enum Level: Equatable {
        case system, global, local, app, other
    }

    /// The level of the file that sets `key` (the one whose value wins), or nil when unset.
    public func level(_ key: String) -> Level? {
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, pointer, key) == 0, let entry else { return nil }
        defer { git_config_entry_free(entry) }
        switch entry.pointee.level {
        case GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM: return .system
        case GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL: return .global
        case GIT_CONFIG_LEVEL_LOCAL: return .local
        case GIT_CONFIG_LEVEL_APP: return .app
        default: return .other
        }
    }

    public func bool(_ key: String) -> Bool? {
        var out: Int32 = 0
        guard git_config_get_bool(&out, pointer, key) == 0 else { return nil }
        return out != 0
    }
}

extension String {
    var trimmingTrailingSlash: String {
        var s = self
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
