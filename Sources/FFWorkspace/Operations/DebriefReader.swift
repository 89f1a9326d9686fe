import FFGit
import FailForward

extension Workspace {
    /// The debrief of the experiment at `path`: its file, its history from one walk of HEAD
    /// (or of `tip`, a review branch's), and the follow-ups that name it (in
    /// `next_experiment`, or with `follows:`).
    /// The debrief of an experiment as the working tree has it, from HEAD's history.
    public func debrief(of e: Experiment, at path: String) throws -> DebriefReport {
        try debrief(of: e, at: path, from: nil)
    }

    /// The debrief of the version a review branch holds, from that branch's history.
    public func debrief(onReviewBranch found: ReviewLookup.Found) throws -> DebriefReport {
        try debrief(of: found.experiment, at: found.path, from: found.tip)
    }

    func debrief(of e: Experiment, at path: String, from tip: ObjectID?) throws -> DebriefReport {
        let history = try ExperimentHistory.load(self, id: e.id, path: path, from: tip)
        let events = history.entries.map { entry -> DebriefReport.Event in
            let t = entry.trailers
            let c = entry.commit
            return DebriefReport.Event(
                commit: c.id.hex, date: c.author.date, author: c.author.name,
                action: entry.isByHand || entry.isMerge ? nil : entry.action, transition: entry.transition,
                outcome: t.first { $0.key == Trailer.Key.outcome.rawValue }.flatMap { Outcome(rawValue: $0.value) },
                deviations: t.filter { $0.key == Trailer.Key.deviation.rawValue }.map(\.value),
                review: t.first { $0.key == Trailer.Key.review.rawValue }?.value,
                isMerge: entry.isMerge, subject: c.subject, status: entry.experiment?.status)
        }
        var undeclared: [String] = []
        if let planned = history.atStart?.experiment {
            undeclared = PlanDiff.changes(from: planned, to: e).filter { $0.declared.isEmpty }.map(\.field)
        }
        return DebriefReport(experiment: e, path: path, followUps: followUps(of: e), undeclaredChanges: undeclared, events: events)
    }

    /// The experiments that are `e`'s next test. Files are searched for the id's bytes before
    /// any is parsed, so a large repository costs a read per file, not a parse.
    private func followUps(of e: Experiment) -> [DebriefReport.FollowUp] {
        var out: [DebriefReport.FollowUp] = []
        let needle = Array(e.id.utf8)
        for rel in store.files() {
            guard let bytes = try? store.read(rel), bytes.count >= needle.count,
                  bytes.indices.dropLast(needle.count - 1).contains(where: { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }),
                  let other = try? ExperimentDocument(path: rel, bytes: bytes).experiment, other.id != e.id else { continue }
            if other.follows == e.id || other.id == e.conclusion?.nextExperiment {
                out.append(.init(id: other.id, title: other.title, path: rel))
            }
        }
        if let next = e.conclusion?.nextExperiment, !out.contains(where: { $0.id == next }) {
            out.insert(.init(id: next, title: nil, path: nil), at: 0)
        }
        // The one created by `ff conclude --next-experiment` first.
        return out.sorted { ($0.id == e.conclusion?.nextExperiment ? 0 : 1, $0.id) < ($1.id == e.conclusion?.nextExperiment ? 0 : 1, $1.id) }
    }
}
