import ArgumentParser
import FFWorkspace
import FailForward

/// The one table from an error to what the user sees and the exit code. ff's own errors are
/// one `ff: ` line and exit 1: the core and the git adapter state the facts, and this table
/// adds the flag or command that helps. A usage error is the same line in ff's words, then
/// the usage of the command it concerns, exit 64; help and version as argument-parser
/// renders them.
enum ErrorReport {
    /// Writes what the user sees of `error` (given `words`, the arguments as arranged) and
    /// returns the exit code.
    static func report(_ error: Error, in ctx: Context, words: [String] = []) -> Int32 {
        let p = ctx.errPainter
        if let e = error as? ExitCode { return e.rawValue }
        if case let .lintRefused(messages) = error as? WorkspaceError {
            // Every finding on a line of its own; the last with what to do.
            for m in messages.dropLast() { ctx.console.err(p.red("ff: ") + SafeText.line(m) + "\n") }
        }
        if let text = message(for: error) {
            ctx.console.err(p.red("ff: ") + SafeText.line(text) + "\n")
            return 1
        }
        let code = FFCommand.exitCode(for: error)
        if code == .success {
            ctx.console.out(FFCommand.fullMessage(for: error) + "\n")
            return code.rawValue
        }
        guard code == .validationFailure else {
            ctx.console.err(FFCommand.fullMessage(for: error) + "\n")
            return code.rawValue
        }
        let (message, command) = FFMain.usageError(error, words: words)
        ctx.console.err(p.red("ff: ") + SafeText.line(message) + "\n")
        let usage = command.map { FFCommand.usageString(for: $0) } ?? FFCommand.usageString()
        ctx.console.err("Usage: " + usage.trimmed() + "\n")
        return code.rawValue
    }

    /// What the user reads for one of ff's own errors (without `ff: `), or nil for any other
    /// (argument-parser's, which `report` renders as it renders them).
    static func message(for error: Error) -> String? {
        switch error {
        case let e as LifecycleError: return lifecycle(e)
        case let e as ReviewError: return review(e)
        case let e as HookError: return hook(e)
        case is WorkspaceError, is CLIError, is FileError, is GitError, is CommitError, is IdentityError, is ReviewBranch.Refusal, is SigningError,
             is IndexLockError, is AtomicFile.Failure, is DebriefTemplate.Problem:
            return String(describing: error)
        default: return nil
        }
    }

    /// `message(for:)`, or the error's own description: for an error shown where the command
    /// goes on (an edit that does not validate, offered again).
    static func text(for error: Error) -> String {
        message(for: error) ?? String(describing: error)
    }

    private static func lifecycle(_ e: LifecycleError) -> String {
        switch e {
        case let .invalidTransition(id, _, status) where Lifecycle.allowedCommands(from: status).isEmpty:
            return "\(e); publish the next test with ff new --follows \(id)"
        case let .notReady(id, _):
            return "\(e) (add them with ff edit \(id))"
        case let .emptyText(what, field?):
            return "\(what) (\(flag(field))) is empty"
        case .timeboxOutOfBounds:
            return "\(e): change the plan with ff edit, or the bounds there"
        case let .lockedFieldsChanged(id, _):
            return "\(e): declare the change with ff amend \(id) --reason \"…\""
        case let .nothingLockedChanged(id):
            return "\(e): use ff edit \(id) for other fields"
        case .invalidTransition, .emptyText:
            return e.description
        }
    }

    /// The flag that gives a transition's prose field (`ff conclude --returned`, `ff amend --reason`).
    private static func flag(_ field: LifecycleError.TextField) -> String {
        switch field {
        case .returned: return "--returned"
        case .reason: return "--reason"
        }
    }

    private static func review(_ e: ReviewError) -> String {
        switch e {
        case let .noSuchNote(id, _, _):
            return "\(e) (ff review \(id) lists them)"
        case let .lineOutOfRange(path, line, lines):
            // The line came from the flag: named as the user typed it.
            return "--line \(line) is past the end of \(path) (\(lines) lines)"
        case let .notConcluded(id, _):
            return "\(e) (ff conclude \(id) --outcome … --returned …)"
        case .alreadyResolved:
            return e.description
        }
    }

    private static func hook(_ e: HookError) -> String {
        guard let (hook, status) = e.refusingHook else { return String(describing: e) }
        return "the \(hook) hook refused the commit (exit status \(status)); nothing was committed and the file is as it was (the hook's output is above; --no-verify skips hooks)"
    }
}
