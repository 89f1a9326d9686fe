
/// An experiment that is concluded on a review branch (`debrief/<id>-<slug>`, or a teammate's
/// `origin/debrief/…`) and not yet on the current branch: its pull request is open.
public struct InReview: Equatable, Sendable {
    /// The review branch's short name: `debrief/…` or `<remote>/debrief/…`.
    public var branch: String
    /// The branch's tip commit, which holds the concluded version.
    public var commit: String
    public var outcome: Outcome?

    public init(branch: String, commit: String, outcome: Outcome?) {
        self.branch = branch
        self.commit = commit
        self.outcome = outcome
    }

    public var shortCommit: String { String(commit.prefix(7)) }

    /// What status, list, show and debrief say: `concluded (validated) on debrief/…, in review`.
    public var phrase: String {
        "concluded" + (outcome.map { " (\($0.rawValue))" } ?? "") + " on \(SafeText.line(branch)), in review"
    }

    /// `{"branch": …, "commit": …, "outcome": …}` (the full commit id).
    public var json: JSON {
        .object([("branch", .string(branch)), ("commit", .string(commit)), ("outcome", .string(outcome?.rawValue))])
    }

    public func writeJSON(into w: inout JSONWriter) {
        w.object { w in
            w.field("branch", branch)
            w.field("commit", commit)
            w.field("outcome", outcome?.rawValue)
        }
    }
}
