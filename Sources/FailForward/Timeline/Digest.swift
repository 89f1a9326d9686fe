
/// `ff digest`: the short note a sponsor reads — what started, what concluded and what it
/// returned, what stopped, and the next tests — built from a timeline already cut to the
/// period (a time range or a revision range).
public struct Digest: Sendable {
    public struct Item: Sendable {
        public var id: String
        public var title: String
        public var owner: String?
        /// One line under the title: outcome and dates, timebox, reason.
        public var headline: String
        /// Prose: what it returned, the hypothesis, the reason.
        public var text: String?
        public var next: String?
        public var nextID: String?
    }

    public var period: String
    /// The period is a revision range (`v1..v2`), shown as code.
    public var isRange = false
    public var notes: [String]
    public var concluded: [Item] = []
    public var started: [Item] = []
    public var abandoned: [Item] = []
    /// Follow-ups created in the period, and next tests published by conclusions.
    public var nextTests: [Item] = []
    public var observations = 0
    public var deviations = 0
    public var flagged: [(id: String, title: String, fields: [String])] = []
    /// States and outcomes that commit messages claim and the files do not hold: listed, never counted.
    public var claims: [(id: String, title: String, claim: String)] = []
    public var outcomes: [Outcome: Int] = [:]

    /// `period` says what the timeline covers (`2026-11-21 – 2026-11-28`, `v1..v2`).
    public init(_ t: Timeline, period: String, isRange: Bool = false) {
        self.period = period
        self.isRange = isRange
        notes = t.notes
        var seen: [TimelineEvent.Kind: Set<String>] = [:]
        func first(_ e: TimelineEvent) -> Bool { seen[e.kind, default: []].insert(e.experiment).inserted }
        var concludedIDs = Set<String>()
        for e in t.events {
            let f = t.facts(e.experiment)
            let title = t.title(of: e.experiment)
            switch e.kind {
            case .concluded, .debriefMerged:
                guard concludedIDs.insert(e.experiment).inserted else { continue }
                let outcome = e.outcome ?? f?.outcome
                if let outcome { outcomes[outcome, default: 0] += 1 }
                var headline = outcome?.summary ?? "concluded"
                headline += ", \(Timestamp.day(f?.concludedAt ?? e.time))"
                if let c = f?.cycleDays, let d = f?.days { headline += ", after \(Timestamp.wholeDays(c * 86_400)) of \(d) days" }
                concluded.append(Item(id: e.experiment, title: title, owner: f?.owner, headline: headline,
                                      text: f?.returned ?? e.text, next: f?.next, nextID: f?.nextExperiment))
                if let f, f.hasNextTest {
                    // The conclusion's own words win over a follow-up seen being created.
                    nextTests.removeAll { $0.id == e.experiment }
                    nextTests.append(Item(id: e.experiment, title: title, owner: f.owner, headline: "next test of \(title)",
                                          text: nil, next: f.next, nextID: f.nextExperiment))
                }
            case .started:
                guard first(e) else { continue }
                var headline = "started \(Timestamp.day(f?.started ?? e.time))"
                if let d = f?.days { headline += ", \(d) days" }
                if let due = f?.due { headline += ", due \(Timestamp.day(due))" }
                if let s = f?.status, s != .running { headline += " (now \(s.rawValue))" }
                started.append(Item(id: e.experiment, title: title, owner: f?.owner, headline: headline, text: f?.hypothesis))
            case .abandoned:
                guard first(e) else { continue }
                abandoned.append(Item(id: e.experiment, title: title, owner: f?.owner,
                                      headline: "abandoned \(Timestamp.day(f?.abandonedAt ?? e.time))", text: f?.abandonReason ?? e.text))
            case .created:
                guard first(e), let follows = f?.follows,
                      !nextTests.contains(where: { $0.nextID == e.experiment || $0.id == follows }) else { continue }
                nextTests.append(Item(id: follows, title: t.title(of: follows), owner: f?.owner,
                                      headline: "next test of \(t.title(of: follows))", text: nil, next: title, nextID: e.experiment))
            case .observation:
                observations += 1
            case .amended:
                deviations += 1
            case .claimed:
                claims.append((e.experiment, title, e.text ?? ""))
            default:
                break
            }
            if e.flagged { flagged.append((e.experiment, title, e.fields)) }
        }
    }

    public var isEmpty: Bool { concluded.isEmpty && started.isEmpty && abandoned.isEmpty && nextTests.isEmpty && observations == 0 }

    /// `3 started · 2 concluded (1 validated, 1 disproved) · 1 abandoned · 2 next tests`
    public var summary: String {
        var parts = ["\(started.count) started"]
        var c = "\(concluded.count) concluded"
        let mix = Outcome.allCases.compactMap { o in outcomes[o].map { "\($0) \(o.rawValue)" } }
        if !mix.isEmpty { c += " (\(mix.joined(separator: ", ")))" }
        parts.append(c)
        parts.append("\(abandoned.count) abandoned")
        parts.append("\(nextTests.count) next test\(nextTests.count == 1 ? "" : "s")")
        return parts.joined(separator: " · ")
    }

    private func nextLine(_ i: Item) -> String? {
        guard i.next != nil || i.nextID != nil else { return nil }
        return (i.next ?? "") + (i.nextID.map { " (\($0))" } ?? "")
    }

    // MARK: Markdown

    public func markdown() -> String {
        let title = isRange ? "`" + period.replacingAll("`", with: "") + "`" : Escape.markdown(period)
        var out = "# Experiments digest: \(title)\n\n\(summary).\n"
        for n in notes { out += "\n> **Note:** \(Escape.markdown(n))\n" }
        func item(_ i: Item, nextPrefix: String = "Next test: ") -> String {
            var s = "- **\(Escape.markdown(i.title))** `\(i.id)` — \(Escape.markdown(i.headline))"
            if let o = i.owner { s += " · \(Escape.markdown(LearningStats.person(o)))" }
            if let text = i.text, !text.isEmpty { s += "  \n  \(Escape.markdown(text))" }
            if let next = nextLine(i) { s += "  \n  \(nextPrefix)\(Escape.markdown(next))" }
            return s + "\n"
        }
        if !concluded.isEmpty { out += "\n## Concluded\n\n" + concluded.map { item($0) }.joined() }
        if !started.isEmpty { out += "\n## Started\n\n" + started.map { item($0) }.joined() }
        if !abandoned.isEmpty { out += "\n## Abandoned\n\n" + abandoned.map { item($0) }.joined() }
        if !nextTests.isEmpty {
            out += "\n## Next tests\n\n"
            for i in nextTests {
                out += "- \(Escape.markdown(nextLine(i) ?? "")) — next test of **\(Escape.markdown(i.title))** `\(i.id)`\n"
            }
        }
        var also: [String] = []
        if observations > 0 { also.append("\(observations) observation\(observations == 1 ? "" : "s") recorded") }
        if deviations > 0 { also.append("\(deviations) deviation\(deviations == 1 ? "" : "s") declared") }
        if !also.isEmpty { out += "\n" + also.joined(separator: ", ") + ".\n" }
        if !flagged.isEmpty {
            out += "\n**Changed after the start without a declared deviation:** "
                + flagged.map { "\(Escape.markdown($0.title)) `\($0.id)` (\(Escape.markdown($0.fields.joined(separator: ", "))))" }.joined(separator: "; ") + ".\n"
        }
        if !claims.isEmpty {
            out += "\n**Claimed by a commit message, not in the file (not counted):** "
                + claims.map { "\(Escape.markdown($0.title)) `\($0.id)` (\(Escape.markdown($0.claim)))" }.joined(separator: "; ") + ".\n"
        }
        if isEmpty { out += "\nNothing happened in this period.\n" }
        return out
    }

    // MARK: HTML

    public func html() -> String {
        var h = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Experiments digest</title>
        <style>body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
        h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}.muted{color:#6b6b70}.note{background:#fff4d6;padding:.4rem .6rem;border-radius:4px}
        li{margin:.5rem 0}p{margin:.2rem 0}code{font-size:.9em}</style></head><body>

        """
        h += "<h1>Experiments digest: \(Escape.html(period))</h1>\n<p>\(Escape.html(summary)).</p>\n"
        for n in notes { h += "<p class=\"note\"><strong>Note:</strong> \(Escape.html(n))</p>\n" }
        func list(_ name: String, _ items: [Item]) {
            guard !items.isEmpty else { return }
            h += "<h2>\(name)</h2>\n<ul>\n"
            for i in items {
                h += "<li><strong>\(Escape.html(i.title))</strong> <code>\(Escape.html(i.id))</code> — \(Escape.html(i.headline))"
                if let o = i.owner { h += " <span class=\"muted\">· \(Escape.html(LearningStats.person(o)))</span>" }
                if let text = i.text, !text.isEmpty { h += "<p>\(Escape.html(text))</p>" }
                if let next = nextLine(i) { h += "<p>Next test: \(Escape.html(next))</p>" }
                h += "</li>\n"
            }
            h += "</ul>\n"
        }
        list("Concluded", concluded)
        list("Started", started)
        list("Abandoned", abandoned)
        if !nextTests.isEmpty {
            h += "<h2>Next tests</h2>\n<ul>\n"
            for i in nextTests {
                h += "<li>\(Escape.html(nextLine(i) ?? "")) — next test of <strong>\(Escape.html(i.title))</strong> <code>\(Escape.html(i.id))</code></li>\n"
            }
            h += "</ul>\n"
        }
        if !flagged.isEmpty {
            h += "<p><strong>Changed after the start without a declared deviation:</strong> "
                + flagged.map { "\(Escape.html($0.title)) <code>\(Escape.html($0.id))</code> (\(Escape.html($0.fields.joined(separator: ", "))))" }.joined(separator: "; ") + ".</p>\n"
        }
        if !claims.isEmpty {
            h += "<p><strong>Claimed by a commit message, not in the file (not counted):</strong> "
                + claims.map { "\(Escape.html($0.title)) <code>\(Escape.html($0.id))</code> (\(Escape.html($0.claim)))" }.joined(separator: "; ") + ".</p>\n"
        }
        if isEmpty { h += "<p>Nothing happened in this period.</p>\n" }
        h += "</body></html>\n"
        return h
    }
}
