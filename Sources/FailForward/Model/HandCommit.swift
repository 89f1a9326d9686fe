/// The `FF-` trailers for a commit made with plain `git commit` that changes experiment
/// files, derived from what the commit changes, so that a hand-made history reads like one
/// made by ff (the `commit-msg` hook adds them). `FF-Via: git` tells the two apart.
public enum HandCommit {
    /// One experiment file the commit changes: its version before (nil when new) and after
    /// (nil when deleted).
    public struct Change: Sendable {
        public var path: String
        public var old: Experiment?
        public var new: Experiment?

        public init(path: String, old: Experiment?, new: Experiment?) {
            self.path = path
            self.old = old
            self.new = new
        }

        var id: String? { new?.id ?? old?.id }

        /// The action ff would have named, and the transition when the state changed.
        var action: (name: Action, transition: (Status?, Status)?) {
            guard let new else { return (.edit, nil) }
            guard let old else { return (.new, (nil, new.status)) }
            if old.status != new.status {
                switch (old.status, new.status) {
                case (.draft, .running): return (.start, (old.status, new.status))
                case (.running, .concluded): return (.conclude, (old.status, new.status))
                case (_, .abandoned): return (.abandon, (old.status, new.status))
                default: return (.edit, (old.status, new.status))
                }
            }
            if new.deviations.count > old.deviations.count, Array(new.deviations.prefix(old.deviations.count)) == old.deviations {
                return (.amend, nil)
            }
            if new.observations.count > old.observations.count, Array(new.observations.prefix(old.observations.count)) == old.observations,
               new.changedKeys(comparedTo: old) == ["observations"] {
                return (.note, nil)
            }
            return (.edit, nil)
        }
    }

    public static func trailers(for changes: [Change]) -> [(key: String, value: String)] {
        let relevant = changes.filter { $0.id != nil }.sorted { $0.path < $1.path }
        guard !relevant.isEmpty else { return [] }
        // The experiment acted on comes first: one whose state changed, else the first.
        let primary = relevant.first { $0.action.transition != nil } ?? relevant[0]
        var out: [(key: String, value: String)] = [(Trailer.Key.experiment.rawValue, primary.id!)]
        var seen: Set<String> = [primary.id!]
        for c in relevant where seen.insert(c.id!).inserted { out.append((Trailer.Key.experiment.rawValue, c.id!)) }
        let (action, transition) = primary.action
        out.append((Trailer.Key.action.rawValue, action.rawValue))
        if let (from, to) = transition {
            out.append((Trailer.Key.transition.rawValue, "\(from?.rawValue ?? "none") -> \(to.rawValue)"))
        }
        if action == .conclude, let outcome = primary.new?.conclusion?.outcome {
            out.append((Trailer.Key.outcome.rawValue, outcome.rawValue))
        }
        if action == .amend, let new = primary.new, let old = primary.old {
            for d in new.deviations.dropFirst(old.deviations.count) { out.append((Trailer.Key.deviation.rawValue, d.field)) }
        }
        out.append((Trailer.Key.via.rawValue, "git"))
        return out
    }
}
