import ArgumentParser
import FFWorkspace
import FailForward

/// Where a document goes: stdout (also for `-o -`), or a file written atomically with `-o`.
struct DocumentOutput: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of stdout; - is stdout. Only a regular file outside .git is replaced.", valueName: "file"))
    var file: String?

    /// Whether the document goes to stdout (and may be coloured for a terminal).
    var toStandardOutput: Bool { file == nil || file == "-" }

    /// Checks the `-o` path before any work, so that a refused one costs nothing.
    func target(_ ws: Workspace) throws -> OutputPath.Target {
        guard let file else { return .standardOutput }
        return try ws.outputTarget(file)
    }

    /// Writes what `produce` hands its sink, piece by piece; with `-o`, says where on stdout.
    func emit(to target: OutputPath.Target, in ctx: Context, what: String, _ produce: (([UInt8]) -> Void) -> Void) throws {
        guard case let .file(path) = target else {
            produce { ctx.console.write($0) }
            return
        }
        let out = try AtomicFile(path, keepingModeOf: path)
        produce { out.write($0) }
        try out.commit()
        ctx.console.out("Wrote \(what) to \(SafeText.line(file ?? path))\n")
    }
}

/// `--since`, `--until`, `--experiment`, `--author`, `--outcome`.
struct TimelineFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only events from this date on, or this far back: 2026-11-01, 30d, 2w, 12h.", valueName: "when"))
    var since: String?
    @Option(help: ArgumentHelp("Only events before this: a date (the whole day included), a time, or a span back (7d).", valueName: "when"))
    var until: String?
    @Option(name: .customLong("experiment"), help: ArgumentHelp("Only this experiment (repeatable): an id or id prefix, its slug, or its path.", valueName: "ref"))
    var experiments: [String] = []
    @Option(parsing: .unconditional, help: ArgumentHelp("Only events whose author's name or address contains this text.", valueName: "text"))
    var author: String?
    @Option(help: ArgumentHelp("Only experiments that concluded with this outcome (repeatable): validated, disproved, inconclusive.", valueName: "outcome"))
    var outcome: [Outcome] = []

    func validate() throws {
        try NumberArgument.checkTime(since, flag: "--since")
        try NumberArgument.checkTime(until, flag: "--until")
    }

    /// The filter, with `--experiment` references resolved against the timeline's ids, then
    /// the working tree's files (slugs and paths).
    func filter(_ t: Timeline, _ ws: Workspace) throws -> TimelineFilter {
        let now = ws.env.now()
        var f = TimelineFilter()
        f.since = try since.map { try TimeSpec.resolve($0, now: now) }
        f.until = try until.map { try TimeSpec.resolve($0, now: now, endOfDay: true) }
        if !experiments.isEmpty { f.experiments = Set(try experiments.map { try resolve($0, t, ws) }) }
        f.author = author
        if !outcome.isEmpty { f.outcomes = Set(outcome) }
        return f
    }

    private func resolve(_ ref: String, _ t: Timeline, _ ws: Workspace) throws -> String {
        let key = ref.trimmed(.whitespaces).lowercased()
        let ids = t.ids
        if ids.contains(key) { return key }
        if key.count >= ExperimentID.minimumPrefix && key.count < ExperimentID.length && key.allSatisfy(ExperimentID.isIDCharacter) {
            let matches = ids.filter { $0.hasPrefix(key) }.sorted()
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 { throw WorkspaceError.ambiguousRef(ref, candidates: matches) }
        }
        // A slug or a path: the file in the working tree says which id it is.
        let path = try ws.store.resolve(ref, cwd: ws.env.directory)
        return try ws.store.load(path).experiment.id
    }
}

extension FFCommand {
    struct TimelineCommand: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "The learning timeline, derived from the commit history.",
            discussion: """
            One event per commit that changed an experiment: created, started, observation, \
            amended, concluded, abandoned, edited (by hand when made with plain git), a locked \
            field changed after the start without a declared deviation (flagged), a debrief \
            merged. Squash-merged work is rebuilt from the dates in the files and the FF- \
            trailers kept in the squashed message (marked reconstructed). Oldest first; times in \
            UTC. The result is cached under .git/ff/, so the next run reads only new commits.
            """
        )
        enum Format: String, OutputFormat {
            case text, markdown, json, html, mermaid
            static let standard = Format.text
            static let help = "What to print (default text): html is one self-contained page, mermaid a chart for code-hosting sites, json is described in docs/FORMAT.md."
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filters: TimelineFilterOptions
        @OptionGroup var formats: FormatOptions<Format>
        @OptionGroup var output: DocumentOutput

        func run(in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let format = formats.chosen
            let ws = try Workspace.open(ctx)
            // Only the page and the chart show the experiments' plans and debriefs.
            let target = try output.target(ws)
            let full = try TimelineHistory.load(ws, facts: format == .html || format == .mermaid)
            let t = full.filtered(try filters.filter(full, ws))
            try output.emit(to: target, in: ctx, what: "the timeline (\(t.events.count) events)") { sink in
                switch format {
                case .text:
                    let painter = output.toStandardOutput ? ctx.painter : .plain
                    sink(Array(TimelineText.render(t, painter: painter, width: output.toStandardOutput ? ctx.columns : nil).utf8))
                case .markdown: sink(Array(TimelineMarkdown.render(t).utf8))
                case .json: TimelineJSON.write(t, to: sink)
                case .html: sink(Array(TimelineHTML.render(t, now: ctx.now()).utf8))
                case .mermaid: sink(Array(TimelineMermaid.render(t, now: ctx.now()).utf8))
                }
            }
        }
    }

    struct Stats: FFRunnable {
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

        func run(in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let ws = try Workspace.open(ctx)
            let stats = LearningStats(try TimelineHistory.load(ws, facts: true))
            ctx.console.out(output.asJSON ? stats.json() : stats.text(painter: ctx.painter))
        }
    }

    struct DigestCommand: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "A short digest for sponsors: what started, what concluded and what it returned, next tests.",
            discussion: "Covers the last 7 days unless given --since, --until or a revision range A..B."
        )
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, html
        }

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The commits to cover: A..B (in B, not in A).", valueName: "range"))
        var range: String?
        @Option(help: ArgumentHelp("From this date on, or this far back (default 7d).", valueName: "when"))
        var since: String?
        @Option(help: ArgumentHelp("Up to this date (included) or span back.", valueName: "when"))
        var until: String?
        @Option(help: ArgumentHelp("markdown or html.", valueName: "format"))
        var format: Format = .markdown
        @OptionGroup var output: DocumentOutput

        func validate() throws {
            if range != nil && (since != nil || until != nil) {
                throw ValidationError("give either a revision range or --since/--until, not both")
            }
            try NumberArgument.checkTime(since, flag: "--since")
            try NumberArgument.checkTime(until, flag: "--until")
        }

        func run(in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let ws = try Workspace.open(ctx)
            let target = try output.target(ws)
            let digest: Digest
            if let range {
                digest = Digest(try TimelineHistory.load(ws, range: range), period: range, isRange: true)
            } else {
                let now = ctx.now()
                let from = try TimeSpec.resolve(since ?? "7d", now: now)
                let to = try until.map { try TimeSpec.resolve($0, now: now, endOfDay: true) }
                let t = try TimelineHistory.load(ws, facts: true).filtered(TimelineFilter(since: from, until: to))
                let period = "\(Timestamp.day(from)) – \(Timestamp.day(to.map { $0.addingTimeInterval(-1) } ?? now))"
                digest = Digest(t, period: period)
            }
            let text = format == .html ? digest.html() : digest.markdown()
            try output.emit(to: target, in: ctx, what: "the digest") { $0(Array(text.utf8)) }
        }
    }
}
