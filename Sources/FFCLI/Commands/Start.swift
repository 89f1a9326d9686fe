import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Start: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a draft: checks the plan is complete, locks it and starts the timebox.",
            discussion: """
            Requires a hypothesis, at least one success and one failure signal, a data plan, \
            reversibility with a rollback plan, a stakeholder and a timebox within the configured \
            bounds. From then on hypothesis, signals, data, timebox, reversibility, rollback and \
            prediction are locked: change them only with ff amend.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let e = try old.started(at: identity.date, bounds: ws.config.timeboxDays)
                try doc.update(to: e)
                let due = e.due.map(Timestamp.day) ?? "?"
                return .change(action: .start, experiments: [e], body: ["Timebox: \(e.timebox.days ?? 0) days, due \(due)."],
                               transition: (old.status, .running))
            }
            let e = stored.experiment
            CommitReport.print("Started \(ctx.painter.bold(e.id)) \(SafeText.line(e.title)): \(e.timebox.days ?? 0) days, due \(e.due.map(Timestamp.day) ?? "?")", result, experiments: [e.id], in: ctx)
            if e.reversible == false {
                ctx.console.err("ff: warning: \(e.id) is marked irreversible; keep its rollback plan at hand\n")
            }
        }
    }
}
