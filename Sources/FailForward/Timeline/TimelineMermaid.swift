
/// `ff timeline --format mermaid`: a Gantt chart (Mermaid renders it on GitHub and GitLab) of
/// the experiments that started, one bar from start to conclusion, in a section per outcome.
public enum TimelineMermaid {
    public static func render(_ t: Timeline, now: Date) -> String {
        var title = "Learning timeline"
        if let s = t.shallow { title += " (shallow clone" + (s.since.map { ": history before \(Timestamp.day($0)) missing" } ?? "") + ")" }
        var out = "gantt\n    title \(Escape.mermaid(title))\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n"
        let started = t.experiments.filter { $0.started != nil }.sorted { ($0.started!, $0.id) < ($1.started!, $1.id) }
        let sections: [(String, String, (ExperimentFacts) -> Bool)] = [
            ("Validated", "done", { $0.status == .concluded && $0.outcome == .validated }),
            ("Disproved", "done", { $0.status == .concluded && $0.outcome == .disproved }),
            ("Inconclusive", "done", { $0.status == .concluded && ($0.outcome == .inconclusive || $0.outcome == nil) }),
            ("Running", "active", { $0.status == .running }),
            ("Abandoned", "crit", { $0.status == .abandoned }),
        ]
        for (name, tag, test) in sections {
            let items = started.filter(test)
            guard !items.isEmpty else { continue }
            out += "    section \(name)\n"
            for f in items {
                let start = f.started!
                let end = f.endedAt ?? (f.status == .running ? now : start)
                let days = Timestamp.wholeDays(end.timeIntervalSince(start))
                var label = f.title
                if let follows = f.follows { label += " ← next test of \(follows)" }
                out += "    \(Escape.mermaid(label)) \(f.id) :\(tag), x\(f.id), \(Timestamp.day(start)), \(max(days, 1))d\n"
            }
        }
        let drafts = t.experiments.count - started.count
        if drafts > 0 { out += "    %% \(drafts) experiment(s) not started are not shown\n" }
        return out
    }
}
