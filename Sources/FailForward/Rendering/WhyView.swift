/// An experiment `ff why` found for some of the paths asked about, and how.
public struct WhyMatch: Sendable, Equatable {
    public var path: String
    public var experiment: Experiment
    /// The paths asked about that its `touches:` match.
    public var touched: [String]
    /// The paths asked about that changed while it ran (`--history`).
    public var changed: [String]

    public init(path: String, experiment: Experiment, touched: [String], changed: [String] = []) {
        self.path = path
        self.experiment = experiment
        self.touched = touched
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
        let ta = a.experiment.created?.timeIntervalSince1970 ?? -.infinity, tb = b.experiment.created?.timeIntervalSince1970 ?? -.infinity
        return ta != tb ? ta > tb : a.experiment.id > b.experiment.id
    }

    /// The next test in words: the published text, or the follow-up experiment's id.
    public var nextTest: String? {
        let c = experiment.conclusion
        if let next = c?.next, !next.isEmpty { return next }
        return c?.nextExperiment.map { "experiment \($0)" }
    }
}

/// How `ff why` shows what it found: a table, one line each (`--short`), or JSON.
public enum WhyView {
    /// Aligned columns fitted to `width`, like `ff list`; every text made one safe line.
    public static func table(_ matches: [WhyMatch], painter p: Painter, width: Int?) -> String {
        guard !matches.isEmpty else { return "" }
        func t(_ s: String?) -> String { SafeText.line(s ?? "") }
        let rows: [[String]] = matches.map { m in
            let e = m.experiment, c = e.conclusion
            return [e.id, e.status.rawValue, c?.outcome?.rawValue ?? "", t(e.title), t(c?.returned), t(c?.signal), t(m.nextTest)]
        }
        let table = TextTable(columns: [
            .init("ID"), .init("STATUS"), .init("OUTCOME", dropOrder: 3),
            .init("TITLE", text: (minimum: 16, weight: 3)), .init("RETURNED", text: (minimum: 12, weight: 2), dropOrder: 2),
            .init("SIGNAL", text: (minimum: 12, weight: 2), dropOrder: 1), .init("NEXT TEST", text: (minimum: 12, weight: 2)),
        ], rows: rows)
        let lines = table.render(width: width, header: p.dim) { r, column, cell in
            column == 1 ? cell.replacingAll(matches[r].experiment.status.rawValue, with: p.status(matches[r].experiment.status)) : cell
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line each, for hooks and prompts: `<id> <status>[ <outcome>]: <title> — <next test>`.
    public static func short(_ matches: [WhyMatch]) -> String {
        matches.map { m in
            let e = m.experiment
            var line = e.id + " " + e.status.rawValue + (e.conclusion?.outcome.map { " " + $0.rawValue } ?? "") + ": " + SafeText.line(e.title)
            if let next = m.nextTest { line += " — " + SafeText.line(next) }
            return line + "\n"
        }.joined()
    }

    /// An array, newest first (docs/schema/why.schema.json).
    public static func json(_ matches: [WhyMatch]) -> String {
        var w = JSONWriter(pretty: true)
        w.array(matches) { w, m in
            let e = m.experiment, c = e.conclusion
            w.object { w in
                w.field("id", e.id)
                w.field("path", m.path)
                w.field("title", e.title)
                w.field("status", e.status.rawValue)
                w.field("outcome", c?.outcome?.rawValue)
                w.field("created", time: e.created)
                w.field("returned", c?.returned)
                w.field("signal", c?.signal)
                w.field("next", c?.next)
                w.field("next_experiment", c?.nextExperiment)
                w.field("touches", strings: e.touches)
                w.field("touched", strings: m.touched)
                w.field("changed", strings: m.changed)
            }
        }
        return w.output + "\n"
    }
}
