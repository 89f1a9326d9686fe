import FailForward

/// Errors of the workspace's use cases, each one line that says what is wrong and what to do.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    case notARepository(String)
    case notInitialised
    case unknownRef(String, suggestions: [String])
    case ambiguousRef(String, candidates: [String])
    case refTooShort(String)
    case notAnExperimentPath(String)
    case unsafePath(String)
    /// A request the workspace refuses, with what to do instead.
    case usage(String)
    /// Text to record that the neutral-language lint refuses (`lint.level: error`): each finding.
    case lintRefused([String])
    case indexLocked(String)
    case io(String)
    case lockTimeout(String)

    public var description: String {
        switch self {
        case let .notARepository(path):
            return "not a git repository: \(SafeText.line(path)) (run ff init to create one)"
        case .notInitialised:
            return "ff is not set up in this repository: run ff init"
        case let .unknownRef(ref, suggestions):
            let hint = suggestions.isEmpty ? "; ff list shows them all" : "; did you mean \(suggestions.joined(separator: ", "))?"
            return "no experiment matches '\(SafeText.line(ref))'\(hint)"
        case let .ambiguousRef(ref, candidates):
            return "'\(SafeText.line(ref))' matches \(candidates.count) experiments: \(candidates.joined(separator: ", ")); give more of the id"
        case let .refTooShort(ref):
            return "'\(SafeText.line(ref))' is too short: give at least 4 characters of the id, the slug or the path"
        case let .notAnExperimentPath(path):
            return "\(SafeText.line(path)) is not an experiment file under the experiments folder"
        case let .unsafePath(path):
            return "\(SafeText.line(path)) is, or lies under, a symbolic link: ff never writes through links"
        case let .usage(text):
            return text
        case let .indexLocked(path):
            return "\(SafeText.line(path)) exists: another git process is running (or one crashed; if none is running, remove that file)"
        case let .io(text):
            return text
        case let .lintRefused(messages):
            return (messages.last ?? "") + " (lint.level is error in \(FFConfig.path): rephrase it, or mark a quotation with \"…\" or a leading >; nothing was changed)"
        case let .lockTimeout(path):
            return "another ff process has held \(SafeText.line(path)) for too long; try again"
        }
    }
}
