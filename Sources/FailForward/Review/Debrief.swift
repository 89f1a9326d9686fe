
/// The debrief of a concluded (or abandoned) experiment, ready for review: what it returned,
/// the signal ledger, the owned facts, the signal, the remediation, the next test, the
/// deviations from the plan and the experiment's own timeline. `ff debrief` renders it as a
/// pull-request body (Markdown) or as JSON.
public struct DebriefReport: Sendable {
    /// One commit of the experiment's history, as the timeline shows it.
    public struct Event: Equatable, Sendable {
        public var commit: String
        public var date: Date
        public var author: String
        /// The `FF-Action` trailer; nil for a commit made with plain git.
        public var action: String?
        public var transition: String?
        public var outcome: Outcome?
        public var deviations: [String]
        /// The `FF-Review` trailer (`comment 2`, `resolve 2`).
        public var review: String?
        public var isMerge: Bool
        public var subject: String
        /// The state the commit left the experiment in, when its file could be read.
        public var status: Status?

        public init(commit: String, date: Date, author: String, action: String?, transition: String?, outcome: Outcome?,
                    deviations: [String], review: String?, isMerge: Bool, subject: String, status: Status?) {
            self.commit = commit
            self.date = date
            self.author = author
            self.action = action
            self.transition = transition
            self.outcome = outcome
            self.deviations = deviations
            self.review = review
            self.isMerge = isMerge
            self.subject = subject
            self.status = status
        }

        public var byHand: Bool { action == nil && !isMerge }
    }

    /// A follow-up experiment that is this one's next test.
    public struct FollowUp: Equatable, Sendable {
        public var id: String
        public var title: String?
        public var path: String?
        public init(id: String, title: String?, path: String?) {
            self.id = id
            self.title = title
            self.path = path
        }
    }

    public var experiment: Experiment
    public var path: String
    public var followUps: [FollowUp]
    /// Locked fields changed since the start without a declared deviation.
    public var undeclaredChanges: [String]
    /// Oldest first.
    public var events: [Event]

    public init(experiment: Experiment, path: String, followUps: [FollowUp] = [], undeclaredChanges: [String] = [], events: [Event] = []) {
        self.experiment = experiment
        self.path = path
        self.followUps = followUps
        self.undeclaredChanges = undeclaredChanges
        self.events = events
    }

    /// A ledger line with the number `ff show` gives the signal (`s1`, `f2`) and its kind.
    public struct LedgerLine: Equatable, Sendable {
        public var number: String?
        public var kind: String?
        public var signal: String
        public var observed: Observed
    }

    public var ledger: [LedgerLine] {
        let e = experiment
        return (e.conclusion?.ledger ?? []).map { l in
            if let i = e.signals.success.firstIndex(of: l.signal) {
                return LedgerLine(number: "s\(i + 1)", kind: "success", signal: l.signal, observed: l.observed)
            }
            if let i = e.signals.failure.firstIndex(of: l.signal) {
                return LedgerLine(number: "f\(i + 1)", kind: "failure", signal: l.signal, observed: l.observed)
            }
            // The signal's text changed after the conclusion: shown as recorded.
            return LedgerLine(number: nil, kind: nil, signal: l.signal, observed: l.observed)
        }
    }

    /// What an event did, in words: `started (draft → running)`, `edited by hand`.
    public static func describe(_ event: Event) -> String {
        var what: String
        switch event.action {
        case Action.new.rawValue: what = "created"
        case Action.start.rawValue: what = "started"
        case Action.note.rawValue: what = "observation"
        case Action.amend.rawValue: what = "plan amended" + (event.deviations.isEmpty ? "" : ": " + event.deviations.joined(separator: ", "))
        case Action.conclude.rawValue: what = "concluded" + (event.outcome.map { ": " + $0.summary } ?? "")
        case Action.abandon.rawValue: what = "abandoned"
        case Action.edit.rawValue: what = "edited"
        case Action.review.rawValue:
            let parts = (event.review ?? "").split(separator: " ")
            if parts.count == 2, parts[0] == "resolve" { what = "review note \(parts[1]) resolved" }
            else if parts.count == 2 { what = "review note \(parts[1])" }
            else { what = "review" }
        case let action?: what = action
        case nil: what = event.isMerge ? "merged" : "edited by hand"
        }
        if let t = event.transition { what += " (" + t.replacingAll(" -> ", with: " → ") + ")" }
        return what
    }
}

extension Observed {
    /// `met`, `not met`, `not measured`.
    public var words: String { rawValue.replacingAll("-", with: " ") }
}
