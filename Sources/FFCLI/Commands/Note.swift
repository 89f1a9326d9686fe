import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Note: WorkspaceCommand {
        static let configuration = CommandConfiguration(abstract: "Record an observation on a running experiment.")
        static let textArguments: Set<String> = ["text"]
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Argument(help: "What you observed.")
        var text: String

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let e = try doc.experiment.noted(text, at: identity.date)
                try ws.lintLanguage([("the observation", text)])
                try doc.update(to: e)
                return .change(action: .note, experiments: [e], body: [e.observations.last!.text])
            }
            let count = stored.experiment.observations.count
            CommitReport.print("Noted on \(ctx.painter.bold(stored.experiment.id)) (\(count) observation\(count == 1 ? "" : "s"))", result, experiments: [stored.experiment.id], in: ctx)
        }
    }
}
