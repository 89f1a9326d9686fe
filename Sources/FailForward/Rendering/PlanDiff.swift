
/// The pre-registered plan (the locked fields when the experiment started) against now.
public enum PlanDiff {
    public struct Change: Equatable {
        public let field: String
        public let before: [String]
        public let after: [String]
        /// The deviations declared for this field since the start.
        public let declared: [Deviation]
    }

    public static func changes(from start: Experiment, to now: Experiment) -> [Change] {
        now.lockedFieldsChanged(comparedTo: start).map { field in
            Change(field: field.rawValue, before: lines(start, field), after: lines(now, field),
                   declared: now.deviations.filter { d in d.field == field.rawValue && (start.timebox.started.map { d.at >= $0 } ?? true) })
        }
    }

    /// A locked field as lines of text, for a readable diff.
    static func lines(_ e: Experiment, _ field: Experiment.LockedField) -> [String] {
        switch field {
        case .hypothesis: return e.hypothesis.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        case .signals: return e.signals.success.map { "success: \($0)" } + e.signals.failure.map { "failure: \($0)" }
        case .data: return e.data.map { $0.what + ($0.how.map { ": \($0)" } ?? "") }
        case .timeboxDays: return e.timebox.days.map { ["\($0) days"] } ?? []
        case .timeboxStarted: return e.timebox.started.map { [Timestamp.format($0)] } ?? []
        case .reversible: return e.reversible.map { [$0 ? "true" : "false"] } ?? []
        case .rollback: return e.rollback.map { [$0] } ?? []
        case .prediction: return e.prediction.map { ["\($0.outcome.rawValue)" + ($0.confidence.map { " (\(Experiment.formatNumber($0)))" } ?? "")] } ?? []
        }
    }

    public static func render(id: String, startCommit: String, startedAt: Date?, changes: [Change], painter p: Painter) -> String {
        var out = [p.bold("\(id): the plan at its start (\(startCommit.prefix(7))\(startedAt.map { ", " + Timestamp.day($0) } ?? "")) against now")]
        if changes.isEmpty {
            out.append("No locked field has changed since the start.")
            return out.joined(separator: "\n") + "\n"
        }
        for c in changes {
            out.append("")
            let status = c.declared.isEmpty
                ? p.red("changed without a declared deviation (declare it with ff amend \(id) --reason …)")
                : "declared: " + c.declared.map { "\(Timestamp.day($0.at)) \(SafeText.line($0.reason))" }.joined(separator: "; ")
            out.append(p.bold(c.field) + "  " + status)
            let before = Set(c.before), after = Set(c.after)
            for line in c.before where !after.contains(line) { out.append(p.red("  - " + SafeText.line(line))) }
            for line in c.after where !before.contains(line) { out.append(p.green("  + " + SafeText.line(line))) }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
