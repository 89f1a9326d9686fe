import FailForward

/// How a workspace reports while it works; it never prints. The command line prints these
/// on stderr; a library user may log them or show them otherwise.
public protocol WorkspaceDelegate: AnyObject {
    /// Whether progress of long history walks is wanted at all (the command line: stderr is a
    /// terminal). When false, `progress` is never called.
    var wantsProgress: Bool { get }
    /// A long walk of history has read `commits` so far; `.done` when it has finished.
    func progress(_ progress: WorkspaceProgress)
    /// Something the user should know that did not stop the use case: one line, no prefix.
    func warning(_ text: String)
    /// A neutral remark (a file left as it is): one line, no prefix.
    func note(_ text: String)
    /// What settling an interrupted command did.
    func recovered(_ recovery: Recovery)
    /// The output of a hook or signing program run during a commit, as it wrote it.
    func hookOutput(_ text: String)
}

/// A long history walk under way.
public enum WorkspaceProgress: Sendable, Equatable {
    /// The timeline's walk of history.
    case history(commits: Int)
    /// The walk that finds every experiment's start, for the pre-registration lock.
    case lockHistory(commits: Int)
    /// Experiment files read so far, of all there are.
    case files(read: Int, of: Int)
    /// The walk has finished: erase what was shown.
    case done
}

/// What settling an interrupted command's journal did, one value per kind of outcome.
public enum Recovery: Sendable, Equatable {
    /// The journal was in a form this version does not settle; it was removed.
    case unreadableJournal(path: String)
    /// The interrupted commit had landed; the index was refreshed for these files.
    case finished(refreshed: [String])
    /// The interrupted command had changed nothing yet.
    case changedNothing
    /// These files were put back as they were (nothing of the command was committed).
    case restored([String])
    /// These files had changed since the command wrote them, and were kept as they are.
    case kept([String])
    /// Journal entries for files outside what ff restores, ignored.
    case refused([String], folder: String)
    /// The interrupted command had switched to a review branch that it did not commit on;
    /// the branch was removed and `branch` checked out again.
    case switchedBack(branch: String, removed: String)
}

/// A delegate that drops everything: for library users that need no reports.
public final class SilentDelegate: WorkspaceDelegate {
    public init() {}
    public var wantsProgress: Bool { false }
    public func progress(_ progress: WorkspaceProgress) {}
    public func warning(_ text: String) {}
    public func note(_ text: String) {}
    public func recovered(_ recovery: Recovery) {}
    public func hookOutput(_ text: String) {}
}
