import CLibgit2

/// A hook that refused a commit, or left nothing to commit. The description states the
/// facts; a front end adds how to skip hooks in its own terms.
public enum HookError: Error, CustomStringConvertible, Equatable {
    case failed(hook: String, status: Int32)
    case emptyMessage

    public var description: String {
        switch self {
        case let .failed(hook, status):
            return "the \(hook) hook refused the commit (exit status \(status)); nothing was committed and the file is as it was (the hook's output is above)"
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
            return Paths.standardize(path)
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
        return try runHookProgram(path, arguments: arguments, options: options, extraEnvironment: extraEnvironment)
    }

    /// The environment a hook runs with: the options' own, `extra`, and no editor (as
    /// `git commit -m`: a hook is not to start one). A `GIT_DIR` or `GIT_WORK_TREE` that
    /// chose this repository is passed on as absolute paths, as git passes them: the hook runs
    /// in another folder, where a relative one would name something else.
    func hookEnvironment(_ options: CommitOptions, _ extra: [String: String]) -> [String: String] {
        var env = options.environment
        if env["GIT_DIR"] != nil { env["GIT_DIR"] = gitDir }
        if env["GIT_WORK_TREE"] != nil, let workdir { env["GIT_WORK_TREE"] = workdir }
        for (k, v) in extra { env[k] = v }
        if env["GIT_EDITOR"] == nil { env["GIT_EDITOR"] = ":" }
        return env
    }

    /// ff's own hook `name` at `path`, when the file is exactly the script the caller knows
    /// and chains no other hook: it can be done in this process.
    func ownHook(_ name: String, at path: String, options: CommitOptions) -> InProcessHook? {
        guard let own = options.inProcess[name], access(path + ".ff-chained", X_OK) != 0,
              let bytes = FileManager.default.contents(atPath: path), bytes == Data(own.script.utf8) else { return nil }
        return own
    }

    /// Runs the hook at `path` as a program.
    func runHookProgram(_ path: String, arguments: [String], options: CommitOptions, extraEnvironment: [String: String]) throws -> Int32 {
        let env = hookEnvironment(options, extraEnvironment)
        let forward: ([UInt8]) -> Void = { options.output(String(decoding: $0, as: UTF8.self)) }
        let result = try Subprocess.run([path] + arguments, environment: env, directory: workdir ?? gitDir,
                                        capture: false, onStdout: forward, onStderr: forward)
        return result.status
    }
}

/// A hook ff can run in its own process: when the installed file is byte for byte `script`
/// and chains no other hook, `run` does what the script would and returns its exit status,
/// or nil to have the script run after all.
public struct InProcessHook {
    /// What the hook is given: its arguments and environment, and the tree of the commit to
    /// be made — the staged state. In process, no temporary index file is written for it:
    /// `GIT_INDEX_FILE` is absent, and a hook that needs an index file returns nil.
    public struct Call {
        public var arguments: [String]
        public var environment: [String: String]
        public var tree: ObjectID
    }

    public var script: String
    public var run: (Call) throws -> Int32?

    public init(script: String, run: @escaping (Call) throws -> Int32?) {
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
    /// The PATH of the environment ff was given, when `environment`'s differs (it puts ff's
    /// own folder first, for the hooks): the signing program is looked up and run with this
    /// one, as git looks it up, so that nothing beside ff can stand in for `gpg`.
    public var programSearchPath: String?

    public init(runHooks: Bool = false, environment: [String: String] = [:], interactive: Bool = false,
                output: @escaping (String) -> Void = { _ in }) {
        self.runHooks = runHooks
        self.environment = environment
        self.interactive = interactive
        self.output = output
    }
}
