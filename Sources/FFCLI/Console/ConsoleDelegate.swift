import FFWorkspace
import FailForward

/// The workspace's reports, printed on stderr as ff's lines.
final class ConsoleDelegate: WorkspaceDelegate {
    private let ctx: Context

    init(_ ctx: Context) {
        self.ctx = ctx
    }

    /// Progress only on a terminal that can erase a line.
    var wantsProgress: Bool { ctx.console.stderrIsTerminal && ctx.environment["TERM"] != "dumb" }

    func progress(_ progress: WorkspaceProgress) {
        switch progress {
        case let .history(commits):
            ctx.console.err("\rff: reading history… \(commits) commits")
        case let .lockHistory(commits):
            ctx.console.err("\rff: reading history for the pre-registration lock: \(commits) commits")
        case let .files(read, total):
            ctx.console.err("\rff: reading \(read)/\(total)…")
        case .done:
            ctx.console.err("\r\u{1B}[K")
        }
    }

    func warning(_ text: String) {
        ctx.console.err("ff: warning: " + SafeText.line(text) + "\n")
    }

    func note(_ text: String) {
        ctx.console.err("ff: note: " + text + "\n")
    }

    func hookOutput(_ text: String) {
        ctx.console.err(text)
    }

    func recovered(_ recovery: Recovery) {
        func list(_ paths: [String]) -> String { paths.map(SafeText.line).joined(separator: ", ") }
        switch recovery {
        case let .unreadableJournal(path):
            ctx.console.err("ff: warning: an interrupted ff command left \(path) in a form this version does not settle; check your experiment files with git status and git diff\n")
        case let .finished(refreshed):
            ctx.console.err("ff: finished an interrupted ff command (its commit had landed): refreshed the index for \(list(refreshed))\n")
        case .changedNothing:
            ctx.console.err("ff: recovered from an interrupted ff command: it had changed nothing yet\n")
        case let .restored(paths):
            ctx.console.err("ff: recovered from an interrupted ff command: put back \(list(paths)) (nothing of it was committed)\n")
        case let .kept(paths):
            ctx.console.err("ff: warning: an interrupted ff command had changed \(list(paths)), and the file has changed since; ff kept it as it is (nothing of the interrupted command was committed: check it with git diff)\n")
        case let .refused(paths, folder):
            ctx.console.err("ff: warning: ignored a journal entry for \(list(paths)): ff only restores files inside \(folder)/\n")
        case let .switchedBack(branch, removed):
            ctx.console.err("ff: recovered from an interrupted ff command: removed the review branch \(SafeText.line(removed)) it had made, back on \(SafeText.line(branch))\n")
        }
    }
}

extension Workspace {
    /// Opens the workspace around the context's folder, reporting to its console.
    static func open(_ ctx: Context) throws -> Workspace {
        try open(ctx.workspaceEnvironment, delegate: ConsoleDelegate(ctx))
    }

    /// Opens the workspace for a command that commits, with its `--no-verify` and `--here`.
    static func open(_ ctx: Context, _ flags: CommitFlags) throws -> Workspace {
        let ws = try open(ctx)
        ws.verify = !flags.noVerify
        ws.here = flags.here
        return ws
    }
}
