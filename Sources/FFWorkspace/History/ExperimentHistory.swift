import FFGit
import FailForward

/// The commits that changed one experiment, from one walk of the history: those whose
/// trailers name it, and those (plain `git commit`s among them) that changed its file.
public struct ExperimentHistory {
    public struct Entry {
        let commit: CommitRecord
        /// The experiment as this commit left it, when its file could be read.
        public let experiment: Experiment?
        /// The commit's trailers, without an `FF-Transition` or `FF-Outcome` that the file in
        /// the commit does not hold (`unbacked` has them) or that is about another experiment.
        public let trailers: [(key: String, value: String)]
        /// A state or outcome the message claims and the file does not hold: hand-written
        /// trailers, shown as a claim and never as a transition.
        public var unbacked: TrailerClaim? = nil

        /// The commit, as the command line shows it.
        public var commitID: String { commit.id.hex }
        public var date: Date { commit.author.date }
        public var authorName: String { commit.author.name }
        /// `Name <email>`.
        public var author: String { commit.author.person }
        public var subject: String { commit.subject }

        public var action: String? { trailers.first { $0.key == Trailer.Key.action.rawValue }?.value }
        public var transition: String? { trailers.first { $0.key == Trailer.Key.transition.rawValue }?.value }
        /// A plain `git commit` (not a merge) that changed the file, by the core's one rule
        /// (`MadeByHand`), which the timeline follows too.
        public let isByHand: Bool
        /// A merge that brought changes to the file in (a reviewed debrief branch, say).
        public var isMerge: Bool { commit.isMerge && !trailers.contains { $0.key == Trailer.Key.experiment.rawValue } }
    }

    public let entries: [Entry]

    /// Walks the history of HEAD (or of `tip`) once. `path` is the file's path there; a commit
    /// counts when it names `id` in an `FF-Experiment` trailer or changes the file at `path`.
    public static func load(_ ws: Workspace, id: String, path: String) throws -> ExperimentHistory {
        try load(ws, id: id, path: path, from: nil)
    }

    static func load(_ ws: Workspace, id: String, path: String, from tip: ObjectID?) throws -> ExperimentHistory {
        let repo = ws.repo
        var entries: [Entry] = []
        let parent = Paths.parent(path)
        try repo.walk(from: tip.map { [$0] } ?? []) { c in
            let trailers = Trailers.parse(c.message)
            func byHand(_ unbacked: Bool) -> Bool {
                MadeByHand.isByHand(message: c.message, experiment: id, isMerge: c.isMerge, claimIsUnbacked: unbacked)
            }
            let named = trailers.contains { $0.key == Trailer.Key.experiment.rawValue && $0.value == id }
            let blob = try repo.entryID(at: path, inTree: c.tree)
            var changed = false
            if let first = c.parents.first {
                // At the edge of a shallow clone the parent is not here: what changed is unknown.
                guard let parentTree = try? repo.commit(first).tree else {
                    if named { entries.append(Entry(commit: c, experiment: nil, trailers: trailers, isByHand: byHand(false))) }
                    return true
                }
                // Cheap first: the folder's tree id, then the file's blob id.
                if try repo.entryID(at: parent, inTree: parentTree) != repo.entryID(at: parent, inTree: c.tree) {
                    changed = try repo.entryID(at: path, inTree: parentTree) != blob
                }
            } else {
                changed = blob != nil
            }
            guard named || changed else { return true }
            var experiment: Experiment?
            if let blob, let bytes = try? repo.blobContents(blob) {
                experiment = try? ExperimentDocument(path: path, bytes: bytes).experiment
            }
            var entry = Entry(commit: c, experiment: experiment, trailers: trailers, isByHand: byHand(false))
            if !c.isMerge, let claim = TrailerClaim(message: c.message) {
                var kept = trailers
                kept.removeAll { $0.key == Trailer.Key.transition.rawValue || $0.key == Trailer.Key.outcome.rawValue }
                if claim.experiment != id {
                    // About the first experiment the commit names, not this one.
                    entry = Entry(commit: c, experiment: experiment, trailers: kept, isByHand: byHand(false))
                } else if try !holds(claim, c, path: path, at: experiment, repo: repo, folder: ws.config.experiments) {
                    entry = Entry(commit: c, experiment: experiment, trailers: kept, unbacked: claim, isByHand: byHand(true))
                }
            }
            entries.append(entry)
            return true
        }
        return ExperimentHistory(entries: entries)
    }

    /// Whether the experiment's file in commit `c` holds what its trailers claim: the file at
    /// `path`, or (moved since) the file of the experiment that `c` changed; and its version
    /// in the first parent, for the state the transition starts from. Only commits that claim
    /// a state are read this far.
    private static func holds(_ claim: TrailerClaim, _ c: CommitRecord, path: String, at experiment: Experiment?,
                              repo: Repository, folder: String) throws -> Bool {
        func parse(_ blob: ObjectID?, _ path: String) -> Experiment? {
            guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
            return try? ExperimentDocument(path: path, bytes: bytes).experiment
        }
        let parentTree = try c.parents.first.map { try repo.commit($0).tree }
        var new = experiment
        var oldBlob = try parentTree.flatMap { try repo.entryID(at: path, inTree: $0) }
        if new?.id != claim.experiment {
            let before = try parentTree.flatMap { try repo.entryID(at: folder, inTree: $0) }
            let changed = try repo.changedFiles(from: before, to: repo.entryID(at: folder, inTree: c.tree), prefix: folder)
            guard let f = changed.first(where: { FileChange.id(fromPath: $0.path) == claim.experiment }) else { return false }
            new = parse(f.new, f.path)
            oldBlob = f.old
        }
        return claim.isHeld(old: parse(oldBlob, path), new: new, oldExists: oldBlob != nil)
    }

    /// The experiment as it was when it started: the first commit that left it running.
    public var atStart: Entry? {
        entries.first { $0.experiment.map { $0.status == .running || $0.recordsStart } ?? false }
    }
}
