import ArgumentParser
import FFGit
import FailForward
import Foundation

extension FFCommand {
    struct Log: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "List one experiment's commits, like git log, with its transitions highlighted.",
            discussion: "Commits made with plain git that changed the file are listed too, marked as made by hand, and merges that brought changes in (a reviewed debrief branch) as merged."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @OptionGroup var output: OutputOptions

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let e = try ws.store.load(path).experiment
            let history = try ExperimentHistory.load(ws, id: e.id, path: path)
            if output.json {
                var w = JSONWriter(pretty: true)
                w.array(history.entries.reversed()) { w, entry in
                    w.object { w in
                        w.field("commit", entry.commit.id.hex)
                        w.field("date", time: entry.commit.author.date)
                        w.field("author", entry.commit.author.person)
                        w.field("subject", entry.commit.subject)
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
                let c = entry.commit
                var what = entry.action ?? "edit"
                if let t = entry.transition { what += " " + p.bold(p.cyan(t)) }
                if entry.isByHand { what = p.yellow("by hand") }
                if entry.isMerge { what = p.magenta("merged") }
                if let claim = entry.unbacked { what += " " + p.red("claimed by the message, not in the file: " + SafeText.line(claim.summary)) }
                let outcome = entry.trailers.first { $0.key == "FF-Outcome" }.map { " " + p.outcome(Outcome(rawValue: $0.value) ?? .inconclusive) } ?? ""
                ctx.console.out("\(p.yellow(String(c.id.hex.prefix(7)))) \(Timestamp.day(c.author.date)) \(SafeText.line(c.author.name))  \(what)\(outcome)  \(p.dim(SafeText.line(c.subject)))\n")
            }
        }
    }
}
