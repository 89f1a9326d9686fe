import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Log: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "List one experiment's commits, like git log, with its transitions highlighted.",
            discussion: "Commits made with plain git that changed the file are listed too, marked as made by hand, and merges that brought changes in (a reviewed debrief branch) as merged."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @OptionGroup var output: OutputOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let e = try ws.store.load(path).experiment
            let history = try ExperimentHistory.load(ws, id: e.id, path: path)
            if output.asJSON {
                var w = JSONWriter(pretty: true)
                w.array(history.entries.reversed()) { w, entry in
                    w.object { w in
                        w.field("commit", entry.commitID)
                        w.field("date", time: entry.date)
                        w.field("author", entry.author)
                        w.field("subject", entry.subject)
                        w.field("action", entry.action)
                        w.field("transition", entry.transition)
                        w.field("by_hand", entry.isByHand)
                        w.field("merge", entry.isMerge)
                        w.field("status", entry.experiment?.status.rawValue)
                        w.field("claimed", entry.unbacked?.summary)
                    }
                }
                ctx.console.out(w.output + "\n")
                return
            }
            let p = ctx.painter
            for entry in history.entries.reversed() {
                var what = entry.action ?? Action.edit.rawValue
                if let t = entry.transition { what += " " + p.bold(p.cyan(t)) }
                if entry.isByHand { what = p.yellow("by hand") }
                if entry.isMerge { what = p.magenta("merged") }
                let claim = entry.unbacked.map { "claimed by the message, not in the file: " + SafeText.line($0.summary) }
                if let claim { what += " " + p.red(claim) }
                let outcomeWord = entry.trailers.first { $0.key == Trailer.Key.outcome.rawValue }?.value
                let outcome = outcomeWord.map { " " + p.outcome(Outcome(rawValue: $0) ?? .inconclusive) } ?? ""
                let lead = "\(String(entry.commitID.prefix(7))) \(Timestamp.day(entry.date)) \(SafeText.line(entry.authorName))  "
                var subject = SafeText.line(entry.subject)
                if let width = ctx.columns {
                    // The subject is what gives way; the commit, date, author and action stay whole.
                    var plainWhat = entry.isMerge ? "merged" : entry.isByHand ? "by hand" : (entry.action ?? Action.edit.rawValue) + (entry.transition.map { " " + $0 } ?? "")
                    if let claim { plainWhat += " " + claim }
                    let used = TerminalText.width(lead + plainWhat) + (outcomeWord.map { 1 + $0.count } ?? 0) + 2
                    subject = width - used >= 10 ? TerminalText.fit(subject, to: width - used) : ""
                }
                let tail = subject.isEmpty ? "" : "  " + p.dim(subject)
                ctx.console.out("\(p.yellow(String(entry.commitID.prefix(7)))) \(Timestamp.day(entry.date)) \(SafeText.line(entry.authorName))  \(what)\(outcome)\(tail)\n")
            }
        }
    }
}
