
/// `ff stats`: learning velocity and outcomes, from the timeline.
public struct LearningStats: Sendable {
    public struct Month: Equatable, Sendable {
        public var month: String
        public var started = 0
        public var concluded = 0
        public var abandoned = 0

        public init(month: String, started: Int = 0, concluded: Int = 0, abandoned: Int = 0) {
            self.month = month
            self.started = started
            self.concluded = concluded
            self.abandoned = abandoned
        }
    }

    /// `count` of `of`.
    public struct Share: Equatable, Sendable {
        public var count = 0
        public var of = 0

        public init(count: Int = 0, of: Int = 0) {
            self.count = count
            self.of = of
        }

        public var ratio: Double? { of == 0 ? nil : Double(count) / Double(of) }
    }

    /// The mean Brier score of `forecasts` predictions: the squared distance between the
    /// confidence given to the predicted outcome and what happened (1 if it did, 0 if not).
    /// 0 is perfect; always answering 50 % scores 0.25.
    public struct Score: Equatable, Sendable {
        public var forecasts = 0
        public var hits = 0
        var sum = 0.0
        public var brier: Double? { forecasts == 0 ? nil : sum / Double(forecasts) }
        mutating func add(confidence c: Double, hit: Bool) {
            forecasts += 1
            if hit { hits += 1 }
            let o = hit ? 1.0 : 0.0
            sum += (c - o) * (c - o)
        }
    }

    public var head: String?
    public var notes: [String]
    public var experiments = 0
    public var status: [Status: Int] = [:]
    public var months: [Month] = []
    public var outcomes: [Outcome: Int] = [:]
    public var cycleCount = 0
    public var cycleMedian: Double?
    public var cycleP90: Double?
    public var withinTimebox = Share()
    public var nextTest = Share()
    public var deviationsDeclared = 0
    public var experimentsWithDeviations = 0
    public var undeclaredChanges = 0
    public var experimentsWithUndeclaredChanges = 0
    public var events = 0
    public var eventsByHand = 0
    public var eventsReconstructed = 0
    public var calibration = Score()
    public var byOwner: [(name: String, score: Score)] = []
    public var byTag: [(name: String, score: Score)] = []

    public init(_ t: Timeline) {
        head = t.head
        notes = t.notes
        experiments = t.experiments.count
        var months: [String: Month] = [:]
        func bump(_ d: Date?, _ key: WritableKeyPath<Month, Int>) {
            guard let d else { return }
            let m = Timestamp.month(d)
            months[m, default: Month(month: m)][keyPath: key] += 1
        }
        var followed = Set<String>()
        for f in t.experiments { if let p = f.follows { followed.insert(p) } }
        var cycles: [Double] = []
        var owners: [String: Score] = [:], tags: [String: Score] = [:]
        for f in t.experiments {
            status[f.status, default: 0] += 1
            bump(f.started, \.started)
            if f.status == .concluded { bump(f.concludedAt, \.concluded) }
            if f.status == .abandoned { bump(f.abandonedAt, \.abandoned) }
            deviationsDeclared += f.deviations
            if f.deviations > 0 { experimentsWithDeviations += 1 }
            guard f.status == .concluded else { continue }
            if let o = f.outcome { outcomes[o, default: 0] += 1 }
            if let c = f.cycleDays { cycles.append(c) }
            if let due = f.due, let at = f.concludedAt {
                withinTimebox.of += 1
                if at <= due { withinTimebox.count += 1 }
            }
            nextTest.of += 1
            if f.hasNextTest || followed.contains(f.id) { nextTest.count += 1 }
            if let p = f.prediction, let c = p.confidence, let o = f.outcome {
                let hit = o == p.outcome
                calibration.add(confidence: c, hit: hit)
                owners[Self.person(f.owner), default: Score()].add(confidence: c, hit: hit)
                for tag in Set(f.tags) { tags[tag, default: Score()].add(confidence: c, hit: hit) }
            }
        }
        self.months = months.values.sorted { $0.month < $1.month }
        cycles.sort()
        cycleCount = cycles.count
        cycleMedian = Self.median(cycles)
        cycleP90 = Self.percentile(cycles, 0.9)
        byOwner = owners.map { ($0.key, $0.value) }.sorted { $0.name < $1.name }
        byTag = tags.map { ($0.key, $0.value) }.sorted { $0.name < $1.name }
        // A claim a commit message makes and the file does not hold is not an event of the experiment.
        let counted = t.events.filter { $0.kind != .claimed }
        events = counted.count
        var flagged = Set<String>()
        for e in counted {
            if e.byHand { eventsByHand += 1 }
            if e.reconstructed { eventsReconstructed += 1 }
            if e.flagged {
                undeclaredChanges += 1
                flagged.insert(e.experiment)
            }
        }
        experimentsWithUndeclaredChanges = flagged.count
    }

    /// The name part of `Name <email>`.
    static func person(_ owner: String?) -> String {
        guard let owner, !owner.isEmpty else { return "(no owner)" }
        if let lt = owner.scalarRange(of: " <") { return String(owner[..<lt.lowerBound]) }
        return owner
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// Nearest rank: the smallest value with at least `q` of the values at or below it.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    // MARK: Rendering

    public func text(painter p: Painter) -> String {
        var out = p.bold("Learning stats") + "  " + p.dim("\(experiments) experiment\(experiments == 1 ? "" : "s")" + (head.map { ", history up to \($0.prefix(7))" } ?? "")) + "\n"
        for n in notes { out += p.yellow("note: ") + n + "\n" }
        out += "\n" + p.bold("Velocity") + "      started  concluded  abandoned\n"
        for m in months {
            out += "  \(m.month)" + pad(m.started, 13) + pad(m.concluded, 11) + pad(m.abandoned, 11) + "\n"
        }
        if months.isEmpty { out += "  (nothing started yet)\n" }
        out += "\n"
        let concluded = outcomes.values.reduce(0, +)
        var mix = Outcome.allCases.map { o -> String in
            let n = outcomes[o] ?? 0
            return p.outcome(o) + " \(n)" + (concluded > 0 ? " (\(Self.percent(Double(n) / Double(concluded))))" : "")
        }
        for s in [Status.running, .draft, .abandoned] where (status[s] ?? 0) > 0 { mix.append(p.status(s) + " \(status[s]!)") }
        out += row("Outcomes", mix.joined(separator: " · "))
        out += row("Cycle time", cycleCount == 0 ? "no concluded experiment with a start yet"
            : "median \(Self.days(cycleMedian!)) · p90 \(Self.days(cycleP90!)) (\(cycleCount) concluded)")
        out += row("In timebox", share(withinTimebox, "concluded within their timebox"))
        out += row("Next test", share(nextTest, "conclusions publish a next test"))
        var dev = "\(deviationsDeclared) declared on \(experimentsWithDeviations) experiment\(experimentsWithDeviations == 1 ? "" : "s")"
        if undeclaredChanges > 0 {
            dev += " · " + p.red("\(undeclaredChanges) locked-field change\(undeclaredChanges == 1 ? "" : "s") without a deviation") + " on \(experimentsWithUndeclaredChanges)"
        }
        out += row("Deviations", dev)
        out += row("History", "\(events) events, \(eventsByHand) made by hand with plain git, \(eventsReconstructed) reconstructed")
        out += "\n" + p.bold("Calibration") + p.dim("  (Brier score of predictions: 0 is perfect, 0.25 is a coin flip)") + "\n"
        if calibration.forecasts == 0 {
            out += "  no concluded experiment had a prediction with a confidence\n"
        } else {
            out += "  overall  " + score(calibration) + "\n"
            out += "  by owner\n" + byOwner.map { "    " + SafeText.line($0.name) + "  " + score($0.score) }.joined(separator: "\n") + "\n"
            if !byTag.isEmpty {
                out += "  by tag\n" + byTag.map { "    " + SafeText.line($0.name) + "  " + score($0.score) }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(1, width - s.count)) + s
    }

    private func row(_ name: String, _ value: String) -> String {
        name + String(repeating: " ", count: max(1, 14 - name.count)) + value + "\n"
    }

    private func share(_ s: Share, _ what: String) -> String {
        guard let r = s.ratio else { return "no concluded experiment yet" }
        return "\(s.count) of \(s.of) \(what) (\(Self.percent(r)))"
    }

    private func score(_ s: Score) -> String {
        fixed(s.brier ?? 0, 3) + "  (\(s.forecasts) forecast\(s.forecasts == 1 ? "" : "s"), \(s.hits) right)"
    }

    static func percent(_ r: Double) -> String { "\(Int((r * 100).rounded()))%" }

    static func days(_ d: Double) -> String {
        fixed(d, 1) + " days"
    }

    public func json(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        func score(_ w: inout JSONWriter, _ s: Score) {
            w.field("forecasts", s.forecasts)
            w.field("hits", s.hits)
            w.key("brier")
            w.double(s.brier.map { ($0 * 10_000).rounded() / 10_000 })
        }
        func share(_ w: inout JSONWriter, _ s: Share) {
            w.object { w in
                w.field("count", s.count)
                w.field("of", s.of)
                w.key("share")
                w.double(s.ratio.map { ($0 * 10_000).rounded() / 10_000 })
            }
        }
        func round(_ d: Double?) -> Double? { d.map { ($0 * 100).rounded() / 100 } }
        w.object { w in
            w.field("ff_stats", 1)
            w.field("head", head)
            w.field("notes", strings: notes)
            w.field("experiments", experiments)
            w.key("status")
            w.object { w in for s in Status.allCases { w.field(s.rawValue, status[s] ?? 0) } }
            w.key("months")
            w.array(months) { w, m in
                w.object { w in
                    w.field("month", m.month)
                    w.field("started", m.started)
                    w.field("concluded", m.concluded)
                    w.field("abandoned", m.abandoned)
                }
            }
            w.key("outcomes")
            w.object { w in for o in Outcome.allCases { w.field(o.rawValue, outcomes[o] ?? 0) } }
            w.key("cycle_days")
            w.object { w in
                w.field("count", cycleCount)
                w.key("median"); w.double(round(cycleMedian))
                w.key("p90"); w.double(round(cycleP90))
            }
            w.key("within_timebox"); share(&w, withinTimebox)
            w.key("next_test"); share(&w, nextTest)
            w.key("deviations")
            w.object { w in
                w.field("declared", deviationsDeclared)
                w.field("experiments", experimentsWithDeviations)
                w.field("undeclared", undeclaredChanges)
                w.field("undeclared_experiments", experimentsWithUndeclaredChanges)
            }
            w.key("events")
            w.object { w in
                w.field("total", events)
                w.field("by_hand", eventsByHand)
                w.field("reconstructed", eventsReconstructed)
            }
            w.key("calibration")
            w.object { w in
                w.key("overall")
                w.object { w in score(&w, calibration) }
                w.key("by_owner")
                w.array(byOwner) { w, o in w.object { w in w.field("owner", o.name); score(&w, o.score) } }
                w.key("by_tag")
                w.array(byTag) { w, o in w.object { w in w.field("tag", o.name); score(&w, o.score) } }
            }
        }
        return w.output + "\n"
    }
}
