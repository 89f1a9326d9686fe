import CLibgit2
import Foundation

/// A hook that refused a commit, or left nothing to commit.
public enum HookError: Error, CustomStringConvertible, Equatable {
    case failed(hook: String, status: Int32)
    case emptyMessage

    public var description: String {
        switch self {
        case let .failed(hook, status):
            return "the \(hook) hook refused the commit (exit status \(status)); nothing was committed and the file is as it was (the hook's output is above; --no-verify skips hooks)"
        case .emptyMessage:
            return "the commit-msg hook left an empty message; nothing was committed"
        }
    }
}

extension Repository {
    /// The folder git runs hooks from: `core.hooksPath` (a relative path is taken from the
    /// working tree root, or from the repository folder when bare, as git does; `~/` from
    /// HOME), else `hooks` in the folder shared by all worktrees.
    public func hooksDirectory(environment: [String: String]) throws -> String {
        if let configured = try config().string("core.hooksPath"), !configured.isEmpty {
            var path = configured
            if path.hasPrefix("~/"), let home = environment["HOME"] { path = home + path.dropFirst(1) }
            if !path.hasPrefix("/") { path = (workdir ?? gitDir) + "/" + path }
            return (path as NSString).standardizingPath
        }
        return commonDir + "/hooks"
    }

    /// The path of hook `name` when it exists and is executable, as git requires.
    public func hook(_ name: String, environment: [String: String]) throws -> String? {
        let path = try hooksDirectory(environment: environment) + "/" + name
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(path, X_OK) == 0 else { return nil }
        return path
    }

    /// Runs hook `name` as git runs the hooks of `git commit`: from the working tree root,
    /// stdin from /dev/null, its stdout and stderr passed on to `output`. Returns nil when
    /// there is no such hook, else its exit status.
    func runHook(_ name: String, arguments: [String] = [], options: CommitOptions, extraEnvironment: [String: String]) throws -> Int32? {
        guard let path = try hook(name, environment: options.environment) else { return nil }
        var env = options.environment
        for (k, v) in extraEnvironment { env[k] = v }
        // As `git commit -m`: no editor is to be started by a hook.
        if env["GIT_EDITOR"] == nil { env["GIT_EDITOR"] = ":" }
        // ff's own hook, exactly as installed and chaining no other: done here, without a shell
        // and a second ff process, when the caller knows how (nil: run the script after all).
        if let own = options.inProcess[name], access(path + ".ff-chained", X_OK) != 0,
           let bytes = FileManager.default.contents(atPath: path), bytes == Data(own.script.utf8),
           let status = try own.run(arguments, env) {
            return status
        }
        let forward: ([UInt8]) -> Void = { options.output(String(decoding: $0, as: UTF8.self)) }
        let result = try Subprocess.run([path] + arguments, environment: env, directory: workdir ?? gitDir,
                                        capture: false, onStdout: forward, onStderr: forward)
        return result.status
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

/// A hook ff can run in its own process: when the installed file is byte for byte `script`
/// and chains no other hook, `run` (given the hook's arguments and environment) does what the
/// script would and returns its exit status, or nil to have the script run after all.
public struct InProcessHook {
    public var script: String
    public var run: (_ arguments: [String], _ environment: [String: String]) throws -> Int32?

    public init(script: String, run: @escaping (_ arguments: [String], _ environment: [String: String]) throws -> Int32?) {
        self.script = script
        self.run = run
    }
}

/// How ff's own commits treat the repository's hooks and signing configuration.
public struct CommitOptions {
    /// Run `pre-commit`, `commit-msg` and `post-commit` (false for `--no-verify`).
    public var runHooks: Bool
    /// The environment hooks and signing programs run with.
    public var environment: [String: String]
    /// Whether a person is at a terminal: a signing program may prompt, and is given no deadline.
    public var interactive: Bool
    /// Where the hooks' output goes (ff's stderr).
    public var output: (String) -> Void
    /// Hooks that can run in this process, by name (`pre-commit`, `commit-msg`).
    public var inProcess: [String: InProcessHook] = [:]

    public init(runHooks: Bool = false, environment: [String: String] = [:], interactive: Bool = false,
                output: @escaping (String) -> Void = { _ in }) {
        self.runHooks = runHooks
        self.environment = environment
        self.interactive = interactive
        self.output = output
    }
}
