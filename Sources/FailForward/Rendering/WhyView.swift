/// An experiment `ff why` found for some of the paths asked about, and how: what it shows,
/// taken from the list's summary (or, found through history, the timeline's facts), so that
/// no experiment file is read.
public struct WhyMatch: Sendable, Equatable {
    public var id: String
    public var path: String
    public var title: String
    public var status: Status
    public var outcome: Outcome?
    public var created: Date?
    public var returned: String?
    public var signal: String?
    public var next: String?
    public var nextExperiment: String?
    public var touches: [String]
    /// The paths asked about that its `touches:` match.
    public var touched: [String]
    /// The paths asked about that changed while it ran (`--history`).
    public var changed: [String] = []

    public init(path: String, summary s: ExperimentSummary, touched: [String]) {
        id = s.id
        self.path = path
        title = s.title
        status = s.status
        outcome = s.outcome
        created = s.created
        returned = s.returned
        signal = s.signal
        next = s.next
        nextExperiment = s.nextExperiment
        touches = s.touches
        self.touched = touched
    }

    public init(facts f: ExperimentFacts, changed: [String]) {
        id = f.id
        path = f.path
        title = f.title
        status = f.status
        outcome = f.outcome
        created = f.created
        returned = f.returned
        signal = f.signal
        next = f.next
        nextExperiment = f.nextExperiment
        touches = f.touches
        touched = []
        self.changed = changed
    }

    /// The paths of `asked` (repository-relative) that `touches` match, in the order asked.
    public static func touched(_ touches: [String], by asked: [String]) -> [String] {
        guard !touches.isEmpty else { return [] }
        let globs = touches.map(PathGlob.init)
        return asked.filter { p in globs.contains { $0.matches(p) } }
    }

    /// Most recent first: by creation time, then by id.
    public static func newestFirst(_ a: WhyMatch, _ b: WhyMatch) -> Bool {
        let ta = a.created?.timeIntervalSince1970 ?? -.infinity, tb = b.created?.timeIntervalSince1970 ?? -.infinity
        return ta != tb ? ta > tb : a.id > b.id
    }

    /// The next test in words: the published text, or the follow-up experiment's id.
    public var nextTest: String? {
        if let next, !next.isEmpty { return next }
        return nextExperiment.map { "experiment \($0)" }
    }
}

/// How `ff why` shows what it found: a table, one line each (`--short`), or JSON.
public enum WhyView {
    /// Aligned columns fitted to `width`, like `ff list`; every text made one safe line.
    public static func table(_ matches: [WhyMatch], painter p: Painter, width: Int?) -> String {
        guard !matches.isEmpty else { return "" }
        func t(_ s: String?) -> String { SafeText.line(s ?? "") }
        let rows: [[String]] = matches.map { m in
            [m.id, m.status.rawValue, m.outcome?.rawValue ?? "", t(m.title), t(m.returned), t(m.signal), t(m.nextTest)]
        }
        let table = TextTable(columns: [
            .init("ID"), .init("STATUS"), .init("OUTCOME", dropOrder: 3),
            .init("TITLE", text: (minimum: 16, weight: 3)), .init("RETURNED", text: (minimum: 12, weight: 2), dropOrder: 2),
            .init("SIGNAL", text: (minimum: 12, weight: 2), dropOrder: 1), .init("NEXT TEST", text: (minimum: 12, weight: 2)),
        ], rows: rows)
        let lines = table.render(width: width, header: p.dim) { r, column, cell in
            column == 1 ? cell.replacingAll(matches[r].status.rawValue, with: p.status(matches[r].status)) : cell
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line each, for hooks and prompts: `<id> <status>[ <outcome>]: <title> — <next test>`.
    public static func short(_ matches: [WhyMatch]) -> String {
        matches.map { m in
            var line = m.id + " " + m.status.rawValue + (m.outcome.map { " " + $0.rawValue } ?? "") + ": " + SafeText.line(m.title)
            if let next = m.nextTest { line += " — " + SafeText.line(next) }
            return line + "\n"
        }.joined()
    }

    /// An array, newest first (docs/schema/why.schema.json).
    public static func json(_ matches: [WhyMatch]) -> String {
        var w = JSONWriter(pretty: true)
        w.array(matches) { w, m in
            w.object { w in
                w.field("id", m.id)
                w.field("path", m.path)
                w.field("title", m.title)
                w.field("status", m.status.rawValue)
                w.field("outcome", m.outcome?.rawValue)
                w.field("created", time: m.created)
                w.field("returned", m.returned)
                w.field("signal", m.signal)
                w.field("next", m.next)
                w.field("next_experiment", m.nextExperiment)
                w.field("touches", strings: m.touches)
                w.field("touched", strings: m.touched)
                w.field("changed", strings: m.changed)
            }
        }
        return w.output + "\n"
    }
}
