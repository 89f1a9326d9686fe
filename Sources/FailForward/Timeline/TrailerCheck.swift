
/// What a commit's own trailers say the experiment became — the state (`FF-Transition`'s
/// target, or the one its `FF-Action` implies) and the outcome — to be checked against the
/// experiment's file in the commit's tree: trailers are text anyone can write.
public struct TrailerClaim: Sendable, Equatable {
    /// The experiment the claim is about: the first `FF-Experiment`.
    public var experiment: String
    /// `FF-Transition` as written.
    public var transition: String?
    public var status: Status?
    /// The state before, as written (`none` for a new experiment).
    public var from: String?
    /// `FF-Outcome` as written.
    public var outcome: String?
    public var action: String?

    /// The claim of a commit's own trailer block, when it makes one (ff writes one on `new`,
    /// `start`, `conclude` and `abandon`).
    init?(_ b: MessageParts.Block) {
        guard let id = b.experiments.first else { return nil }
        experiment = id
        transition = b.transition
        from = b.transitionSource
        status = b.transitionTarget ?? Self.implied(by: b.action)
        outcome = b.outcome
        action = b.action
        guard status != nil || outcome != nil else { return nil }
    }

    static func implied(by action: String?) -> Status? {
        switch action {
        case Action.new.rawValue: return .draft
        case Action.start.rawValue: return .running
        case Action.conclude.rawValue: return .concluded
        case Action.abandon.rawValue: return .abandoned
        default: return nil
        }
    }

    /// Whether the file holds it: `new` is the experiment in the commit's tree (nil where the
    /// commit has no file of it), `old` in its first parent's, `oldExists` whether the parent
    /// has a file of it at all.
    public func isHeld(old: Experiment?, new: Experiment?, oldExists: Bool) -> Bool {
        isHeld(old: old.map(FileState.init), new: new.map(FileState.init), oldExists: oldExists)
    }

    public func isHeld(old: FileState?, new: FileState?, oldExists: Bool) -> Bool {
        guard let new, new.id == experiment else { return false }
        if let status, new.status != status { return false }
        if let outcome, new.outcome?.rawValue != outcome { return false }
        if let from {
            if from == "none" {
                if oldExists { return false }
            } else if old?.status.rawValue != from {
                return false
            }
        }
        return true
    }

    /// `running -> concluded, validated`
    public var summary: String {
        [transition ?? status?.rawValue, outcome].compactMap { $0 }.joined(separator: ", ")
    }

    /// `FF-Transition running -> concluded and FF-Outcome validated`
    public var trailers: String {
        var parts: [String] = []
        if let transition { parts.append("\(Trailer.Key.transition.rawValue) \(transition)") }
        if let outcome { parts.append("\(Trailer.Key.outcome.rawValue) \(outcome)") }
        if parts.isEmpty, let action { parts.append("\(Trailer.Key.action.rawValue) \(action)") }
        return parts.joined(separator: " and ")
    }

    /// What the file says instead, for messages: `it is running`, `it has no file there`.
    public static func found(_ e: Experiment?) -> String {
        guard let e else { return "it has no file there" }
        var s = "it is \(e.status.rawValue)"
        if e.status == .concluded, let o = e.conclusion?.outcome { s += ", \(o.rawValue)" }
        return s
    }
}

extension TimelineDerivation.Reading {
    /// The state and outcome the commit's own trailers claim, when they claim one: checked
    /// against the commit's files before the timeline trusts them. A squash's trailers (its
    /// message holds other blocks) speak for commits it collapsed, and a hook's (`FF-Via`)
    /// were derived from the files: neither is a claim.
    public var claim: TrailerClaim? {
        parts.hasOwnTrailers && parts.own.via == nil && parts.inner.isEmpty ? TrailerClaim(parts.own) : nil
    }

    /// The experiments the commit's own trailers name, in order, each once.
    public var named: [String] {
        var seen: Set<String> = []
        return parts.own.experiments.filter { seen.insert($0).inserted }
    }

    public var action: String? { parts.own.action }
}

extension TimelineDerivation {
    /// What the git layer reads of one file a commit trusted from its trailers changed.
    public struct Need: Sendable, Equatable {
        /// Parse both sides: the trailers claim a state for this experiment.
        public var state = false
        /// Compare the locked fields' text on both sides (`LockedText`), and parse both where
        /// it differs: a hand edit can ride along any ff commit.
        public var locked = false

        public init(state: Bool = false, locked: Bool = false) {
            self.state = state
            self.locked = locked
        }
    }

    /// One file of a commit trusted from its trailers, as far as it was read to check them.
    public struct Checked: Sendable {
        public var path: String
        /// Parsed where the check needed it; nil otherwise, or where it does not parse.
        public var old: Experiment?
        public var new: Experiment?
        public var oldExists: Bool
        /// Both sides were parsed because their locked text differs (or could not be compared).
        public var lockedTextDiffers: Bool
        /// The id, status and outcome on each side, read without a parse where the layout
        /// allows (`LockedText.state`); else those of `old` and `new`.
        public var oldState: FileState?
        public var newState: FileState?

        public init(path: String, old: Experiment? = nil, new: Experiment? = nil, oldExists: Bool, lockedTextDiffers: Bool = false,
                    oldState: FileState? = nil, newState: FileState? = nil) {
            self.path = path
            self.old = old
            self.new = new
            self.oldExists = oldExists
            self.lockedTextDiffers = lockedTextDiffers
            self.oldState = oldState ?? old.map(FileState.init)
            self.newState = newState ?? new.map(FileState.init)
        }
    }

    /// For a commit the timeline would read from its trailers alone: what to read of each
    /// changed experiment file (`changed`: path, and whether it exists before and after) to
    /// check the trailers against them — the claimed state of the experiment they are about,
    /// the locked fields of every file changed in place. Nil when the files do not match the
    /// trailers at all (a file of an experiment they do not name changed, one they name did
    /// not, a file was removed or renamed, which ff never does): then every file is read,
    /// as for a commit made by hand.
    public static func needs(_ r: Reading, changed: [(path: String, old: Bool, new: Bool)]) -> [Need]? {
        guard !r.needsFiles else { return nil }
        let named = r.named
        var ids: [String] = []
        for f in changed {
            guard let id = FileChange.id(fromPath: f.path), named.contains(id), f.new, !ids.contains(id) else { return nil }
            ids.append(id)
        }
        guard Set(ids) == Set(named) else { return nil }
        let claim = r.claim
        var out: [Need] = []
        for i in changed.indices {
            // ff creates a file only for `new` and for the follow-up of `conclude`, and
            // changes every other file it names in place.
            let creates = ids[i] == named[0] ? r.action == Action.new.rawValue : r.action == Action.conclude.rawValue
            guard creates != changed[i].old else { return nil }
            out.append(Need(state: ids[i] == claim?.experiment, locked: changed[i].old))
        }
        return out
    }

    /// The events of a commit trusted from its trailers, once its files are checked: nil when
    /// they do not hold what the trailers claim (then it is read from its files like a commit
    /// made by hand, and the claim is shown as one); a locked field changed without a declared
    /// deviation is flagged on the experiment's event, as for a hand commit.
    public static func events(for c: HistoryCommit, reading: Reading, checked: [Checked]) -> [TimelineEvent]? {
        if let claim = reading.claim {
            let file = checked.first { FileChange.id(fromPath: $0.path) == claim.experiment }
            guard let file, claim.isHeld(old: file.oldState, new: file.newState, oldExists: file.oldExists) else { return nil }
        }
        var out = events(for: c, reading: reading)
        for f in checked where f.lockedTextDiffers {
            // A trusted commit that leaves a file that does not parse is not what ff writes.
            guard let new = f.new else { return nil }
            guard let old = f.old else { continue }
            let undeclared = undeclaredLockedChanges(from: old, to: new)
            guard !undeclared.isEmpty, let i = out.lastIndex(where: { $0.experiment == new.id }) else { continue }
            out[i].flagged = true
            out[i].fields = undeclared
        }
        return out
    }

    /// The locked fields changed from `old` to `new` after the start without a deviation
    /// declared in the same change.
    static func undeclaredLockedChanges(from old: Experiment, to new: Experiment) -> [String] {
        guard old.recordsStart else { return [] }
        let declared = Set(new.deviations.filter { !old.deviations.contains($0) }.map(\.field))
        return new.lockedFieldsChanged(comparedTo: old).map(\.rawValue).filter { !declared.contains($0) }
    }
}

extension TrailerClaim {
    /// The claim of a message's own trailers (its last paragraph), `FF-Via` or not.
    public init?(message: String) {
        let m = MessageParts(message)
        guard m.hasOwnTrailers else { return nil }
        self.init(m.own)
    }
}
