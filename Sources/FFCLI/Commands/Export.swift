import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Export: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every experiment and every timeline event, for other programs.",
            discussion: """
            JSON Lines (the default): one object per line, each with a kind first — the \
            experiments as ff show --json gives them, in ff list order, then the events of \
            ff timeline --json, oldest first. --format csv is one table of the experiments \
            (LF line ends, a header row; a cell a spreadsheet would read as a formula starts \
            with '). --bundle puts a source line first: the repository, HEAD's commit, the \
            branch and the time of the export. The layout is in docs/FORMAT.md.
            """
        )
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case jsonl, csv
        }

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("jsonl: one JSON object per line; csv: one table of the experiments.", valueName: "format"))
        var format: Format = .jsonl
        @Flag(help: "Begin with a source line (repository, commit, branch, time): the input of a site build.")
        var bundle = false
        @OptionGroup var output: DocumentOutput

        func validate() throws {
            if bundle && format == .csv { throw ValidationError("--bundle is JSON Lines: it cannot be given with --format csv") }
        }

        func run(_ ws: Workspace, in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let target = try output.target(ws)
            let now = ctx.now()
            if format == .csv {
                let (all, problems) = ws.store.loadAll()
                for p in problems { ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n") }
                let experiments = ExportView.listOrder(all)
                try output.emit(to: target, in: ctx, what: "\(experiments.count) experiments", sayingOnStandardError: true) { sink in
                    ExportView.writeCSV(experiments, to: sink)
                }
                return
            }
            // What ff list reads: the summaries, from their cache where a file is unchanged.
            let (all, problems) = SummaryCache.load(ws)
            for p in problems { ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n") }
            var entries = ExportView.listOrder(all.map { ExportView.Entry($0.summary, path: $0.path) })
            let timeline = try TimelineHistory.load(ws, facts: false)
            for note in timeline.notes { ctx.console.err("ff: note: \(SafeText.line(note))\n") }
            var source: ExportView.Source?
            if bundle {
                guard let head = timeline.head else { throw CLIError.usage("nothing is committed yet: a bundle names HEAD's commit") }
                let folder = ws.root.split(separator: "/").last.map(String.init) ?? ws.root
                source = ExportView.Source(repository: folder, commit: head, branch: ws.currentBranch, exported: now)
            }
            let inReview = ReviewLookup.find(ws, open: { Set(entries.map(\.summary).filter(\.status.isOpen).map(\.id)) })
            for i in entries.indices { entries[i].inReview = inReview[entries[i].summary.id]?.review }
            let what = "\(entries.count) experiments and \(timeline.events.count) events"
            try output.emit(to: target, in: ctx, what: what, sayingOnStandardError: true) { sink in
                ExportView.writeJSONLines(entries, timeline: timeline, now: now, source: source, to: sink)
            }
        }
    }
}
