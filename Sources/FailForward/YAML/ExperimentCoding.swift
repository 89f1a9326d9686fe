// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// The canonical key order of an experiment file; `ff` inserts keys where this order puts them.
public enum ExperimentKeys {
    public static let known = Set(order)
    public static let order = [
        "ff", "id", "title", "status", "owner", "created", "follows", "tags", "touches", "hypothesis",
        "reversible", "rollback", "stakeholders", "timebox", "signals", "data", "observations",
        "prediction", "deviations", "conclusion", "abandoned", "reviews",
    ]
}

extension Experiment {
    /// The experiment as the YAML tree ff writes, keys in canonical order, empty values left out.
    @_optimize(speed) public var yamlTree: [YAMLPair] {
        var p: [YAMLPair] = []
        @_optimize(speed) func add(_ key: String, _ value: YAMLValue?) { if let value { p.append(YAMLPair(key, value)) } }
        @_optimize(speed) func raw(_ s: String?) -> YAMLValue? { s.map { .scalar($0, .raw) } }
        @_optimize(speed) func text(_ s: String?) -> YAMLValue? { s.map { .scalar($0, .text) } }
        @_optimize(speed) func prose(_ s: String?) -> YAMLValue? { s.map { .scalar($0, .prose) } }
        @_optimize(speed) func time(_ d: Date?) -> YAMLValue? { d.map { .scalar(Timestamp.format($0), .raw) } }
        @_optimize(speed) func list(_ items: [String], flow: Bool = false, kind: YAMLValue.ScalarKind = .text) -> YAMLValue? {
            items.isEmpty ? nil : .sequence(items.map { .scalar($0, kind) }, flow: flow)
        }
        @_optimize(speed) func map(_ pairs: [YAMLPair]) -> YAMLValue? { pairs.isEmpty ? nil : .mapping(pairs) }
        @_optimize(speed) func pairs(_ entries: [(String, YAMLValue?)]) -> [YAMLPair] {
            entries.compactMap { k, v in v.map { YAMLPair(k, $0) } }
        }

        add("ff", raw(String(schema)))
        add("id", text(id))
        add("title", text(title))
        add("status", raw(status.rawValue))
        add("owner", text(owner))
        add("created", time(created))
        add("follows", text(follows))
        add("tags", list(tags, flow: true))
        add("touches", list(touches))
        add("hypothesis", prose(hypothesis))
        add("reversible", reversible.map { .scalar($0 ? "true" : "false", .raw) })
        add("rollback", prose(rollback))
        add("stakeholders", list(stakeholders))
        add("timebox", map(pairs([("days", raw(timebox.days.map(String.init))), ("started", time(timebox.started))])))
        add("signals", map(pairs([("success", list(signals.success, kind: .prose)), ("failure", list(signals.failure, kind: .prose))])))
        add("data", data.isEmpty ? nil : .sequence(data.map { .mapping(pairs([("what", text($0.what)), ("how", text($0.how))])) }, flow: false))
        add("observations", observations.isEmpty ? nil : .sequence(observations.map {
            .mapping(pairs([("at", time($0.at)), ("text", prose($0.text))]))
        }, flow: false))
        add("prediction", prediction.map { .mapping(pairs([("outcome", raw($0.outcome.rawValue)), ("confidence", raw($0.confidence.map(Self.formatNumber)))])) })
        add("deviations", deviations.isEmpty ? nil : .sequence(deviations.map {
            .mapping(pairs([("at", time($0.at)), ("field", raw($0.field)), ("reason", prose($0.reason)), ("by", text($0.by))]))
        }, flow: false))
        if let c = conclusion {
            add("conclusion", .mapping(pairs([
                ("at", time(c.at)),
                ("outcome", raw(c.outcome?.rawValue)),
                ("ledger", c.ledger.isEmpty ? nil : .sequence(c.ledger.map {
                    .mapping(pairs([("signal", prose($0.signal)), ("observed", raw($0.observed.rawValue))]))
                }, flow: false)),
                ("returned", prose(c.returned)),
                ("facts", prose(c.facts)),
                ("signal", prose(c.signal)),
                ("remediation", prose(c.remediation)),
                ("next", prose(c.next)),
                ("next_experiment", text(c.nextExperiment)),
            ])))
        }
        if let a = abandoned {
            add("abandoned", .mapping(pairs([("at", time(a.at)), ("reason", prose(a.reason))])))
        }
        add("reviews", reviews.isEmpty ? nil : .sequence(reviews.map {
            .mapping(pairs([("at", time($0.at)), ("by", text($0.by)), ("line", raw($0.line.map(String.init))),
                            ("text", prose($0.text)), ("resolved", raw($0.resolved ? "true" : "false"))]))
        }, flow: false))
        return p
    }

    /// The top-level keys whose values differ from `other`'s, in file order.
    @_optimize(speed) public func changedKeys(comparedTo other: Experiment) -> [String] {
        let mine = yamlTree, theirs = other.yamlTree
        var keys = mine.map(\.key)
        for p in theirs where !keys.contains(p.key) { keys.append(p.key) }
        return keys.filter { mine[$0] != theirs[$0] }
    }

    @_optimize(speed) public static func formatNumber(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }
}

/// Reads an experiment out of a composed YAML tree, with a located error for anything wrong.
struct ExperimentDecoder {
    let path: String

    @_optimize(speed) init(path: String) { self.path = path }

    @_optimize(speed) func fail(_ node: YAMLNode?, _ message: String) -> FileError {
        FileError(path: path, line: node?.start.line ?? 1, column: node?.start.column ?? 1, message: message)
    }

    @_optimize(speed) func decode(_ root: YAMLNode) throws -> Experiment {
        guard case let .mapping(map) = root else {
            throw fail(root, "an experiment file must be a YAML mapping of keys (like 'title: …'), found \(kindName(root))")
        }
        var keys: [String: YAMLNode] = [:]
        var unknown: [String] = []
        for pair in map.items {
            guard case let .scalar(ks) = pair.key else { throw fail(pair.key, "keys must be plain words") }
            keys[ks.string] = pair.value
            if !ExperimentKeys.known.contains(ks.string) { unknown.append(ks.string) }
        }
        @_optimize(speed) func value(_ key: String) -> YAMLNode? {
            guard let v = keys[key], !v.isNull else { return nil }
            return v
        }

        let schema: Int
        if value("ff") == nil, let v = value("version"), try int(v, "version") == 0 {
            return try FormatV0(decoder: self).decode(keys: keys, root: root)
        }
        if let v = value("ff") {
            schema = try int(v, "ff")
            guard schema >= 1 else { throw fail(v, "schema version ff: \(schema) is not one ff knows (format 0 files say 'version: 0')") }
            guard schema <= Experiment.currentSchema else {
                throw fail(v, "schema version ff: \(schema) was written by a newer ff (this one reads up to \(Experiment.currentSchema)): upgrade ff")
            }
        } else {
            throw fail(root, "missing 'ff:' (the schema version; add 'ff: 1' as the first line)")
        }
        guard let idNode = value("id") else { throw fail(root, "missing 'id:'") }
        let id = try string(idNode, "id")
        guard ExperimentID.isValid(id) else {
            throw fail(idNode, "id '\(SafeText.line(id))' is not 8 lowercase Crockford base32 characters (0-9, a-z without i, l, o, u)")
        }
        guard let titleNode = value("title") else { throw fail(root, "missing 'title:'") }
        var e = Experiment(id: id, title: try string(titleNode, "title"))
        e.schema = schema
        guard let statusNode = value("status") else { throw fail(root, "missing 'status:' (draft, running, concluded or abandoned)") }
        e.status = try enumValue(statusNode, "status")
        e.owner = try value("owner").map { try string($0, "owner") }
        e.created = try value("created").map { try date($0, "created") }
        e.follows = try value("follows").map { try string($0, "follows") }
        e.tags = try value("tags").map { try strings($0, "tags") } ?? []
        e.touches = try value("touches").map { try strings($0, "touches") } ?? []
        e.hypothesis = try value("hypothesis").map { try prose($0, "hypothesis") }
        e.reversible = try value("reversible").map { try bool($0, "reversible") }
        e.rollback = try value("rollback").map { try prose($0, "rollback") }
        e.stakeholders = try value("stakeholders").map { try strings($0, "stakeholders") } ?? []
        if let t = value("timebox") {
            let m = try mapping(t, "timebox", known: ["days", "started"])
            e.timebox.days = try m["days"].map { try int($0, "timebox.days", 1...Timebox.maximumDays, "a whole number of days from 1 to \(Timebox.maximumDays)") }
            e.timebox.started = try m["started"].map { try date($0, "timebox.started") }
        }
        if let s = value("signals") {
            let m = try mapping(s, "signals", known: ["success", "failure"])
            e.signals.success = try m["success"].map { try items($0, "signals.success").map { try prose($0, "signals.success") } } ?? []
            e.signals.failure = try m["failure"].map { try items($0, "signals.failure").map { try prose($0, "signals.failure") } } ?? []
        }
        if let d = value("data") {
            e.data = try items(d, "data").map { item in
                if case .scalar = item {
                    // `- follow-up requests: count replies` reads as a mapping; a bare string is a "what".
                    return DataPlan(what: try string(item, "data"))
                }
                let m = try mapping(item, "data item", known: ["what", "how"])
                guard let what = m["what"] else { throw fail(item, "a data item needs 'what:'") }
                return DataPlan(what: try string(what, "data.what"), how: try m["how"].map { try string($0, "data.how") })
            }
        }
        if let o = value("observations") {
            e.observations = try items(o, "observations").map { item in
                let m = try mapping(item, "observation", known: ["at", "text"])
                guard let at = m["at"] else { throw fail(item, "an observation needs 'at:' (a time like 2026-11-28T09:14:00Z)") }
                guard let text = m["text"] else { throw fail(item, "an observation needs 'text:'") }
                return Observation(at: try date(at, "observations.at"), text: try prose(text, "observations.text"))
            }
        }
        if let p = value("prediction") {
            let m = try mapping(p, "prediction", known: ["outcome", "confidence"])
            guard let outcome = m["outcome"] else { throw fail(p, "a prediction needs 'outcome:' (validated, disproved or inconclusive)") }
            var pred = Prediction(outcome: try enumValue(outcome, "prediction.outcome"))
            if let c = m["confidence"] {
                let v = try double(c, "prediction.confidence")
                guard (0...1).contains(v) else { throw fail(c, "prediction.confidence must be between 0 and 1, found \(Self.show(c))") }
                pred.confidence = v
            }
            e.prediction = pred
        }
        if let d = value("deviations") {
            e.deviations = try items(d, "deviations").map { item in
                let m = try mapping(item, "deviation", known: ["at", "field", "reason", "by"])
                guard let at = m["at"], let field = m["field"], let reason = m["reason"] else {
                    throw fail(item, "a deviation needs 'at:', 'field:' and 'reason:'")
                }
                return Deviation(at: try date(at, "deviations.at"), field: try string(field, "deviations.field"),
                                 reason: try prose(reason, "deviations.reason"), by: try m["by"].map { try string($0, "deviations.by") })
            }
        }
        if let c = value("conclusion") {
            let m = try mapping(c, "conclusion", known: ["at", "outcome", "ledger", "returned", "facts", "signal", "remediation", "next", "next_experiment"])
            var con = Conclusion()
            con.at = try m["at"].map { try date($0, "conclusion.at") }
            con.outcome = try m["outcome"].map { try enumValue($0, "conclusion.outcome") }
            con.ledger = try m["ledger"].map { l in
                try items(l, "conclusion.ledger").map { item in
                    let lm = try mapping(item, "ledger entry", known: ["signal", "observed"])
                    guard let s = lm["signal"], let o = lm["observed"] else {
                        throw fail(item, "a ledger entry needs 'signal:' and 'observed:' (met, not-met or not-measured)")
                    }
                    return LedgerEntry(signal: try prose(s, "ledger.signal"), observed: try enumValue(o, "ledger.observed"))
                }
            } ?? []
            con.returned = try m["returned"].map { try prose($0, "conclusion.returned") }
            con.facts = try m["facts"].map { try prose($0, "conclusion.facts") }
            con.signal = try m["signal"].map { try prose($0, "conclusion.signal") }
            con.remediation = try m["remediation"].map { try prose($0, "conclusion.remediation") }
            con.next = try m["next"].map { try prose($0, "conclusion.next") }
            con.nextExperiment = try m["next_experiment"].map { try string($0, "conclusion.next_experiment") }
            e.conclusion = con
        }
        if let a = value("abandoned") {
            let m = try mapping(a, "abandoned", known: ["at", "reason"])
            e.abandoned = Abandonment(at: try m["at"].map { try date($0, "abandoned.at") },
                                      reason: try m["reason"].map { try prose($0, "abandoned.reason") })
        }
        if let r = value("reviews") {
            e.reviews = try items(r, "reviews").map { item in
                let m = try mapping(item, "review note", known: ["at", "by", "line", "text", "resolved"])
                guard let at = m["at"], let text = m["text"] else { throw fail(item, "a review note needs 'at:' and 'text:'") }
                var note = ReviewNote(at: try date(at, "reviews.at"), text: try prose(text, "reviews.text"))
                note.by = try m["by"].map { try string($0, "reviews.by") }
                if let l = m["line"] {
                    let n = try int(l, "reviews.line")
                    guard n >= 1 else { throw fail(l, "reviews.line must be a line number (1 or more), found \(Self.show(l))") }
                    note.line = n
                }
                note.resolved = try m["resolved"].map { try bool($0, "reviews.resolved") } ?? false
                return note
            }
        }
        e.unknownKeys = unknown
        return e
    }

    // MARK: Node helpers

    @_optimize(speed) func kindName(_ node: YAMLNode) -> String {
        switch node {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    @_optimize(speed) static func show(_ node: YAMLNode) -> String {
        if case let .scalar(s) = node { return "'\(SafeText.line(String(s.string.prefix(60))))'" }
        return "a structure"
    }

    @_optimize(speed) func string(_ node: YAMLNode, _ field: String) throws -> String {
        guard case let .scalar(s) = node else {
            throw fail(node, "\(field) must be text, found \(kindName(node))")
        }
        return s.string.trimmed
    }

    /// Prose as written, less the line breaks that end it (see `withoutTrailingLineBreaks`).
    @_optimize(speed) func prose(_ node: YAMLNode, _ field: String) throws -> String {
        guard case let .scalar(s) = node else {
            throw fail(node, "\(field) must be text, found \(kindName(node))")
        }
        return s.string.withoutTrailingLineBreaks
    }

    @_optimize(speed) func strings(_ node: YAMLNode, _ field: String) throws -> [String] {
        try items(node, field).map { try string($0, field) }
    }

    @_optimize(speed) func items(_ node: YAMLNode, _ field: String) throws -> [YAMLNode] {
        guard case let .sequence(seq) = node else {
            throw fail(node, "\(field) must be a list (lines starting with '- '), found \(kindName(node))")
        }
        return seq.items
    }

    /// The non-null values of a small mapping by key, checked against the `known` keys. A
    /// linear list: these mappings have at most nine keys, and a dictionary per observation
    /// costs more than it saves.
    struct Fields {
        var pairs: [(String, YAMLNode)] = []
        @_optimize(speed) subscript(key: String) -> YAMLNode? { pairs.first { $0.0 == key }?.1 }
    }

    @_optimize(speed) func mapping(_ node: YAMLNode, _ field: String, known: [String]) throws -> Fields {
        guard case let .mapping(m) = node else {
            throw fail(node, "\(field) must be a mapping of keys, found \(kindName(node))")
        }
        var out = Fields()
        out.pairs.reserveCapacity(m.items.count)
        for pair in m.items {
            guard case let .scalar(ks) = pair.key else { throw fail(pair.key, "keys must be plain words") }
            guard known.contains(ks.string) else {
                throw fail(pair.key, "unknown key '\(SafeText.line(ks.string))' in \(field) (expected \(known.joined(separator: ", ")))")
            }
            if !pair.value.isNull { out.pairs.append((ks.string, pair.value)) }
        }
        return out
    }

    @_optimize(speed) func int(_ node: YAMLNode, _ field: String) throws -> Int {
        guard case let .scalar(s) = node, let v = Int(s.string.trimmed) else {
            throw fail(node, "\(field) must be a whole number, found \(Self.show(node))")
        }
        return v
    }

    /// A whole number in `range`; `what` names the range in the error (as a number too long
    /// for 64 bits is out of range too).
    @_optimize(speed) func int(_ node: YAMLNode, _ field: String, _ range: ClosedRange<Int>, _ what: String) throws -> Int {
        guard case let .scalar(s) = node, let v = Int(s.string.trimmed), range.contains(v) else {
            throw fail(node, "\(field) must be \(what), found \(Self.show(node))")
        }
        return v
    }

    @_optimize(speed) func double(_ node: YAMLNode, _ field: String) throws -> Double {
        guard case let .scalar(s) = node, let v = Double(s.string.trimmed), v.isFinite else {
            throw fail(node, "\(field) must be a number, found \(Self.show(node))")
        }
        return v
    }

    @_optimize(speed) func bool(_ node: YAMLNode, _ field: String) throws -> Bool {
        if case let .scalar(s) = node {
            switch s.string.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        throw fail(node, "\(field) must be true or false, found \(Self.show(node))")
    }

    @_optimize(speed) func date(_ node: YAMLNode, _ field: String) throws -> Date {
        guard case let .scalar(s) = node, let d = Timestamp.parse(s.string.trimmed) else {
            throw fail(node, "\(field) must be a time like 2026-11-28T09:14:00Z, found \(Self.show(node))")
        }
        return d
    }

    @_optimize(speed) func enumValue<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ field: String) throws -> E where E.RawValue == String {
        guard case let .scalar(s) = node, let v = E(rawValue: s.string.trimmed) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(node, "\(field) must be one of \(allowed), found \(Self.show(node))")
        }
        return v
    }
}
