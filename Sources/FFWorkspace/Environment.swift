import FFGit
import FailForward

/// What a workspace takes from the outside world, passed in rather than read from globals,
/// so that use cases run side by side in one process.
public struct Environment: @unchecked Sendable {
    /// The process environment the workspace acts in (identity, hooks, `GIT_*`, `FF_FAULT`).
    public var variables: [String: String]
    /// The folder the use case runs in (after `-C`).
    public var directory: String
    public var now: () -> Date
    /// Whether a person is at the keyboard: hooks and signing programs may prompt.
    public var isInteractive: Bool
    /// The tree of the commit being made, for ff's own pre-commit check run in process:
    /// what the check reads instead of an index file.
    package var stagedTree: ObjectID?

    public init(variables: [String: String], directory: String, now: @escaping () -> Date = Date.init,
                isInteractive: Bool = false) {
        self.variables = variables
        self.directory = directory
        self.now = now
        self.isInteractive = isInteractive
    }
}
