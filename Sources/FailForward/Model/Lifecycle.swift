
/// An action refused by the lifecycle or by what an experiment still lacks. The description
/// states the facts; a front end adds how to go on in its own terms (flags, commands).
public enum LifecycleError: Error, CustomStringConvertible, Equatable {
    case invalidTransition(id: String, action: Action, status: Status)
    case notReady(id: String, missing: [String])
    /// Prose that is required is blank; `field` is the record's field it fills, when a
    /// front end asks for it by that name.
    case emptyText(what: String, field: TextField? = nil)
    case timeboxOutOfBounds(days: Int, bounds: ClosedRange<Int>)
    case lockedFieldsChanged(id: String, fields: [String])
    case nothingLockedChanged(id: String)

    public var description: String {
        switch self {
        case let .invalidTransition(id, action, status):
            let allowed = Lifecycle.allowedCommands(from: status)
            let next = allowed.isEmpty
                ? "\(status.article) \(status.rawValue) experiment is final"
                : "\(status.article) \(status.rawValue) experiment allows: \(allowed.joined(separator: ", "))"
            return "cannot \(action.rawValue) \(id): it is \(status.rawValue); \(next)"
        case let .notReady(id, missing):
            return "cannot start \(id): missing \(missing.joined(separator: ", "))"
        case let .emptyText(what, _):
            return "\(what) is empty"
        case let .timeboxOutOfBounds(days, bounds):
            return "a timebox of \(days) days is outside the configured \(bounds.lowerBound)–\(bounds.upperBound) days (timebox.min_days and timebox.max_days in .ff/config.yaml)"
        case let .lockedFieldsChanged(id, fields):
            return "\(fields.joined(separator: ", ")) of running experiment \(id) are locked since its start"
        case let .nothingLockedChanged(id):
            return "no locked field of \(id) changed"
        }
    }

    /// The fields of a record that a transition needs as prose.
    public enum TextField: String, Equatable, Sendable {
        /// What a concluded experiment returned (`conclusion.returned`).
        case returned
        /// Why a locked field changed (a deviation's `reason`).
        case reason
    }
}

extension Status {
    var article: String { self == .abandoned ? "an" : "a" }

    /// `2 drafts`, `1 running`.
    public func counted(_ n: Int) -> String {
        switch self {
        case .draft: return n == 1 ? "1 draft" : "\(n) drafts"
        default: return "\(n) \(rawValue)"
        }
    }

    /// Draft or running: not yet concluded or abandoned.
    public var isOpen: Bool { self == .draft || self == .running }
}

extension Experiment {
    /// Running or concluded: started through the lifecycle, its plan locked since.
    public var isStarted: Bool { status == .running || status == .concluded }

    /// Its file records a start: not a draft, with `timebox.started` (an abandoned experiment
    /// may have been started or not).
    public var recordsStart: Bool { status != .draft && timebox.started != nil }

    /// Started at some time: still locked, or abandoned after its start.
    public var wasStarted: Bool { isStarted || recordsStart }
}

/// The lifecycle: `draft → running → concluded`, `draft | running → abandoned`. Every
/// transition is a pure function from one experiment to the next.
public enum Lifecycle {
    /// The commands that act on an experiment in `status`.
    public static func allowedCommands(from status: Status) -> [String] {
        allowedActions(from: status).map(\.rawValue)
    }

    /// The actions the lifecycle allows on an experiment in `status`, in the order shown.
    public static func allowedActions(from status: Status) -> [Action] {
        switch status {
        case .draft: return [.edit, .start, .abandon]
        case .running: return [.note, .amend, .edit, .conclude, .abandon]
        case .concluded, .abandoned: return []
        }
    }

    /// What `e` still lacks before it can start, in the words the error shows.
    public static func missingForStart(_ e: Experiment, bounds: ClosedRange<Int>) -> [String] {
        var missing: [String] = []
        if (e.hypothesis ?? "").trimmed.isEmpty { missing.append("hypothesis") }
        if e.signals.success.isEmpty { missing.append("a success signal") }
        if e.signals.failure.isEmpty { missing.append("a failure signal") }
        if e.data.isEmpty { missing.append("a data plan") }
        if e.reversible == nil { missing.append("reversibility (reversible: true or false)") }
        // A reversible change needs the steps to undo it; an irreversible one is allowed, with a warning.
        if e.reversible != false && (e.rollback ?? "").trimmed.isEmpty { missing.append("a rollback plan") }
        if e.stakeholders.isEmpty { missing.append("a stakeholder") }
        if let days = e.timebox.days {
            if !bounds.contains(days) { missing.append("a timebox within \(bounds.lowerBound)–\(bounds.upperBound) days (it is \(days); the bounds are timebox.min_days and timebox.max_days in .ff/config.yaml)") }
        } else {
            missing.append("a timebox (days)")
        }
        return missing
    }
}

extension Experiment {
    private func require(_ action: Action, _ allowed: Set<Status>) throws {
        guard allowed.contains(status) else {
            throw LifecycleError.invalidTransition(id: id, action: action, status: status)
        }
    }

    /// Prose as given, less its final line breaks (indentation and spaces are the writer's);
    /// blank text is refused.
    private static func text(_ s: String, _ what: String, field: LifecycleError.TextField? = nil) throws -> String {
        guard !s.trimmed.isEmpty else { throw LifecycleError.emptyText(what: what, field: field) }
        return s.withoutTrailingLineBreaks
    }

    /// `draft → running`, once everything the method asks for is there.
    public func started(at time: Date, bounds: ClosedRange<Int>) throws -> Experiment {
        try require(.start, [.draft])
        let missing = Lifecycle.missingForStart(self, bounds: bounds)
        guard missing.isEmpty else { throw LifecycleError.notReady(id: id, missing: missing) }
        var e = self
        e.status = .running
        e.timebox.started = Timestamp.wholeSeconds(time)
        return e
    }

    /// Appends an observation to a running experiment.
    public func noted(_ text: String, at time: Date) throws -> Experiment {
        try require(.note, [.running])
        var e = self
        e.observations.append(Observation(at: Timestamp.wholeSeconds(time), text: try Self.text(text, "the observation")))
        return e
    }

    /// `running → concluded`. Empty prose fields are left out.
    public func concluded(_ conclusion: Conclusion, at time: Date) throws -> Experiment {
        try require(.conclude, [.running])
        guard conclusion.outcome != nil else { throw LifecycleError.emptyText(what: "the outcome") }
        var c = conclusion
        c.at = Timestamp.wholeSeconds(time)
        _ = try Self.text(c.returned ?? "", "what the experiment returned", field: .returned)
        for keyPath in [\Conclusion.returned, \.facts, \.signal, \.remediation, \.next] {
            let t = c[keyPath: keyPath]
            c[keyPath: keyPath] = (t?.trimmed.isEmpty ?? true) ? nil : t?.withoutTrailingLineBreaks
        }
        var e = self
        e.status = .concluded
        e.conclusion = c
        return e
    }

    /// `draft | running → abandoned`, with the reason (still a learning).
    public func abandoned(reason: String, at time: Date) throws -> Experiment {
        try require(.abandon, [.draft, .running])
        var e = self
        e.status = .abandoned
        e.abandoned = Abandonment(at: Timestamp.wholeSeconds(time), reason: try Self.text(reason, "the reason"))
        return e
    }

    /// An edit by hand or through flags: anything but the status and, once running, the locked fields.
    public func edited(to new: Experiment) throws -> Experiment {
        try require(.edit, [.draft, .running])
        if status == .running {
            let changed = new.lockedFieldsChanged(comparedTo: self)
            guard changed.isEmpty else {
                throw LifecycleError.lockedFieldsChanged(id: id, fields: changed.map(\.rawValue))
            }
        }
        return new
    }

    /// A declared deviation: the locked fields that differ in `new` are recorded with the reason,
    /// and so are the fields in `declaring` (changed earlier without a declaration).
    public func amended(to new: Experiment, reason: String, at time: Date, by person: String?,
                        declaring earlier: [LockedField] = []) throws -> (Experiment, [LockedField]) {
        try require(.amend, [.running])
        let why = try Self.text(reason, "the reason", field: .reason)
        let differing = Set(new.lockedFieldsChanged(comparedTo: self) + earlier)
        let changed = LockedField.allCases.filter(differing.contains)
        guard !changed.isEmpty else { throw LifecycleError.nothingLockedChanged(id: id) }
        var e = new
        let when = Timestamp.wholeSeconds(time)
        e.deviations = deviations + changed.map { Deviation(at: when, field: $0.rawValue, reason: why, by: person) }
        return (e, changed)
    }
}

extension Experiment {
    /// Warnings when the concluded outcome contradicts the signal ledger.
    public var ledgerWarnings: [String] {
        guard let c = conclusion, let outcome = c.outcome, !c.ledger.isEmpty else { return [] }
        let met = Set(c.ledger.filter { $0.observed == .met }.map(\.signal))
        let successMet = signals.success.contains(where: met.contains)
        let failureMet = signals.failure.contains(where: met.contains)
        var warnings: [String] = []
        if outcome == .validated && !successMet {
            warnings.append("the outcome is validated but no success signal was met")
        }
        if outcome == .validated && failureMet {
            warnings.append("the outcome is validated but a failure signal was met")
        }
        if outcome == .disproved && successMet && !failureMet {
            warnings.append("the outcome is disproved but a success signal was met and no failure signal was")
        }
        return warnings
    }
}
