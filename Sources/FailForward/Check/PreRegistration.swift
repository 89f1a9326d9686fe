
/// The pre-registration lock: once an experiment starts, its locked fields keep the values
/// they had in the commit that started it, unless a change is declared as a deviation.
public enum PreRegistration {
    /// An experiment as it was when it started.
    public struct Baseline: Sendable, Equatable {
        public var experiment: Experiment
        /// The commit that started it, abbreviated.
        public var commit: String
        public var date: Date?
        /// The start commit has been rewritten out of every branch: this is the original
        /// pre-registration, still the one the lock holds to.
        public var rewritten: Bool

        public init(experiment: Experiment, commit: String, date: Date? = nil, rewritten: Bool = false) {
            self.experiment = experiment
            self.commit = commit
            self.date = date
            self.rewritten = rewritten
        }
    }

    /// A locked field whose value differs from the baseline without a matching deviation.
    public struct Violation: Sendable, Equatable {
        public var field: Experiment.LockedField
        /// A deviation that names the field but lacks what makes it a declaration (a reason,
        /// the author, a time after the start), when there is one.
        public var incomplete: Deviation?
    }

    /// Whether `d` declares a change of `field`: it names the field, gives a reason and the
    /// author, and is dated no earlier than the start.
    public static func declares(_ d: Deviation, _ field: Experiment.LockedField, startedAt started: Date?) -> Bool {
        d.field == field.rawValue && isComplete(d, startedAt: started)
    }

    public static func isComplete(_ d: Deviation, startedAt started: Date?) -> Bool {
        guard !d.reason.trimmed.isEmpty, !(d.by ?? "").trimmed.isEmpty else { return false }
        if let started, d.at < started { return false }
        return true
    }

    /// The locked fields of `current` that differ from `baseline` and are not declared by a
    /// deviation added since the start. Deviations already present at the start declare
    /// nothing (they were written before there was anything to deviate from).
    public static func undeclaredChanges(from baseline: Experiment, to current: Experiment) -> [Violation] {
        let started = baseline.timebox.started
        let added = current.deviations.filter { !baseline.deviations.contains($0) }
        return current.lockedFieldsChanged(comparedTo: baseline).compactMap { field in
            if added.contains(where: { declares($0, field, startedAt: started) }) { return nil }
            return Violation(field: field, incomplete: added.first { $0.field == field.rawValue })
        }
    }

    /// The locked fields that are declared as deviations in neither `current` nor `baseline`,
    /// for `ff amend` to declare.
    public static func undeclaredFields(from baseline: Experiment, to current: Experiment) -> [Experiment.LockedField] {
        undeclaredChanges(from: baseline, to: current).map(\.field)
    }

    /// Where a locked field stands in the file.
    public static func path(of field: Experiment.LockedField) -> [SourceLocator.Step] {
        switch field {
        case .timeboxDays: return [.key("timebox"), .key("days")]
        case .timeboxStarted: return [.key("timebox"), .key("started")]
        default: return [.key(field.rawValue)]
        }
    }

    /// The one-line explanation `ff check` and the hooks give, saying how to declare it.
    public static func message(_ v: Violation, id: String, status: Status, baseline: Baseline) -> String {
        var when = baseline.date.map { ", \(Timestamp.day($0))" } ?? ""
        if baseline.rewritten { when += "; a rewrite has since removed that commit from every branch" }
        var text = "\(v.field.rawValue) of \(status.rawValue) experiment \(id) changed since it started (commit \(baseline.commit)\(when)) without a declared deviation"
        if let d = v.incomplete {
            var lacks: [String] = []
            if d.reason.trimmed.isEmpty { lacks.append("a reason") }
            if (d.by ?? "").trimmed.isEmpty { lacks.append("by: (who made the change)") }
            if let started = baseline.experiment.timebox.started, d.at < started { lacks.append("a time after the start") }
            text += " (its deviation entry lacks \(lacks.joined(separator: " and ")))"
        }
        if status == .running {
            text += ": declare it with ff amend \(id) --reason \"…\" (it records the field, reason, time and author under deviations:), or restore the pre-registered value"
        } else {
            text += ": restore the pre-registered value, or record the change under deviations: (field, reason, at, by)"
        }
        return text
    }
}
