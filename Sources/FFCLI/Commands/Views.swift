import ArgumentParser
import FFWorkspace
import FailForward

/// The formats a command prints, one of them JSON.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable, Equatable, Sendable where RawValue == String {
    static var json: Self { get }
    /// What the command prints without `--format`.
    static var standard: Self { get }
    /// The help of `--format`.
    static var help: String { get }
}

extension OutputFormat {
    static var help: String {
        "What to print (default \(standard.rawValue); json is described in docs/FORMAT.md)."
    }
}

/// `--format <format>` and `--json`, its short form for `--format json`: every command that
/// prints data takes both, declared here once.
struct FormatOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: ArgumentHelp(Format.help, valueName: "format"))
    var format: Format?
    @Flag(help: "Print JSON: the same as --format json.")
    var json = false

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for different formats: give one of them")
        }
    }

    /// The format asked for.
    var chosen: Format { json ? .json : format ?? .standard }
}

/// Text for a terminal, or JSON.
enum DataFormat: String, OutputFormat {
    case text, json
    static let standard = DataFormat.text
}

/// `--format text|json` and `--json` for the commands that print data.
typealias OutputOptions = FormatOptions<DataFormat>

extension FormatOptions where Format == DataFormat {
    /// Whether JSON was asked for, by either spelling.
    var asJSON: Bool { chosen == .json }
}

extension Workspace {
    /// Every experiment, with a warning on stderr for each file that does not parse.
    func loadAllReporting(_ ctx: Context) -> [StoredExperiment] {
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

    struct List: FFRunnable {
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

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
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

    struct Show: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "Show one experiment.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @Flag(help: "Show what changed in the plan since the experiment started (its locked fields then and now).")
        var diff = false
        @OptionGroup var output: OutputOptions

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx)
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let stored = StoredExperiment(experiment: try ws.store.load(path).experiment, path: path)
            if diff {
                let e = stored.experiment
                let history = try ExperimentHistory.load(ws, id: e.id, path: path)
                guard let start = history.atStart, let planned = start.experiment else {
                    ctx.console.out("\(e.id) has not started: its plan is not locked yet.\n")
                    return
                }
                let changes = PlanDiff.changes(from: planned, to: e)
                if output.asJSON {
                    var w = JSONWriter(pretty: true)
                    w.object { w in
                        w.field("id", e.id)
                        w.field("start_commit", start.commit.id.hex)
                        w.key("changes")
                        w.array(changes) { w, c in
                            w.object { w in
                                w.field("field", c.field)
                                w.field("before", strings: c.before)
                                w.field("after", strings: c.after)
                                w.field("declared", !c.declared.isEmpty)
                            }
                        }
                    }
                    ctx.console.out(w.output + "\n")
                } else {
                    ctx.console.out(PlanDiff.render(id: e.id, startCommit: start.commit.id.hex, startedAt: planned.timebox.started,
                                                    changes: changes, painter: ctx.painter))
                }
                return
            }
            let e = stored.experiment
            let inReview = e.status.isOpen ? ReviewLookup.find(ws, open: { [e.id] })[e.id]?.review : nil
            if output.asJSON {
                ctx.console.out(stored.json(now: ctx.now(), pretty: true, inReview: inReview) + "\n")
            } else {
                ctx.console.out(ShowView.render(stored, now: ctx.now(), painter: ctx.painter, inReview: inReview))
            }
        }
    }
}
