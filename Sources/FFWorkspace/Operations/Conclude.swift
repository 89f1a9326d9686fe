import FFGit
import FailForward

/// `ff conclude` as one unit of work: the conclusion, the follow-up draft when asked for, the
/// review branch when asked for, and one commit of all of it; on any failure nothing stays.
public struct Conclude {
    public var ref: String
    /// The title of a follow-up draft to create beside the conclusion.
    public var nextExperiment: String?
    /// Commit on a new review branch `debrief/<id>-<slug>`, checked out.
    public var review = false

    public init(ref: String, nextExperiment: String?, review: Bool) {
        self.ref = ref
        self.nextExperiment = nextExperiment
        self.review = review
    }

    /// What was committed.
    public struct Result {
        public var experiment: Experiment
        public var path: String
        /// The follow-up draft and its path.
        public var followUp: (experiment: Experiment, path: String)?
        public var commit: Committed
        /// How to open the review branch's pull request, when one was made.
        public var announcement: ReviewBranch.Announcement?
    }

    /// Concludes the experiment under the write lock. `debrief` is given the running
    /// experiment and returns the conclusion (from flags, or asked for), the signal ledger
    /// included; it runs while the lock is held.
    public func run(_ ws: Workspace, debrief: (Experiment) throws -> Conclusion) throws -> Result {
        let identity = try ws.identity()
        let lock = try ws.lock()
        defer { _ = lock }
        let path = try ws.store.resolve(ref, cwd: ws.env.directory)
        try ws.checkHead(agreesWithIndexAt: path, lock.indexLock)
        let original = try ws.store.read(path)
        let handEdited = ws.hasUncommittedEdits(path)
        var doc = try ExperimentDocument(path: path, bytes: original)
        let old = doc.experiment
        guard old.status == .running else {
            throw LifecycleError.invalidTransition(id: old.id, action: .conclude, status: old.status)
        }
        var conclusion = try debrief(old)

        var writes: [Workspace.Write] = []
        var experiments: [Experiment] = []
        var followUp: Experiment?
        if let title = nextExperiment {
            let f = old.nextTest(id: ws.newID(), title: title, owner: identity.author.person, created: identity.author.date)
            conclusion.nextExperiment = f.id
            if conclusion.next == nil { conclusion.next = f.title }
            followUp = f
        }
        let e = try old.concluded(conclusion, at: identity.author.date)
        try ws.lintLanguage([("--returned", conclusion.returned), ("--facts", conclusion.facts), ("--signal", conclusion.signal),
                             ("--remediation", conclusion.remediation), ("--next", conclusion.next)])
        try doc.update(to: e)
        writes.append(.init(path: path, bytes: doc.bytes, original: original))
        experiments.append(e)
        var follow: (Experiment, String)?
        if let f = followUp {
            let fpath = ws.store.newPath(for: f, created: identity.author.date)
            writes.append(.init(path: fpath, bytes: ExperimentDocument(path: fpath, creating: f).bytes, original: nil))
            experiments.append(f)
            follow = (f, fpath)
        }
        guard let outcome = e.conclusion?.outcome else {
            throw LifecycleError.invalidTransition(id: old.id, action: .conclude, status: old.status)
        }
        var body = [e.conclusion?.returned ?? ""]
        if let next = e.conclusion?.next { body.append("Next test: " + next) }
        // The follow-up by its own title: the next test's words (--next) may differ from it.
        if let f = followUp { body.append(CommitMessage.followUpPrefix + f.title + " (\(f.id))") }
        let message = CommitMessage.change(action: .conclude, experiments: experiments, summary: outcome.summary,
                                           body: body, transition: (.running, .concluded), outcome: outcome)
        let branch = review ? try ReviewBranch.create(ws, for: e, path: path) : nil
        let result: CommitResult
        do {
            result = try ws.commit(writes, message: message, identity: identity)
        } catch {
            branch?.undo()
            throw error
        }
        let committed = Committed(result, alsoCommitted: handEdited ? [path] : [])
        return Result(experiment: e, path: path, followUp: follow, commit: committed,
                      announcement: try branch?.announcement(e, path: path))
    }
}
