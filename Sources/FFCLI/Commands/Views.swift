import ArgumentParser
import FFGit
import FailForward
import Foundation

/// `--json` for the commands that print data.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (see docs/FORMAT.md).")
    var json = false
}

extension Workspace {
    /// Every experiment, with a warning on stderr for each file that does not parse.
    func loadAllReporting() -> [StoredExperiment] {
        let (entries, problems) = store.loadAll()
        for p in problems {
            ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n")
        }
        return entries
    }
}

extension FFCommand {
    struct Status: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "The dashboard: running experiments and days left, overdue ones, drafts and what they lack, conclusions without a next test."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let entries = ws.loadAllReporting()
            let now = ctx.now()
            if output.json {
                ctx.console.out(StatusView.json(entries, bounds: ws.config.timeboxDays, now: now).render(pretty: true) + "\n")
            } else {
                ctx.console.out(StatusView.render(entries, bounds: ws.config.timeboxDays, now: now, painter: ctx.painter))
            }
        }
    }

    struct List: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "List experiments, filtered.")
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Only this status (repeatable): draft, running, concluded, abandoned.", valueName: "status"))
        var status: [FailForward.Status] = []
        @Flag(help: "Only running experiments past their timebox.")
        var overdue = false
        @Option(help: ArgumentHelp("Only experiments with this tag (repeatable: any of them).", valueName: "tag"))
        var tag: [String] = []
        @Option(help: ArgumentHelp("Only experiments whose owner contains this text.", valueName: "text"))
        var owner: String?
        @OptionGroup var output: OutputOptions

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let now = ctx.now()
            let entries = ws.loadAllReporting().filter { s in
                let e = s.experiment
                if !status.isEmpty && !status.contains(e.status) { return false }
                if overdue && !e.isOverdue(at: now) { return false }
                if !tag.isEmpty && !e.tags.contains(where: { t in tag.contains { $0.caseInsensitiveCompare(t) == .orderedSame } }) { return false }
                if let owner, !(e.owner ?? "").localizedCaseInsensitiveContains(owner) { return false }
                return true
            }
            if output.json {
                ctx.console.out(JSON.array(entries.map { $0.json(now: now) }).render() + "\n")
            } else {
                ctx.console.out(ListView.table(entries, now: now, painter: ctx.painter))
            }
        }
    }

    struct Show: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "Show one experiment.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @OptionGroup var output: OutputOptions

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let stored = StoredExperiment(experiment: try ws.store.load(path).experiment, path: path)
            if output.json {
                ctx.console.out(stored.json(now: ctx.now()).render(pretty: true) + "\n")
            } else {
                ctx.console.out(ShowView.render(stored, now: ctx.now(), painter: ctx.painter))
            }
        }
    }
}
