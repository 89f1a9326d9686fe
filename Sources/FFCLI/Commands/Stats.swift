import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Stats: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learning velocity and outcomes, from the history.",
            discussion: """
            Experiments started and concluded per month, the outcome mix, median and 90th \
            percentile cycle time (start to conclusion), the share concluded within the \
            timebox and with a next test, deviations, and forecast calibration: the Brier score \
            of each prediction's confidence against the outcome, per owner and per tag.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let stats = LearningStats(try TimelineHistory.load(ws, facts: true))
            ctx.console.out(output.asJSON ? stats.json() : stats.text(painter: ctx.painter))
        }
    }
}
