
/// An experiment together with where its file is (repository-relative).
public struct StoredExperiment: Equatable, Sendable {
    public var experiment: Experiment
    public var path: String
    public init(experiment: Experiment, path: String) {
        self.experiment = experiment
        self.path = path
    }

    /// The JSON of `ff show --json` (and of each element of `ff list --json`): the file's
    /// fields plus where it is, for running experiments the days left, and `review` (null, or
    /// the review branch it is concluded on).
    public func json(now: Date, pretty: Bool, inReview: InReview? = nil) -> String {
        var w = JSONWriter(pretty: pretty)
        let e = experiment
        e.writeJSON(into: &w, before: { $0.field("path", path) }, after: { w in
            w.field("days_left", e.status == .running ? e.daysLeft(at: now) : nil)
            w.field("overdue", e.isOverdue(at: now))
            w.key("review")
            if let inReview { inReview.writeJSON(into: &w) } else { w.null() }
        })
        return w.output
    }
}

/// `ff show`: one experiment, readable.
public enum ShowView {
    /// `inReview`: the experiment is concluded on a review branch, said under its state.
    public static func render(_ stored: StoredExperiment, now: Date, painter p: Painter, inReview: InReview? = nil) -> String {
        let e = stored.experiment
        var out: [String] = []
        func t(_ s: String) -> String { SafeText.line(s) }
        func block(_ s: String, indent: String = "  ") -> [String] {
            // Split on bytes (no carriage return is left): splitting Characters cost a third of
            // `ff show` on a file of 10,000 observations.
            let safe = SafeText.block(s)
            guard safe.utf8.contains(0x0A) else { return [indent + safe] }
            return safe.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { indent + String(decoding: $0, as: UTF8.self) }
        }
        func section(_ name: String) { out.append(""); out.append(p.bold(name)) }

        out.append("\(p.bold(e.id))  \(p.bold(t(e.title)))")
        var facts = [p.status(e.status)]
        if e.status == .running, let left = e.daysLeft(at: now), let days = e.timebox.days {
            facts.append(left >= 0 ? "\(left) of \(days) days left" : p.red("\(-left) days over its \(days)-day timebox"))
        } else if let days = e.timebox.days {
            facts.append("timebox \(days) days")
        }
        if let owner = e.owner { facts.append("owner \(t(owner))") }
        if let created = e.created { facts.append("created \(Timestamp.day(created))") }
        out.append(facts.joined(separator: p.dim(" · ")))
        if let r = inReview { out.append(p.yellow(r.phrase) + " (commit \(r.shortCommit))") }
        out.append(p.dim(t(stored.path)))
        if !e.tags.isEmpty { out.append("tags: " + e.tags.map(t).joined(separator: ", ")) }
        if !e.touches.isEmpty { out.append("touches: " + e.touches.map(t).joined(separator: ", ")) }
        if let f = e.follows { out.append("follows: \(t(f))") }

        if let h = e.hypothesis { section("Hypothesis"); out += block(h) }
        if !e.signals.all.isEmpty {
            section("Signals")
            out += e.signals.success.enumerated().map { "  s\($0.offset + 1)  " + p.green("success") + "  " + t($0.element) }
            out += e.signals.failure.enumerated().map { "  f\($0.offset + 1)  " + p.magenta("failure") + "  " + t($0.element) }
        }
        if !e.data.isEmpty {
            section("Data")
            out += e.data.map { "  " + t($0.what) + ($0.how.map { " — " + t($0) } ?? "") }
        }
        var plan: [String] = []
        if let r = e.reversible { plan.append("  reversible: " + (r ? "yes" : p.yellow("no"))) }
        if let r = e.rollback { plan.append("  rollback: " + t(r)) }
        if !e.stakeholders.isEmpty { plan.append("  stakeholders: " + e.stakeholders.map(t).joined(separator: ", ")) }
        if let d = e.timebox.started { plan.append("  started: \(Timestamp.format(d))" + (e.due.map { ", due \(Timestamp.day($0))" } ?? "")) }
        if let pr = e.prediction {
            plan.append("  prediction: \(pr.outcome.rawValue)" + (pr.confidence.map { " (\(Int(($0 * 100).rounded()))% sure)" } ?? ""))
        }
        if !plan.isEmpty { section("Plan"); out += plan }
        if !e.observations.isEmpty {
            section("Observations")
            for o in e.observations {
                let lines = block(o.text, indent: "              ")
                out.append("  " + p.dim(Timestamp.day(o.at)) + "  " + lines[0].dropFirst(14))
                out += lines.dropFirst()
            }
        }
        if !e.deviations.isEmpty {
            section("Deviations")
            out += e.deviations.map { "  \(p.dim(Timestamp.day($0.at)))  \(p.yellow(t($0.field))): \(t($0.reason))" + ($0.by.map { p.dim(" (\(t($0)))") } ?? "") }
        }
        if let c = e.conclusion {
            section("Conclusion" + (c.at.map { " (\(Timestamp.day($0)))" } ?? ""))
            if let o = c.outcome { out.append("  outcome: " + p.outcome(o)) }
            let prose: [(String, String?)] = [("returned", c.returned), ("facts", c.facts), ("signal", c.signal), ("remediation", c.remediation), ("next", c.next)]
            for (name, value) in prose {
                guard let value else { continue }
                let lines = block(value, indent: "    ")
                out.append("  \(name): " + lines[0].dropFirst(4))
                out += lines.dropFirst()
            }
            if let n = c.nextExperiment { out.append("  next experiment: \(t(n))") }
            if !c.ledger.isEmpty {
                out.append("  ledger:")
                for l in c.ledger {
                    let mark = l.observed == .met ? p.green("met") : l.observed == .notMet ? p.magenta("not met") : p.dim("not measured")
                    out.append("    \(mark): \(t(l.signal))")
                }
            }
        }
        if let a = e.abandoned {
            section("Abandoned" + (a.at.map { " (\(Timestamp.day($0)))" } ?? ""))
            if let r = a.reason { out += block(r) }
        }
        if !e.reviews.isEmpty {
            section("Review (\(ReviewView.counts(e.reviews)))")
            out += ReviewView.lines(e.reviews, painter: p)
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// `ff list`: a table, one experiment a line, fitted to `width` columns when given (titles
/// and owners cut with `…`; the creation date, then the owner, then the progress left out when
/// even that is not enough; an id is never cut). An experiment concluded on a review branch
/// shows `in review` and the outcome there, and a line under the table names the branch.
public enum ListView {
    public static func table(_ entries: [ExperimentSummary], now: Date, painter p: Painter, width: Int? = nil,
                             inReview: [String: InReview] = [:]) -> String {
        guard !entries.isEmpty else { return "" }
        let rows: [[String]] = entries.map { e in
            if let review = inReview[e.id] {
                return [e.id, "in review", e.created.map(Timestamp.day) ?? "", review.outcome?.rawValue ?? "",
                        SafeText.line(e.title), SafeText.line(ownerName(e.owner))]
            }
            let progress = progressCell(e.status, daysLeft: e.daysLeft(at: now), outcome: e.outcome)
            return [e.id, e.status.rawValue, e.created.map(Timestamp.day) ?? "", progress, SafeText.line(e.title), SafeText.line(ownerName(e.owner))]
        }
        let table = TextTable(columns: [
            .init("ID"), .init("STATUS"), .init("CREATED", dropOrder: 1), .init("PROGRESS", dropOrder: 3),
            .init("TITLE", text: (minimum: 20, weight: 3)), .init("OWNER", text: (minimum: 8, weight: 1), dropOrder: 2),
        ], rows: rows)
        var lines = table.render(width: width, header: p.dim) { r, column, cell in
            let e = entries[r]
            if inReview[e.id] != nil { return column == 1 ? p.yellow(cell) : cell }
            if column == 1 { return cell.replacingAll(e.status.rawValue, with: p.status(e.status)) }
            if column == 3 && e.isOverdue(at: now) { return p.red(cell) }
            return cell
        }
        let reviewed = entries.compactMap { e in inReview[e.id].map { (e.id, $0) } }
        if !reviewed.isEmpty { lines.append("") }
        for (id, review) in reviewed {
            let note = "\(id) \(review.phrase)"
            guard let width else { lines.append(note); continue }
            let wrapped = TerminalText.wrap(note, to: max(width - 2, 20))
            lines += wrapped.prefix(1) + wrapped.dropFirst().map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The PROGRESS cell of a table of experiments (`ff list`, `ff list --all-branches`):
    /// days left or over while running, the outcome once concluded, else empty.
    public static func progressCell(_ status: Status, daysLeft: Int?, outcome: Outcome?) -> String {
        switch status {
        case .running:
            guard let left = daysLeft else { return "" }
            return left >= 0 ? "\(left)d left" : "\(-left)d over"
        case .concluded: return outcome?.rawValue ?? ""
        case .draft, .abandoned: return ""
        }
    }

    /// `Ana Lima <ana@example.com>` → `Ana Lima`.
    public static func ownerName(_ owner: String?) -> String {
        guard let owner else { return "" }
        if let lt = owner.firstIndex(of: "<") {
            let name = owner[..<lt].trimmed
            if !name.isEmpty { return name }
        }
        return owner
    }
}

/// `ff status`: what needs attention.
public enum StatusView {
    public struct Sections {
        public var running: [StoredExperiment] = []
        public var overdue: [StoredExperiment] = []
        public var drafts: [(StoredExperiment, missing: [String])] = []
        public var withoutNextTest: [StoredExperiment] = []
        /// Draft or running here, concluded on a review branch: neither running nor a draft
        /// to act on, so in none of the sections above.
        public var inReview: [(StoredExperiment, InReview)] = []
        public var counts: [Status: Int] = [:]
    }

    public static func sections(_ entries: [StoredExperiment], bounds: ClosedRange<Int>, now: Date,
                                inReview: [String: InReview] = [:]) -> Sections {
        var s = Sections()
        // A follow-up that names an experiment in `follows:` is its published next test.
        let followed = Set(entries.compactMap(\.experiment.follows))
        for entry in entries {
            let e = entry.experiment
            s.counts[e.status, default: 0] += 1
            if e.status.isOpen, let review = inReview[e.id] {
                s.inReview.append((entry, review))
                continue
            }
            switch e.status {
            case .running:
                if e.isOverdue(at: now) { s.overdue.append(entry) } else { s.running.append(entry) }
            case .draft:
                s.drafts.append((entry, Lifecycle.missingForStart(e, bounds: bounds)))
            case .concluded:
                if !(e.conclusion?.hasNextTest ?? false) && !followed.contains(e.id) { s.withoutNextTest.append(entry) }
            case .abandoned:
                break
            }
        }
        // Ready drafts first, then the oldest.
        s.drafts.sort { a, b in
            if a.missing.isEmpty != b.missing.isEmpty { return a.missing.isEmpty }
            return (a.0.experiment.created ?? .distantPast, a.0.experiment.id) < (b.0.experiment.created ?? .distantPast, b.0.experiment.id)
        }
        s.running.sort { ($0.experiment.due ?? .distantFuture) < ($1.experiment.due ?? .distantFuture) }
        s.overdue.sort { ($0.experiment.due ?? .distantFuture) < ($1.experiment.due ?? .distantFuture) }
        return s
    }

    /// The dashboard, fitted to `width` columns when given: a title is cut with `…` to keep its
    /// note on the line, and a note that leaves the title too little goes under it, wrapped
    /// between words (an id or a command is never broken).
    public static func render(_ entries: [StoredExperiment], bounds: ClosedRange<Int>, now: Date, painter p: Painter, width: Int? = nil,
                              inReview: [String: InReview] = [:]) -> String {
        let s = sections(entries, bounds: bounds, now: now, inReview: inReview)
        var out: [String] = []
        /// `note` is plain text; `highlight`, a part of it, is shown in `colour`.
        func line(_ e: Experiment, _ note: String, highlight: String? = nil, colour: (String) -> String = { $0 }) -> [String] {
            let lead = "  \(e.id)  ", indent = String(repeating: " ", count: 12)
            let title = SafeText.line(e.title)
            func painted(_ s: String) -> String {
                guard let highlight, let r = s.scalarRange(of: highlight) else { return s }
                return String(s.unicodeScalars[..<r.lowerBound]) + colour(highlight) + String(s.unicodeScalars[r.upperBound...])
            }
            func joined(_ title: String) -> String { lead + title + (note.isEmpty ? "" : p.dim("  ·  ") + painted(note)) }
            guard let width else { return [joined(title)] }
            let noteWidth = note.isEmpty ? 0 : 5 + TerminalText.width(note)
            if 12 + TerminalText.width(title) + noteWidth <= width { return [joined(title)] }
            let room = width - 12 - noteWidth
            if note.isEmpty || room >= 20 { return [joined(TerminalText.fit(title, to: max(room, 10)))] }
            return [lead + TerminalText.fit(title, to: max(width - 12, 10))]
                + TerminalText.wrap(note, to: max(width - 12, 10), at: ", ").map { indent + painted($0) }
        }
        if !s.running.isEmpty {
            out.append(p.bold("Running (\(s.running.count))"))
            out += s.running.flatMap { line($0.experiment, ($0.experiment.daysLeft(at: now).map { $0 == 1 ? "1 day left" : "\($0) days left" }) ?? "") }
        }
        if !s.overdue.isEmpty {
            if !out.isEmpty { out.append("") }
            out.append(p.bold(p.red("Overdue (\(s.overdue.count))")))
            out += s.overdue.flatMap { e in
                let over = -(e.experiment.daysLeft(at: now) ?? 0)
                let days = over == 1 ? "1 day over" : "\(over) days over"
                return line(e.experiment, days + ": ff conclude \(e.experiment.id)", highlight: days, colour: p.red)
            }
        }
        if !s.inReview.isEmpty {
            if !out.isEmpty { out.append("") }
            out.append(p.bold("In review (\(s.inReview.count))"))
            out += s.inReview.flatMap { line($0.0.experiment, $0.1.phrase) }
        }
        if !s.drafts.isEmpty {
            if !out.isEmpty { out.append("") }
            out.append(p.bold("Drafts (\(s.drafts.count))"))
            out += s.drafts.flatMap { d, missing in
                missing.isEmpty
                    ? line(d.experiment, "ready: ff start \(d.experiment.id)", highlight: "ready: ff start \(d.experiment.id)", colour: p.green)
                    : line(d.experiment, "missing " + missing.joined(separator: ", "))
            }
        }
        if !s.withoutNextTest.isEmpty {
            if !out.isEmpty { out.append("") }
            out.append(p.bold(p.yellow("Concluded without a next test (\(s.withoutNextTest.count))")))
            out += s.withoutNextTest.flatMap { line($0.experiment, "publish one: ff new --follows \($0.experiment.id)") }
        }
        if !out.isEmpty { out.append("") }
        if entries.isEmpty {
            out.append("No experiments yet: create one with ff new \"<title>\".")
        } else {
            // The counts are of the files here; those in review are among them.
            let counts = Status.allCases.compactMap { st in
                s.counts[st].map { n in
                    let reviewed = s.inReview.count(where: { $0.0.experiment.status == st })
                    return st.counted(n) + (reviewed > 0 ? " (\(reviewed) in review)" : "")
                }
            }
            out.append(p.dim(counts.joined(separator: ", ")))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ entries: [StoredExperiment], bounds: ClosedRange<Int>, now: Date, inReview: [String: InReview] = [:]) -> JSON {
        let s = sections(entries, bounds: bounds, now: now, inReview: inReview)
        func ref(_ e: StoredExperiment, _ extra: [(String, JSON)] = []) -> JSON {
            .object([("id", .string(e.experiment.id)), ("title", .string(e.experiment.title)), ("path", .string(e.path))] + extra)
        }
        return .object([
            ("running", .array(s.running.map { ref($0, [("days_left", $0.experiment.daysLeft(at: now).map(JSON.int) ?? .null)]) })),
            ("overdue", .array(s.overdue.map { ref($0, [("days_left", $0.experiment.daysLeft(at: now).map(JSON.int) ?? .null)]) })),
            ("in_review", .array(s.inReview.map { ref($0.0, [("review", $0.1.json)]) })),
            ("drafts", .array(s.drafts.map { ref($0.0, [("ready", .bool($0.missing.isEmpty)), ("missing", .array($0.missing.map(JSON.string)))]) })),
            ("concluded_without_next_test", .array(s.withoutNextTest.map { ref($0) })),
            ("counts", .object(Status.allCases.map { ($0.rawValue, .int(s.counts[$0] ?? 0)) })),
        ])
    }
}
