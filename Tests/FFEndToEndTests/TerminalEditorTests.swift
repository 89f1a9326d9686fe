import Foundation
import TestSupport
import Testing

/// The editor of `ff new` and `ff edit` on a real terminal: the built ff is typed into an
/// interactive shell (with job control, as a person's) in a tmux pane, and real vim, nano and
/// emacs are driven with keys. The editor must own the terminal: before, it was started in a
/// process group of its own and stopped at once (state T) with nothing on the screen.
@Suite struct TerminalEditorTests {
    static let hasTmux = onPath("tmux") != nil && onPath("bash") != nil
    /// The editor's process state is read from /proc (Linux).
    static let hasProc = FileManager.default.fileExists(atPath: "/proc/self/stat")

    /// Types into the template of `ff new` and into the file of `ff edit`, saves and quits; both
    /// commits land with what was typed. In vim, Ctrl-C first: it is the editor's, ff waits on.
    @Test(.enabled(if: hasTmux, "tmux (and bash) are not installed"), .enabled(if: hasProc, "no /proc to read process states from"),
          .enabled(if: onPath("vim") != nil, "vim is not installed"))
    func vimOwnsTheTerminal() throws {
        try newAndEdit(visual: "vim -u NONE -N", program: "vim", interruptFirst: true) { search, text in
            [.key("Escape"), .text("/^" + search), .key("Enter"), .text("A " + text), .key("Escape"), .text(":wq"), .key("Enter")]
        }
    }

    @Test(.enabled(if: hasTmux, "tmux (and bash) are not installed"), .enabled(if: hasProc, "no /proc to read process states from"),
          .enabled(if: onPath("nano") != nil, "nano is not installed"))
    func nanoOwnsTheTerminal() throws {
        try newAndEdit(visual: "nano --ignorercfiles", program: "nano") { search, text in
            [.key("C-w"), .text(search), .key("Enter"), .key("End"), .text(" " + text), .key("C-o"), .key("Enter"), .key("C-x")]
        }
    }

    @Test(.enabled(if: hasTmux, "tmux (and bash) are not installed"), .enabled(if: hasProc, "no /proc to read process states from"),
          .enabled(if: onPath("emacs") != nil, "emacs is not installed"))
    func emacsOwnsTheTerminal() throws {
        try newAndEdit(visual: "emacs -nw -Q", program: "emacs") { search, text in
            [.key("C-s"), .text(search), .key("Enter"), .key("C-e"), .text(" " + text), .key("C-x"), .key("C-s"), .key("C-x"), .key("C-c")]
        }
    }

    /// A line-mode editor leaves the terminal sending SIGINT on Ctrl-C, to the whole foreground
    /// group: the editor handles it (this one ignores it), and ff, as git does, ignores it while
    /// the editor runs, then commits what was typed.
    @Test(.enabled(if: hasTmux, "tmux (and bash) are not installed"), .enabled(if: hasProc, "no /proc to read process states from"))
    func ctrlCInALineModeEditorIsTheEditorsNotFFs() throws {
        let dir = TempDir("ff-tty-repo"), home = TempDir("ff-tty-home")
        let editor = dir.file(".git/lineeditor")
        var env = isolatedEnvironment(home: home.path)
        let ff = ffExecutable()
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        try """
            #!/bin/sh
            trap '' INT QUIT
            grep '^hypothesis:' "$1"
            printf 'new hypothesis> '
            read -r text || exit 1
            sed "s/^hypothesis:.*/hypothesis: $text/" "$1" > "$1.new" && cat "$1.new" > "$1" && rm "$1.new"

            """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        // exec: no shell between ff and the editor (a non-interactive dash dies of Ctrl-C).
        env["VISUAL"] = "exec " + editor
        let tty = try TerminalSession(environment: env)
        try tty.runAndEdit([ff, "new", "Typed in a line editor"], in: dir.path, environment: env, program: "lineeditor",
                           keys: [.key("C-c"), .text("If lines, then saved."), .key("Enter")])
        let git = Git(dir.path, environment: env)
        let path = try git("show", "HEAD", "--name-only", "--format=")
        #expect(try git("log", "-1", "--format=%s").hasSuffix(": Typed in a line editor"))
        #expect(try git("show", "HEAD:" + path).contains("\nhypothesis: If lines, then saved.\n"))
    }

    /// `ff new "<title>"` with no flags, then `ff edit <id>`, each in the pane with `visual` as
    /// the editor; `keys(search, text)` appends `text` to the line starting with `search`, saves
    /// and quits.
    func newAndEdit(visual: String, program: String, interruptFirst: Bool = false,
                    keys: (_ search: String, _ text: String) -> [TerminalSession.Key]) throws {
        let dir = TempDir("ff-tty-repo"), home = TempDir("ff-tty-home")
        var env = isolatedEnvironment(home: home.path)
        env["VISUAL"] = visual
        let ff = ffExecutable()
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        let git = Git(dir.path, environment: env)
        let tty = try TerminalSession(environment: env)

        let title = "Typed in \(program)"
        try tty.runAndEdit([ff, "new", title], in: dir.path, environment: env, program: program,
                           interruptFirst: interruptFirst, keys: keys("hypothesis:", "If typed, then saved."))
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try git("log", "-1", "--format=%s") == "new \(id): \(title)")
        let path = try git("show", "HEAD", "--name-only", "--format=")
        #expect(try git("show", "HEAD:" + path).contains("\nhypothesis: If typed, then saved.\n"))

        try tty.runAndEdit([ff, "edit", id], in: dir.path, environment: env, program: program,
                           keys: keys("hypothesis:", "Edited."))
        #expect(try git.trailers().contains("FF-Action: edit"))
        #expect(try git("show", "HEAD:" + path).contains("\nhypothesis: If typed, then saved. Edited.\n"))
        #expect(try dir.read(path) == (try git("show", "HEAD:" + path)) + "\n")
        #expect(try git("status", "--porcelain") == "")
        #expect(try git("rev-list", "--count", "HEAD") == "3")
    }
}

/// A tmux server on a socket of its own (under a temporary TMUX_TMPDIR), with one 100×30
/// pane running an interactive bash; every wait is bounded.
final class TerminalSession {
    enum Key {
        /// Typed as it is.
        case text(String)
        /// A tmux key name: `Enter`, `Escape`, `C-x`, `End`.
        case key(String)
    }

    struct Failed: Error, CustomStringConvertible {
        var args: [String]
        var status: Int32
        var stderr: String
        var description: String { "tmux \(args.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var screen: String
        var description: String { "timed out waiting for \(what); the screen:\n\(screen)" }
    }

    let tmp = TempDir("ff-tmux")
    let socket = "ff-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let environment: [String: String]
    let tmux: String

    init(environment base: [String: String]) throws {
        var env = base
        env["TMUX_TMPDIR"] = tmp.path
        env.removeValue(forKey: "TMUX")
        environment = env
        tmux = onPath("tmux") ?? "tmux"
        let bash = onPath("bash") ?? "bash"
        try startServer(["-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "exec \(bash) --norc --noprofile -i"])
    }

    /// The first tmux command forks the server, which lives on holding every descriptor it was
    /// given. Foundation's `Process` learns that a child ended when a socket the child holds is
    /// closed, so a server started through it (or holding the socket of another test's child)
    /// makes that wait hang. So the server is started with posix_spawn and nothing but
    /// /dev/null and a file for its messages.
    func startServer(_ args: [String]) throws {
        let errors = tmp.file("tmux-errors")
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?, attr: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t(), attr = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let closeFrom = Self.addclosefrom { _ = closeFrom(&actions, 3) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([tmux, "-L", socket] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        // The test's threads block most signals, and a mask is inherited: the server would
        // not even hear the SIGTERM that kill-server sends it.
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux, &actions, &attr, argv, envp)
        guard spawned == 0 else { throw Failed(args: args, status: spawned, stderr: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failed(args: args, status: status, stderr: message)
        }
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), which Swift does not import.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    private static let addclosefrom: AddCloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    deinit {
        // Anything still running in the pane (an editor that never showed) goes with the server.
        for pid in descendants() { kill(pid, SIGKILL) }
        _ = try? call("kill-server")
    }

    @discardableResult
    func call(_ args: String...) throws -> String {
        try call(args)
    }

    @discardableResult
    func call(_ args: [String]) throws -> String {
        let r = try run(tmux, ["-L", socket] + args, environment: environment)
        guard r.status == 0 else { throw Failed(args: args, status: r.status, stderr: r.stderr) }
        return r.stdout
    }

    func screen() -> String { (try? call("capture-pane", "-p")) ?? "" }

    func send(_ keys: [Key]) throws {
        for k in keys {
            switch k {
            case let .text(s): try call("send-keys", "-l", s)
            case let .key(name): try call("send-keys", name)
            }
        }
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    func waitUntil(_ what: String, seconds: TimeInterval = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(50_000)
        }
        throw Timeout(what: what, screen: screen())
    }

    /// Types `command` into the shell (run from a script that records its exit status), waits
    /// for `program` to show the file, checks that it runs in the terminal's foreground process
    /// group and is not stopped, sends `keys`, and waits for the command to end with status 0.
    func runAndEdit(_ command: [String], in dir: String, environment env: [String: String], program: String,
                    interruptFirst: Bool = false, keys: [Key]) throws {
        let script = tmp.file("run-\(UInt32.random(in: 0...UInt32.max)).sh"), status = script + ".status"
        let exports = env.sorted { $0.key < $1.key }.map { "export \($0.key)=\(shellQuoted($0.value))" }
        let text = (["cd \(shellQuoted(dir)) || exit 1"] + exports + [command.map(shellQuoted).joined(separator: " "),
                    "echo $? > \(shellQuoted(status)).tmp && mv \(shellQuoted(status)).tmp \(shellQuoted(status))"])
            .joined(separator: "\n") + "\n"
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        // bash, which outlives a Ctrl-C its child survives (a dash script would die of it).
        try call("send-keys", "-l", "clear; bash \(shellQuoted(script))")
        try call("send-keys", "Enter")

        try waitUntil("\(program) to show the file") { screen().contains("hypothesis:") }
        // The editor itself, not what it starts (emacs starts a helper of the same name).
        let editors = descendants().filter { pid in
            guard let s = processStat(pid), s.command == program else { return false }
            return processStat(s.parent)?.command != program
        }
        #expect(editors.count == 1, "\(program) processes under the pane: \(editors)")
        for pid in editors {
            let stat = try #require(processStat(pid))
            #expect(stat.state != "T", "\(program) is stopped")
            #expect(stat.processGroup == stat.foregroundGroup, "\(program) is not in the terminal's foreground process group")
        }
        if interruptFirst {
            try send([.key("C-c")])
            usleep(300_000)
        }
        try send(keys)
        try waitUntil("the command to finish") { FileManager.default.fileExists(atPath: status) }
        let code = try String(contentsOfFile: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "0", "exit status \(code); the screen:\n\(screen())")
    }

    /// The processes below the pane's shell.
    func descendants() -> [pid_t] {
        guard let top = (try? call("display-message", "-p", "#{pane_pid}")).flatMap({ pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else { return [] }
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
        var parents: [pid_t: pid_t] = [:]
        for pid in all { if let s = processStat(pid) { parents[pid] = s.parent } }
        var found: [pid_t] = [], frontier: Set<pid_t> = [top]
        while !frontier.isEmpty {
            let children = parents.filter { frontier.contains($0.value) }.map(\.key)
            found += children
            frontier = Set(children)
        }
        return found
    }

    struct ProcessStat {
        var command: String
        var state: String
        var parent: pid_t
        var processGroup: pid_t
        var foregroundGroup: pid_t
    }

    /// `/proc/<pid>/stat`: `pid (comm) state ppid pgrp session tty_nr tpgid …`, what `ps -o
    /// stat,pgid,tpgid` shows.
    func processStat(_ pid: pid_t) -> ProcessStat? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let command = String(text[text.index(after: open)..<close])
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 5, let parent = pid_t(fields[1]), let group = pid_t(fields[2]), let foreground = pid_t(fields[5])
        else { return nil }
        return ProcessStat(command: command, state: String(fields[0]), parent: parent, processGroup: group, foregroundGroup: foreground)
    }
}

/// The full path of `name` on the test process's PATH, when it is there.
func onPath(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// `s` in single quotes for sh.
func shellQuoted(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
