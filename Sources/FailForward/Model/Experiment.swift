
/// The lifecycle states of an experiment: `draft → running → concluded`, and
/// `draft | running → abandoned`.
public enum Status: String, CaseIterable, Sendable, Codable {
    case draft, running, concluded, abandoned
}

/// What an experiment returned. Never "failed": a disproved hypothesis is a learning.
public enum Outcome: String, CaseIterable, Sendable, Codable {
    case validated, disproved, inconclusive
}

extension Outcome {
    /// How a commit subject says it: `hypothesis validated`, `hypothesis disproved`, `inconclusive`.
    public var summary: String { self == .inconclusive ? "inconclusive" : "hypothesis \(rawValue)" }
}

/// How a pre-declared signal was observed at the conclusion.
public enum Observed: String, CaseIterable, Sendable, Codable {
    case met
    case notMet = "not-met"
    case notMeasured = "not-measured"
}

/// One experiment, as its YAML file describes it. Prose is held trimmed of surrounding
/// whitespace; times are whole seconds in UTC.
public struct Experiment: Equatable, Sendable {
    public var schema: Int = Experiment.currentSchema
    public var id: String
    public var title: String
    public var status: Status = .draft
    public var owner: String?
    public var created: Date?
    public var follows: String?
    public var tags: [String] = []
    /// Paths or git-style globs of the code this experiment concerns (`ff why` answers from them).
    public var touches: [String] = []
    public var hypothesis: String?
    public var reversible: Bool?
    public var rollback: String?
    public var stakeholders: [String] = []
    public var timebox = Timebox()
    public var signals = Signals()
    public var data: [DataPlan] = []
    public var observations: [Observation] = []
    public var prediction: Prediction?
    public var deviations: [Deviation] = []
    public var conclusion: Conclusion?
    public var abandoned: Abandonment?
    /// Review notes recorded without a forge (`ff review`).
    public var reviews: [ReviewNote] = []
    /// Keys ff does not know; they stay in the file untouched.
    public var unknownKeys: [String] = []

    public static let currentSchema = 1

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

public struct Timebox: Equatable, Sendable {
    /// The longest timebox a file, the config or a flag may give: a hundred years, far past
    /// any experiment, and small enough that every due date is a time the files can hold.
    public static let maximumDays = 36_500

    public var days: Int?
    public var started: Date?
    public init(days: Int? = nil, started: Date? = nil) {
        self.days = days
        self.started = started
    }
}

public struct Signals: Equatable, Sendable {
    public var success: [String] = []
    public var failure: [String] = []
    public init(success: [String] = [], failure: [String] = []) {
        self.success = success
        self.failure = failure
    }
    /// Every declared signal, success first, in file order.
    public var all: [String] { success + failure }
}

/// What data to capture and how.
public struct DataPlan: Equatable, Sendable {
    public var what: String
    public var how: String?
    public init(what: String, how: String? = nil) {
        self.what = what
        self.how = how
    }
}

public struct Observation: Equatable, Sendable {
    public var at: Date
    public var text: String
    public init(at: Date, text: String) {
        self.at = at
        self.text = text
    }
}

/// A forecast made before the start, scored against the outcome later.
public struct Prediction: Equatable, Sendable {
    public var outcome: Outcome
    /// 0...1
    public var confidence: Double?
    public init(outcome: Outcome, confidence: Double? = nil) {
        self.outcome = outcome
        self.confidence = confidence
    }
}

/// A declared change of a locked field after the start.
public struct Deviation: Equatable, Sendable {
    public var at: Date
    public var field: String
    public var reason: String
    public var by: String?
    public init(at: Date, field: String, reason: String, by: String? = nil) {
        self.at = at
        self.field = field
        self.reason = reason
        self.by = by
    }
}

public struct LedgerEntry: Equatable, Sendable {
    public var signal: String
    public var observed: Observed
    public init(signal: String, observed: Observed) {
        self.signal = signal
        self.observed = observed
    }
}

public struct Conclusion: Equatable, Sendable {
    public var at: Date?
    public var outcome: Outcome?
    public var ledger: [LedgerEntry] = []
    public var returned: String?
    public var facts: String?
    public var signal: String?
    public var remediation: String?
    public var next: String?
    /// The id of the follow-up experiment (`follows:` there points back here).
    public var nextExperiment: String?

    public init(at: Date? = nil, outcome: Outcome? = nil) {
        self.at = at
        self.outcome = outcome
    }

    /// Whether a next test is published, as text or as a linked follow-up.
    public var hasNextTest: Bool {
        !(next ?? "").isEmpty || nextExperiment != nil
    }
}

public struct Abandonment: Equatable, Sendable {
    public var at: Date?
    public var reason: String?
    public init(at: Date? = nil, reason: String? = nil) {
        self.at = at
        self.reason = reason
    }
}

/// A review comment recorded in the file by `ff review`, so that review works without a
/// hosting site; `line` points into the experiment file as it was when the note was written.
public struct ReviewNote: Equatable, Sendable {
    public var at: Date
    public var by: String?
    public var line: Int?
    public var text: String
    public var resolved: Bool
    public init(at: Date, by: String? = nil, line: Int? = nil, text: String, resolved: Bool = false) {
        self.at = at
        self.by = by
        self.line = line
        self.text = text
        self.resolved = resolved
    }
}

extension Experiment {
    /// The fields fixed by `ff start` and changed afterwards only through `ff amend`.
    public enum LockedField: String, CaseIterable, Sendable {
        case hypothesis, signals, data
        case timeboxDays = "timebox.days"
        case timeboxStarted = "timebox.started"
        case reversible, rollback, prediction
    }

    /// The locked fields whose values differ between `self` and `other`.
    public func lockedFieldsChanged(comparedTo other: Experiment) -> [LockedField] {
        LockedField.allCases.filter { field in
            switch field {
            case .hypothesis: return hypothesis != other.hypothesis
            case .signals: return signals != other.signals
            case .data: return data != other.data
            case .timeboxDays: return timebox.days != other.timebox.days
            case .timeboxStarted: return timebox.started != other.timebox.started
            case .reversible: return reversible != other.reversible
            case .rollback: return rollback != other.rollback
            case .prediction: return prediction != other.prediction
            }
        }
    }

    public var schedule: Schedule { Schedule(status: status, started: timebox.started, days: timebox.days) }
    public var due: Date? { schedule.due }
    public func daysLeft(at now: Date) -> Int? { schedule.daysLeft(at: now) }
    public func isOverdue(at now: Date) -> Bool { schedule.isOverdue(at: now) }
}

/// Where an experiment stands against its timebox.
public struct Schedule: Equatable, Sendable {
    public var status: Status
    public var started: Date?
    public var days: Int?

    /// When the timebox ends, for a started experiment with a timebox.
    public var due: Date? {
        guard let started, let days else { return nil }
        return started.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// Whole days left until the timebox ends (negative when overdue).
    public func daysLeft(at now: Date) -> Int? {
        guard let due else { return nil }
        return Timestamp.wholeDays(due.timeIntervalSince(now))
    }

    public func isOverdue(at now: Date) -> Bool {
        guard status == .running, let due else { return false }
        return now > due
    }
}
