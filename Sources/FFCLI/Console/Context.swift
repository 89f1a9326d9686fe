import FFWorkspace
import FailForward

/// Where a command's output goes. The live one writes to the process's streams; tests
/// capture it.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private var writeOutBytes: ([UInt8]) -> Void
    private let writeErr: (String) -> Void
    private let readLineInput: () -> String?
    private let terminalWidth: () -> Int?
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    public let stdinIsTerminal: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, readLine: @escaping () -> String? = { nil },
                stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false, stdinIsTerminal: Bool = false,
                terminalWidth: @escaping () -> Int? = { nil }) {
        writeOut = out
        writeOutBytes = { out(String(decoding: $0, as: UTF8.self)) }
        writeErr = err
        readLineInput = readLine
        self.terminalWidth = terminalWidth
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.stdinIsTerminal = stdinIsTerminal
    }

    public static func live() -> Console {
        let c = Console(
            out: { s in writeAll(1, Array(s.utf8)) },
            err: { s in writeAll(2, Array(s.utf8)) },
            readLine: { Swift.readLine(strippingNewline: true) },
            stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1, stdinIsTerminal: isatty(0) == 1,
            terminalWidth: {
                var size = winsize()
                guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
                return Int(size.ws_col)
            }
        )
        c.writeOutBytes = { writeAll(1, $0) }
        return c
    }

    /// Writes every byte, retrying short writes; a closed pipe (`ff list | head`) ends quietly.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = systemWrite(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    public func out(_ s: String) { writeOut(s) }
    /// Bytes to stdout, as they are (large outputs skip a String round trip).
    public func write(_ bytes: [UInt8]) { writeOutBytes(bytes) }
    public func err(_ s: String) { writeErr(s) }
    public func readLine() -> String? { readLineInput() }
    /// The columns of the terminal stdout is, when it is one and says.
    public func terminalColumns() -> Int? { stdoutIsTerminal ? terminalWidth() : nil }
}

/// Everything a command needs from the outside world, passed in rather than read from
/// globals, so commands run side by side in one process under test.
public struct Context: @unchecked Sendable {
    public var environment: [String: String]
    /// The folder the command runs in (after `-C`).
    public var directory: String
    public var console: Console
    public var now: () -> Date
    /// Runs an editor command line on a file; returns the exit status.
    public var runEditor: (_ command: String, _ file: String) throws -> Int32
    /// Told of each commit a command makes, with the experiments it changed and the line that
    /// reports it (a front end that runs commands, as `ff mcp` does, answers with them).
    public var onCommit: ((_ commit: Committed, _ experiments: [String], _ summary: String) -> Void)?

    public init(environment: [String: String], directory: String, console: Console,
                now: @escaping () -> Date = Date.init,
                runEditor: @escaping (String, String) throws -> Int32 = Editor.run) {
        self.environment = environment
        self.directory = directory
        self.console = console
        self.now = now
        self.runEditor = runEditor
    }

    public static func live() -> Context {
        Context(environment: ProcessInfo.processInfo.environment,
                directory: FileManager.default.currentDirectoryPath,
                console: .live())
    }

    /// Colour on stdout only on a terminal, never with `NO_COLOR` or `TERM=dumb`.
    public var painter: Painter {
        Painter(enabled: console.stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    public var errPainter: Painter {
        Painter(enabled: console.stderrIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    /// The width tables and lists are fitted to: `COLUMNS` when it is a positive number (as
    /// the shell sets it, or to ask for a width), else the width of the terminal stdout is;
    /// nil, no limit, when stdout is a file or a pipe.
    public var columns: Int? {
        if let value = environment["COLUMNS"]?.trimmed(.whitespaces), let n = Int(value), n > 0 {
            return min(n, 100_000)
        }
        return console.terminalColumns()
    }

    /// Whether a person is at the keyboard: prompts and editors are allowed.
    public var isInteractive: Bool {
        console.stdinIsTerminal && console.stdoutIsTerminal && environment["TERM"] != "dumb"
    }

    /// What the workspace is given of this context.
    var workspaceEnvironment: Environment {
        Environment(variables: environment, directory: directory, now: now, isInteractive: isInteractive)
    }

    /// `-C path`, relative to the current directory, as git applies it.
    public func changingDirectory(to path: String) -> Context {
        var c = self
        c.directory = path.hasPrefix("/") ? path : Paths.join(directory, path)
        return c
    }
}

/// Running the user's editor the way git does: `$VISUAL`, `$EDITOR`, through the shell.
public enum Editor {
    public static func command(environment env: [String: String], gitEditor: String?) -> String {
        for key in ["VISUAL", "EDITOR"] {
            if let v = env[key], !v.trimmed(.whitespaces).isEmpty { return v }
        }
        if let g = gitEditor, !g.isEmpty { return g }
        return "vi"
    }

    /// Runs `command` on `file` on ff's terminal, in ff's process group as git does (the
    /// editor must be in the terminal's foreground group to read keys and draw; Foundation's
    /// `Process` would start it in a group of its own, where it is stopped at once). This is
    /// the live editor, so it is given the process's environment, which is the live context's.
    public static func run(_ command: String, _ file: String) throws -> Int32 {
        try TerminalProgram.run(["/bin/sh", "-c", command + " \"$@\"", command, file],
                                environment: ProcessInfo.processInfo.environment)
    }
}
