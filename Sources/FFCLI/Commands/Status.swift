import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Status: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "The dashboard: running experiments and days left, overdue ones, drafts and what they lack, conclusions without a next test."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            let entries = ws.loadAllReporting(ctx)
            let now = ctx.now()
            let inReview = ReviewLookup.find(ws, open: { Set(entries.lazy.map(\.experiment).filter(\.status.isOpen).map(\.id)) })
                .mapValues(\.review)
            if output.asJSON {
                ctx.console.out(StatusView.json(entries, bounds: ws.config.timeboxDays, now: now, inReview: inReview).render(pretty: true) + "\n")
            } else {
                ctx.console.out(StatusView.render(entries, bounds: ws.config.timeboxDays, now: now, painter: ctx.painter, width: ctx.columns,
                                                  inReview: inReview))
            }
        }
    }
}
