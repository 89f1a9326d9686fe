import ArgumentParser
import FFGit
import FailForward
import Foundation

extension FFCommand {
    struct DebriefCommand: FFRunnable {
        enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

        static let configuration = CommandConfiguration(
            // Not `Debrief`: that name is the debrief template's parser, used by Conclude.
            commandName: "debrief",
            abstract: "Render an experiment's debrief as Markdown: the body for a pull request.",
            discussion: """
            Outcome, what the experiment returned, the signal ledger, facts, signal, remediation, \
            the next test, deviations from the plan, review notes and the experiment's timeline from \
            history, then the review questions. Text from the file is escaped, so the body shows \
            exactly what the file says. ff conclude --review writes the same body to a file.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @Option(help: "markdown (the default) or json (see docs/FORMAT.md).")
        var format: Format = .markdown
        @Flag(help: "Same as --format json.")
        var json = false

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let e = try ws.store.load(path).experiment
            guard e.status == .concluded || e.status == .abandoned else {
                throw ReviewError.notConcluded(id: e.id, status: e.status)
            }
            let debrief = try ws.debrief(of: e, at: path)
            if json || format == .json {
                ctx.console.out(debrief.json(pretty: true) + "\n")
            } else {
                ctx.console.out(debrief.markdown)
            }
        }
    }
}
