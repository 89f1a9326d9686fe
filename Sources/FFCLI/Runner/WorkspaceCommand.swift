import ArgumentParser
import FFWorkspace
import FailForward

/// A command that works in a repository with ff set up. Its `run(in:)` opens the workspace
/// (with the command's `--no-verify` and `--here` when it commits) and hands it over, so the
/// command's own `run` reads like what the user asked; the unit of work takes the locks, and
/// `FFMain` turns any error into ff's line and exit code (`ErrorReport`).
protocol WorkspaceCommand: FFRunnable {
    func run(_ ws: Workspace, in ctx: Context) throws
    /// The commit flags of a command that commits; nil for one that only reads.
    var commitFlags: CommitFlags? { get }
}

extension WorkspaceCommand {
    var commitFlags: CommitFlags? { nil }

    func run(in ctx: Context) throws {
        let ws = try commitFlags.map { try Workspace.open(ctx, $0) } ?? Workspace.open(ctx)
        try run(ws, in: ctx)
    }
}
