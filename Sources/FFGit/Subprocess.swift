#if canImport(Glibc)
import Glibc
#endif

/// Runs the programs git would run — hooks and signing programs — with an explicit
/// environment (never the process's own: tests run commands side by side in one process),
/// output read as it comes (a child that writes a lot never blocks on a full pipe), and,
/// for programs that could wait on a prompt, a new session and a deadline.
public enum Subprocess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, Int32)
        case notFound(String)

        var description: String {
            switch self {
            case let .cannotStart(program, err): return "cannot run \(program): \(String(cString: strerror(err)))"
            case let .notFound(program): return "cannot run \(program): not found on PATH"
            }
        }
    }

    /// What a program printed and how it ended, for a front end that runs one (the git CLI
    /// to fetch a site's sources, pagefind to index it): `status` -1 when it was killed at
    /// the deadline.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
    }

    /// Runs a program without a terminal (a new session, stdin from /dev/null) until it ends
    /// or `timeout` passes, and returns its output.
    public static func capture(_ arguments: [String], environment: [String: String], directory: String? = nil,
                               timeout: TimeInterval) throws -> Output {
        let r = try run(arguments, environment: environment, directory: directory, newSession: true, timeout: timeout)
        return Output(status: r.timedOut ? -1 : r.status, stdout: String(decoding: r.stdout, as: UTF8.self),
                      stderr: String(decoding: r.stderr, as: UTF8.self), timedOut: r.timedOut)
    }

    /// Runs `arguments[0]` (searched on `environment`'s PATH when it has no slash) in
    /// `directory`. stdin comes from `stdinFile` (or /dev/null). With `newSession`, the child
    /// has no controlling terminal, so a program that would prompt on /dev/tty fails at once
    /// instead of waiting. `onStdout`/`onStderr` get output as it arrives; it is also returned
    /// when `capture` is set.
    static func run(
        _ arguments: [String], environment: [String: String], directory: String? = nil,
        stdinFile: String? = nil, newSession: Bool = false, timeout: TimeInterval? = nil, capture: Bool = true,
        onStdout: (([UInt8]) -> Void)? = nil, onStderr: (([UInt8]) -> Void)? = nil
    ) throws -> Result {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw Failure.cannotStart(arguments[0], errno) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw Failure.cannotStart(arguments[0], errno)
        }

        var actions = emptySpawnFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinFile ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }

        let pid: pid_t
        do {
            pid = try spawn(arguments, environment: environment, directory: directory, actions: &actions,
                            newSession: newSession, defaultSignals: [SIGPIPE])
        } catch {
            for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { close(fd) }
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])

        var result = Result(status: -1, stdout: [], stderr: [], timedOut: false)
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 {
                    result.timedOut = true
                    kill(newSession ? -pid : pid, SIGKILL)
                    break
                }
                wait = Int32(min(left * 1000, 1000))
            }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            for f in fds where f.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(f.fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    close(f.fd)
                    open.removeAll { $0 == f.fd }
                    continue
                }
                let chunk = Array(buffer[0..<n])
                if f.fd == outPipe[0] {
                    onStdout?(chunk)
                    if capture { result.stdout += chunk }
                } else {
                    onStderr?(chunk)
                    if capture { result.stderr += chunk }
                }
            }
        }
        for fd in open { close(fd) }
        result.status = waitForExit(pid)
        return result
    }

    /// Runs a program on ff's own terminal, as git runs an editor: stdin, stdout and stderr
    /// inherited, in ff's process group (the terminal's foreground group, so the program may
    /// read and draw on the terminal; a new group would be stopped by SIGTTIN/SIGTTOU the moment
    /// it touched it). While it runs, ff ignores SIGINT and SIGQUIT, which the terminal sends to
    /// the whole group: the program decides what Ctrl-C means and ff waits for it. Returns the
    /// exit status (128 + the signal when it was killed).
    public static func runOnTerminal(_ arguments: [String], environment: [String: String], directory: String? = nil) throws -> Int32 {
        var actions = emptySpawnFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Ignored before the spawn, so that no Ctrl-C can fall between; the child gets the
        // default dispositions back.
        let oldInterrupt = signal(SIGINT, SIG_IGN)
        let oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInterrupt)
            signal(SIGQUIT, oldQuit)
        }
        let pid = try spawn(arguments, environment: environment, directory: directory, actions: &actions,
                            newSession: false, defaultSignals: [SIGPIPE, SIGINT, SIGQUIT])
        return waitForExit(pid)
    }

    /// Starts `arguments[0]` (searched on the environment's PATH when it has no slash) with
    /// `actions`, in `directory`, the signals in `defaultSignals` set back to their default
    /// in the child; in ff's own process group unless `newSession` gives it a session (and
    /// group) of its own, without a controlling terminal.
    private static func spawn(
        _ arguments: [String], environment: [String: String], directory: String?,
        actions: inout SpawnFileActions, newSession: Bool, defaultSignals: [Int32]
    ) throws -> pid_t {
        guard let program = resolve(arguments[0], path: environment["PATH"]) else {
            throw Failure.notFound(arguments[0])
        }
        var attr = emptySpawnAttributes()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // ff ignores SIGPIPE for itself; its children get the default back, as from git.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in defaultSignals { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        // A signal mask is inherited through exec, and the thread that spawns may block some
        // (test runners' threads block most): the child starts with none blocked.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attr, &unblocked)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        // A new session: no controlling tty.
        if newSession { flags |= spawnSetSID }
        posix_spawnattr_setflags(&attr, Int16(flags))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }

        var pid: pid_t = 0
        var spawned: Int32 = 0
        var viaShell = false
        if let directory {
            if let addchdir = Self.addchdir {
                _ = addchdir(&actions, directory)
            } else {
                viaShell = true
            }
        }
        // Without a chdir action (an old libc), /bin/sh changes directory, then execs.
        let shellArgs = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory ?? "", program] + arguments.dropFirst()
        let shArgv: [UnsafeMutablePointer<CChar>?] = shellArgs.map { strdup($0) } + [nil]
        defer { for p in shArgv { free(p) } }
        for attempt in 0..<50 {
            if viaShell {
                spawned = posix_spawn(&pid, "/bin/sh", &actions, &attr, shArgv, envp)
            } else {
                spawned = posix_spawn(&pid, program, &actions, &attr, argv, envp)
            }
            // A script just written (a hook ff installed) is "busy" while a process forked
            // meanwhile still holds it open for writing; that passes in moments.
            guard spawned == ETXTBSY, attempt < 49 else { break }
            usleep(20_000)
        }
        guard spawned == 0 else { throw Failure.cannotStart(arguments[0], spawned) }
        return pid
    }

    /// Waits for `pid` to end (through interrupted waits) and returns its exit status, or
    /// 128 + the signal that killed it.
    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15), which Swift does not
    /// import; looked up at run time.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<SpawnFileActions>, UnsafePointer<CChar>) -> Int32
    private static let addchdir: AddChdir? = {
        #if canImport(Darwin)
        let everything = RTLD_DEFAULT
        #else
        let everything = dlopen(nil, RTLD_NOW)
        #endif
        guard let symbol = dlsym(everything, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// `name` found on `path` (colon-separated) as execvp would: the first executable regular
    /// file (a folder of that name is passed over, as execvp passes it over). A name with a
    /// slash is taken as it is; nil when nothing on the path matches (never the name alone,
    /// which posix_spawn would take relative to the current folder).
    static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") { return name }
        guard !name.isEmpty else { return nil }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            var st = stat()
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
