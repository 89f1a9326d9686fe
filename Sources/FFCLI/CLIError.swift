import FailForward

/// Errors of the command line itself: a request that cannot be carried out as given, an
/// editor that failed, a prompt answered no.
public enum CLIError: Error, CustomStringConvertible, Equatable {
    case usage(String)
    case editorFailed(String, Int32)
    case cancelled(String)

    public var description: String {
        switch self {
        case let .usage(text):
            return text
        case let .editorFailed(cmd, status):
            return "the editor '\(SafeText.line(cmd))' exited with status \(status); nothing was changed"
        case let .cancelled(what):
            return "\(what): cancelled, nothing was changed"
        }
    }
}
