import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
    /// For the commit-msg hook: the trailers of the staged change, one per line.
    struct Trailers: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the FF- trailers for the staged change (used by the commit-msg hook).",
            shouldDisplay: false)
        @OptionGroup var global: GlobalOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            for t in try ws.stagedTrailers() { ctx.console.out("\(t.key): \(t.value)\n") }
        }
    }
}
