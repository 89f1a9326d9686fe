import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct List: WorkspaceCommand {
        static let configuration = CommandConfiguration(abstract: "List experiments, filtered.")
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Only this status (repeatable): draft, running, concluded, abandoned.", valueName: "status"))
        var status: [FailForward.Status] = []
        @Flag(help: "Only running experiments past their timebox.")
        var overdue = false
        @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Only experiments with this tag (repeatable: any of them).", valueName: "tag"))
        var tag: [String] = []
        @Option(parsing: .unconditional, help: ArgumentHelp("Only experiments whose owner contains this text.", valueName: "text"))
        var owner: String?
        @Flag(help: "Experiments on every local and remote-tracking branch tip, one row per id, with the branches that have it.")
        var allBranches = false
        @OptionGroup var output: OutputOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            let now = ctx.now()
            if allBranches { return try listAllBranches(ws, ctx, now: now) }
            let (all, problems) = SummaryCache.load(ws)
            for p in problems { ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n") }
            let wantedTags = Set(tag.map { $0.lowercased() }), wantedOwner = owner?.lowercased()
            let chosen = all.indices.filter { i in
                let e = all[i].summary
                if !status.isEmpty && !status.contains(e.status) { return false }
                if overdue && !e.isOverdue(at: now) { return false }
                if !wantedTags.isEmpty && !e.tags.contains(where: { wantedTags.contains($0.lowercased()) }) { return false }
                if let wantedOwner, !(e.owner ?? "").lowercased().contains(wantedOwner) { return false }
                return true
            }
            // Oldest first; sorting indices by a precomputed key keeps the big values in place.
            let keys = all.map { ($0.summary.created?.timeIntervalSince1970 ?? -.infinity, $0.summary.id) }
            let order = chosen.sorted { keys[$0] < keys[$1] }
            let inReview = ReviewLookup.find(ws, open: { Set(order.lazy.map { all[$0].summary }.filter(\.status.isOpen).map(\.id)) })
                .mapValues(\.review)
            if output.asJSON {
                var out: [UInt8] = [UInt8(ascii: "[")]
                out.reserveCapacity(order.reduce(2) { $0 + all[$1].summary.json.count + 96 })
                for (n, i) in order.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    all[i].summary.listJSON(path: all[i].path, now: now, review: inReview[all[i].summary.id], into: &out)
                }
                out.append(contentsOf: "]\n".utf8)
                ctx.console.write(out)
            } else {
                ctx.console.out(ListView.table(order.map { all[$0].summary }, now: now, painter: ctx.painter, width: ctx.columns, inReview: inReview))
            }
        }

        /// The filters, applied to each branch's version of an experiment.
        private func listAllBranches(_ ws: Workspace, _ ctx: Context, now: Date) throws {
            let (rows, problems) = try AllBranches.rows(ws)
            for p in problems { ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n") }
            let wantedTags = Set(tag.map { $0.lowercased() }), wantedOwner = owner?.lowercased()
            let chosen = rows.filter { r in
                let e = r.shown.experiment
                if !status.isEmpty && !status.contains(e.status) { return false }
                if overdue && !e.isOverdue(at: now) { return false }
                if !wantedTags.isEmpty && !e.tags.contains(where: { wantedTags.contains($0.lowercased()) }) { return false }
                if let wantedOwner, !(e.owner ?? "").lowercased().contains(wantedOwner) { return false }
                return true
            }
            ctx.console.out(output.asJSON ? AllBranches.json(chosen, now: now) + "\n" : AllBranches.table(chosen, now: now, painter: ctx.painter, width: ctx.columns))
        }
    }
}
