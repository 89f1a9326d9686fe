import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Abandon: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Abandon a draft or running experiment, with the reason (still a learning).",
            discussion: "The file stays: started experiments are never deleted."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Option(parsing: .unconditional, help: "Why it stops here.")
        var reason: String

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let e = try old.abandoned(reason: reason, at: identity.date)
                try ws.lintLanguage([("--reason", reason)])
                try doc.update(to: e)
                return .change(action: .abandon, experiments: [e], body: [e.abandoned?.reason ?? ""], transition: (old.status, .abandoned))
            }
            CommitReport.print("Abandoned \(ctx.painter.bold(stored.experiment.id)) \(SafeText.line(stored.experiment.title))", result, experiments: [stored.experiment.id], in: ctx)
        }
    }
}
