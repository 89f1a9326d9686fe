import ArgumentParser
import FFWorkspace
import FailForward

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
