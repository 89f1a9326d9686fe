
/// The experiments of one snapshot (a working tree, an index, a commit), by id: what link
/// checks need to resolve `follows` and `next_experiment` both ways.
public struct ExperimentIndex: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var id: String
        /// Nil for an experiment known only by its file name.
        public var status: Status?
        public var follows: String?
        public var nextExperiment: String?
    }

    public private(set) var byID: [String: [Entry]] = [:]
    /// The ids of the experiments whose `follows` names an id.
    public private(set) var followers: [String: [String]] = [:]

    /// `experiments` read in full, and `named`: others known only by the id their file name
    /// carries, enough to say that an id exists (a check of a few files reads no more).
    public init(_ experiments: [StoredExperiment], named: [(path: String, id: String)] = []) {
        for s in experiments {
            let e = s.experiment
            byID[e.id, default: []].append(Entry(path: s.path, id: e.id, status: e.status, follows: e.follows,
                                                 nextExperiment: e.conclusion?.nextExperiment))
            if let f = e.follows { followers[f, default: []].append(e.id) }
        }
        for n in named { byID[n.id, default: []].append(Entry(path: n.path, id: n.id)) }
    }

    public func entry(_ id: String) -> Entry? { byID[id]?.first }
}

/// The rules `ff check` applies to one experiment file: schema and required fields for its
/// state, the timebox, links, the pre-registration lock, deadlines and the language lint.
/// Pure: it gets the file, the snapshot's other experiments, the config, the time and (for a
/// started experiment) its baseline from history.
public struct ExperimentCheck: Sendable {
    public var config: FFConfig
    public var now: Date
    public var index: ExperimentIndex
    public var lint: LanguageLint
    /// The tracked files `touches:` globs are tried against; nil leaves them unchecked.
    public var tracked: TrackedPaths?

    public init(config: FFConfig, now: Date, index: ExperimentIndex) {
        self.config = config
        self.now = now
        self.index = index
        lint = LanguageLint(config: config)
    }

    /// Every diagnostic for `doc`, in file order.
    public func diagnostics(for doc: ExperimentDocument, baseline: PreRegistration.Baseline? = nil) -> [Diagnostic] {
        let e = doc.experiment
        // Composed only when there is something to locate: most files have nothing to report.
        var locator: SourceLocator?
        func at() -> SourceLocator {
            if let locator { return locator }
            let l = SourceLocator(text: doc.text)
            locator = l
            return l
        }
        var out: [Diagnostic] = []
        func add(_ severity: Diagnostic.Severity, _ path: [SourceLocator.Step], _ message: String, key: String? = nil) {
            let m = at().mark(path)
            out.append(Diagnostic(path: doc.path, line: m.line, column: m.column, severity: severity, message: message, key: key))
        }

        // The file's name and id.
        if let named = Self.idInFileName(doc.path), named != e.id {
            add(.warning, [.key("id")], "the file name says \(named) but the id is \(e.id): rename the file to start with \(e.id)-", key: "file-name-id")
        }
        if let same = index.byID[e.id], same.count > 1 {
            let others = same.map(\.path).filter { $0 != doc.path }.sorted()
            add(.error, [.key("id")], "id \(e.id) is also the id of \(others.joined(separator: ", ")): give one of them a new id")
        }
        for key in e.unknownKeys {
            if let near = Self.nearestKnownKey(key) {
                add(.warning, [.key(key)], "unknown key '\(key)': did you mean '\(near)'? (ff keeps keys it does not know, but reads only its own)", key: "unknown-key:\(key)")
            }
        }

        // Required fields for the state, as the current format has them; a file in an earlier
        // format is upgraded by ff migrate first.
        let id = e.id
        if e.schema < Experiment.currentSchema {
            add(.warning, [], "this file is in format \(e.schema), which ff still reads: run ff migrate to upgrade it", key: "format")
        } else {
            switch e.status {
            case .draft:
                if e.timebox.started != nil {
                    add(.error, [.key("timebox"), .key("started")], "a draft has no timebox.started: ff start \(id) sets it")
                }
                if let days = e.timebox.days, !config.timeboxDays.contains(days) {
                    add(.warning, [.key("timebox"), .key("days")], "a timebox of \(days) days is outside the configured \(bounds) (timebox.min_days and timebox.max_days in .ff/config.yaml): ff start will refuse it", key: "timebox-bounds")
                }
            case .running, .concluded:
                for (path, what) in Self.missingForStart(e) {
                    add(.error, path, "\(e.status.article) \(e.status.rawValue) experiment needs \(what)")
                }
                if e.timebox.started == nil {
                    add(.error, [.key("timebox")], "\(e.status.article) \(e.status.rawValue) experiment needs timebox.started (ff start sets it)")
                }
                if e.status == .running, let days = e.timebox.days, !config.timeboxDays.contains(days) {
                    add(.error, [.key("timebox"), .key("days")], "a timebox of \(days) days is outside the configured \(bounds) (timebox.min_days and timebox.max_days in .ff/config.yaml)")
                }
            case .abandoned:
                if (e.abandoned?.reason ?? "").trimmed.isEmpty {
                    add(.error, e.abandoned == nil ? [.key("status")] : [.key("abandoned")],
                        "an abandoned experiment needs abandoned.reason (still a learning: say why it stopped)")
                } else if e.abandoned?.at == nil {
                    add(.warning, [.key("abandoned")], "abandoned.at is missing: when did it stop?", key: "missing:abandoned.at")
                }
            }
            if e.status != .concluded, e.conclusion != nil {
                add(.error, [.key("conclusion")], "status is \(e.status.rawValue) but the file has a conclusion: ff conclude records both")
            }
            if e.status != .abandoned, e.abandoned != nil {
                add(.error, [.key("abandoned")], "status is \(e.status.rawValue) but the file has abandoned: ff abandon records both")
            }
            if e.status == .concluded {
                if let c = e.conclusion {
                    if c.outcome == nil { add(.error, [.key("conclusion")], "the conclusion needs an outcome: validated, disproved or inconclusive") }
                    if (c.returned ?? "").trimmed.isEmpty { add(.error, [.key("conclusion")], "the conclusion needs returned: what the experiment returned") }
                    if c.at == nil { add(.warning, [.key("conclusion")], "conclusion.at is missing: when was it concluded?", key: "missing:conclusion.at") }
                    let recorded = Set(c.ledger.map(\.signal))
                    for (n, s) in e.signals.all.enumerated() where !recorded.contains(s) {
                        let path: [SourceLocator.Step] = n < e.signals.success.count
                            ? [.key("signals"), .key("success"), .index(n)] : [.key("signals"), .key("failure"), .index(n - e.signals.success.count)]
                        add(.warning, path, "the signal ledger has no entry for this signal: record it as met, not-met or not-measured", key: "ledger-missing:\(s)")
                    }
                    let declared = Set(e.signals.all)
                    for (n, entry) in c.ledger.enumerated() where !declared.contains(entry.signal) {
                        add(.warning, [.key("conclusion"), .key("ledger"), .index(n)], "the ledger names a signal that was not declared: '\(entry.signal)'", key: "ledger-undeclared:\(entry.signal)")
                    }
                    for w in e.ledgerWarnings { add(.warning, [.key("conclusion"), .key("outcome")], w, key: "outcome:\(w)") }
                    if !c.hasNextTest && (index.followers[id] ?? []).isEmpty {
                        add(.warning, [.key("conclusion")], "concluded without a next test: publish one with ff new --follows \(id) \"<title>\"", key: "no-next-test")
                    }
                } else {
                    add(.error, [.key("status")], "a concluded experiment needs a conclusion: (ff conclude records it)")
                }
            }

        }

        // Deadlines.
        if e.isOverdue(at: now), let due = e.due {
            let late = Timestamp.wholeDays(now.timeIntervalSince(due))
            add(.warning, [.key("timebox")], "overdue: the \(e.timebox.days ?? 0)-day timebox ended \(Timestamp.day(due)) (\(late) day\(late == 1 ? "" : "s") ago): conclude it (ff conclude \(id)) or abandon it",
                key: "overdue")
        }

        // Links, both ways.
        if let f = e.follows {
            if f == id {
                add(.error, [.key("follows")], "an experiment cannot follow itself")
            } else if index.entry(f) == nil {
                add(.error, [.key("follows")], "follows \(f), but no experiment has that id")
            } else if Self.followsCycle(from: id, index) {
                add(.error, [.key("follows")], "follows forms a cycle: \(id) is, through its chain, a next test of itself")
            }
        }
        if let next = e.conclusion?.nextExperiment {
            if let target = index.entry(next) {
                if target.follows != id {
                    add(.error, [.key("conclusion"), .key("next_experiment")],
                        "next_experiment \(next) does not follow \(id) back: set follows: \(id) in \(target.path)")
                }
            } else {
                add(.error, [.key("conclusion"), .key("next_experiment")], "next_experiment \(next), but no experiment has that id")
            }
        }

        // A glob that matches nothing has a typo in it, or the code moved.
        if let tracked {
            for (n, pattern) in e.touches.enumerated() where !tracked.matchesAny(PathGlob(pattern)) {
                let why = PathGlob(pattern).isValid ? "" : " (an unclosed [ or a final \\ makes it match nothing)"
                add(.warning, [.key("touches"), .index(n)],
                    "touches '\(SafeText.line(pattern))' matches no tracked file\(why): fix the path or glob, or remove it", key: "touches-no-match:\(pattern)")
            }
        }

        // Deviations are declarations: each one names a locked field and who made it.
        for (n, d) in e.deviations.enumerated() {
            if Experiment.LockedField(rawValue: d.field) == nil {
                add(.error, [.key("deviations"), .index(n), .key("field")],
                    "deviation field '\(d.field)' is not a locked field (\(Experiment.LockedField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if (d.by ?? "").trimmed.isEmpty {
                add(.error, [.key("deviations"), .index(n)], "the deviation has no by: (who made the change); ff amend records it")
            }
        }

        // The pre-registration lock.
        if let baseline, e.isStarted {
            for v in PreRegistration.undeclaredChanges(from: baseline.experiment, to: e) {
                add(.error, PreRegistration.path(of: v.field), PreRegistration.message(v, id: id, status: e.status, baseline: baseline),
                    key: "locked:\(v.field.rawValue)")
            }
        }

        // The language of debriefs, observations and reasons.
        if config.lintLevel != .off {
            let severity: Diagnostic.Severity = config.lintLevel == .error ? .error : .warning
            for (path, value) in Self.lintedTexts(e) where !lint.findings(in: value).isEmpty {
                // Located in the text as the file holds it (not trimmed, not unfolded).
                guard let text = at().scalar(path) else { continue }
                // Keyed by the field and the phrase's turn in it, not by line: an edit
                // elsewhere in the file moves a finding without making it a new one.
                var seen: [String: Int] = [:]
                for f in lint.findings(in: text) {
                    let m = at().position(of: f, inScalarAt: path)
                    let turn = seen[f.phrase, default: 0]
                    seen[f.phrase] = turn + 1
                    out.append(Diagnostic(path: doc.path, line: m.line, column: m.column, severity: severity, message: f.message,
                                          key: "lint:\(SourceLocator.describe(path)):\(f.phrase):\(turn)"))
                }
            }
        }

        return out.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    private var bounds: String { "\(config.timeboxDays.lowerBound)–\(config.timeboxDays.upperBound) days" }

    /// The prose the lint reads — the debrief, observations, and the reasons for stopping or
    /// deviating — with where each stands in the file.
    public static func lintedTexts(_ e: Experiment) -> [([SourceLocator.Step], String)] {
        var out: [([SourceLocator.Step], String)] = []
        if let c = e.conclusion {
            for (key, value) in [("returned", c.returned), ("facts", c.facts), ("signal", c.signal), ("remediation", c.remediation), ("next", c.next)] {
                if let value { out.append(([.key("conclusion"), .key(key)], value)) }
            }
        }
        for (n, o) in e.observations.enumerated() { out.append(([.key("observations"), .index(n), .key("text")], o.text)) }
        for (n, d) in e.deviations.enumerated() { out.append(([.key("deviations"), .index(n), .key("reason")], d.reason)) }
        if let reason = e.abandoned?.reason { out.append(([.key("abandoned"), .key("reason")], reason)) }
        return out
    }

    /// What a started experiment lacks, where it belongs in the file.
    static func missingForStart(_ e: Experiment) -> [([SourceLocator.Step], String)] {
        var out: [([SourceLocator.Step], String)] = []
        if (e.hypothesis ?? "").trimmed.isEmpty { out.append(([.key("hypothesis")], "a hypothesis")) }
        if e.signals.success.isEmpty { out.append(([.key("signals")], "a success signal (signals.success)")) }
        if e.signals.failure.isEmpty { out.append(([.key("signals")], "a failure signal (signals.failure)")) }
        if e.data.isEmpty { out.append(([.key("data")], "a data plan (data: what and how)")) }
        if e.reversible == nil { out.append(([.key("reversible")], "reversibility (reversible: true or false)")) }
        if (e.rollback ?? "").trimmed.isEmpty { out.append(([.key("rollback")], "a rollback plan (rollback:)")) }
        if e.stakeholders.isEmpty { out.append(([.key("stakeholders")], "a stakeholder who observes it")) }
        if e.timebox.days == nil { out.append(([.key("timebox")], "a timebox (timebox.days)")) }
        return out
    }

    /// The id a file name carries (`k7q2m9x4-weekly-demo.yaml`), if it follows the rule.
    static func idInFileName(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let u = Array(name.utf8)
        guard u.count > ExperimentID.length, u[..<ExperimentID.length].allSatisfy(ExperimentID.isIDByte),
              u[ExperimentID.length] == 0x2D || u[ExperimentID.length] == 0x2E else { return nil }
        return String(decoding: u[..<ExperimentID.length], as: UTF8.self)
    }

    /// A known key within two edits of `key`: a likely typo.
    static func nearestKnownKey(_ key: String) -> String? {
        let k = Array(key.lowercased())
        var best: (String, Int)?
        for known in ExperimentKeys.order {
            let d = distance(k, Array(known))
            if d <= 2, d < (best?.1 ?? .max) { best = (known, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = row
        }
        return a.isEmpty ? b.count : prev[b.count]
    }

    static func followsCycle(from id: String, _ index: ExperimentIndex) -> Bool {
        var seen: Set<String> = [id]
        var current = index.entry(id)?.follows
        while let c = current {
            if c == id { return true }
            guard seen.insert(c).inserted else { return false }
            current = index.entry(c)?.follows
        }
        return false
    }
}
