import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct DebriefCommand: WorkspaceCommand {
        enum Format: String, OutputFormat {
            case markdown, json
            static let standard = Format.markdown
        }

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
        @OptionGroup var formats: FormatOptions<Format>

        func run(_ ws: Workspace, in ctx: Context) throws {
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let e = try ws.store.load(path).experiment
            let debrief: DebriefReport
            if e.status.isOpen {
                // Concluded on a review branch only: that branch's version and history.
                guard let found = ReviewLookup.find(ws, open: { [e.id] })[e.id] else {
                    throw ReviewError.notConcluded(id: e.id, status: e.status)
                }
                let here = ws.currentBranch
                ctx.console.err("ff: note: \(e.id) is \(e.status.rawValue) on \(here.map(SafeText.line) ?? "HEAD") and \(found.review.phrase): "
                    + "this is the debrief of that branch's version (commit \(found.review.shortCommit))\n")
                debrief = try ws.debrief(onReviewBranch: found)
            } else {
                debrief = try ws.debrief(of: e, at: path)
            }
            if formats.chosen == .json {
                ctx.console.out(debrief.json(pretty: true) + "\n")
            } else {
                ctx.console.out(debrief.markdown)
            }
        }
    }
}
