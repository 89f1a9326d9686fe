
/// Events from commits: a pure function of what the git layer read. An ff commit says what it
/// did in its trailers, so its files need not be read; any other commit that changed an
/// experiment (a plain `git commit`, a merge, a squash merge, the edge of a shallow clone) is
/// read from the files on both sides.
public enum TimelineDerivation {
    /// Whether the timeline needs the files a commit changed: false only for a commit made by
    /// ff itself — one block of `FF-` trailers, its own, naming the experiment and the action,
    /// not added to a plain commit by a hook (`FF-Via`), and not a merge.
    public static func needsFiles(message: String, isMerge: Bool) -> Bool {
        read(message: message, isMerge: isMerge).needsFiles
    }

    /// A message read once, for both `needsFiles` and `events(for:reading:)`.
    public struct Reading: Sendable {
        let parts: MessageParts
        public let needsFiles: Bool
        /// ff's own trailers, trusted as far as the files hold them: what to show, unchecked,
        /// when this clone lacks the files (a partial clone).
        public var trusted: Bool { TimelineDerivation.trusted(parts) }
    }

    public static func read(message: String, isMerge: Bool) -> Reading {
        let parts = MessageParts(message)
        return Reading(parts: parts, needsFiles: isMerge || !trusted(parts) || createsFollowUp(parts))
    }

    /// `conclude --next-experiment`: the follow-up's title is in its new file, not in the
    /// message (before it had a line of its own, the message named it by the `--next` text).
    static func createsFollowUp(_ m: MessageParts) -> Bool {
        m.own.action == Action.conclude.rawValue && m.own.experiments.count > 1
    }

    static func trusted(_ m: MessageParts) -> Bool {
        m.hasOwnTrailers && !m.own.experiments.isEmpty && m.own.action != nil && m.own.via == nil
            && m.actionLines == 1 && m.inner.isEmpty
    }

    /// The events of one commit, in order.
    public static func events(for c: HistoryCommit, reading: Reading? = nil) -> [TimelineEvent] {
        let m = reading?.parts ?? MessageParts(c.message)
        var out: [TimelineEvent]
        if let files = c.files {
            out = fromFiles(c, m, files)
        } else if trusted(m) {
            out = fromTrailers(c, m)
        } else {
            out = []
        }
        for i in out.indices { out[i].order = i }
        return out
    }

    // MARK: ff's own commits

    static func fromTrailers(_ c: HistoryCommit, _ m: MessageParts) -> [TimelineEvent] {
        let action = m.own.action ?? Action.edit.rawValue
        let outcome = m.own.outcome.flatMap(Outcome.init(rawValue:))
        var kind: TimelineEvent.Kind
        switch m.own.transitionTarget {
        case .draft?: kind = .created
        case .running?: kind = .started
        case .concluded?: kind = .concluded
        case .abandoned?: kind = .abandoned
        case nil:
            switch action {
            case Action.new.rawValue: kind = .created
            case Action.start.rawValue: kind = .started
            case Action.note.rawValue: kind = .observation
            case Action.amend.rawValue: kind = .amended
            case Action.conclude.rawValue: kind = .concluded
            case Action.abandon.rawValue: kind = .abandoned
            case Action.review.rawValue where m.own.review?.hasPrefix("comment ") == true: kind = .commented
            case Action.review.rawValue where m.own.review?.hasPrefix("resolve ") == true: kind = .resolved
            default: kind = .edited
            }
        }
        var text: String?
        var next: String?
        switch kind {
        case .observation, .abandoned, .amended, .edited, .commented:
            let body = m.body.filter { !$0.isEmpty }
            text = body.isEmpty ? nil : body.joined(separator: "\n\n")
        case .resolved:
            // `Resolved: <the note>`: the event's text is the note.
            let body = m.body.filter { !$0.isEmpty }.map { $0.hasPrefix(resolvedPrefix) ? String($0.dropFirst(resolvedPrefix.count)) : $0 }
            text = body.isEmpty ? nil : body.joined(separator: "\n\n")
        case .concluded:
            let body = m.body.filter { !$0.isEmpty }
            let nextPrefix = "Next test: "
            // The follow-up's own line (`Next experiment: <title> (<id>)`), or in older
            // messages the next test's, which named the follow-up by the `--next` text.
            next = body.last { $0.hasPrefix(CommitMessage.followUpPrefix) }.map { String($0.dropFirst(CommitMessage.followUpPrefix.count)) }
                ?? body.last { $0.hasPrefix(nextPrefix) }.map { String($0.dropFirst(nextPrefix.count)) }
            let returned = body.filter { !$0.hasPrefix(nextPrefix) && !$0.hasPrefix(CommitMessage.followUpPrefix) }
            text = returned.isEmpty ? nil : returned.joined(separator: "\n\n")
        default:
            text = nil
        }
        let first = m.own.experiments[0]
        var events = [TimelineEvent(
            kind: kind, time: c.time, author: c.author, commit: c.id, experiment: first,
            title: title(fromSubject: m.subject, action: action, id: first, outcome: outcome, deviations: m.own.deviations),
            outcome: kind == .concluded ? outcome : nil, fields: kind == .amended ? m.own.deviations : [],
            text: text, action: action)]
        var seen: Set<String> = [first]
        for id in m.own.experiments.dropFirst() where seen.insert(id).inserted {
            // `conclude --next-experiment` creates the follow-up in the same commit.
            let isFollowUp = action == Action.conclude.rawValue
            var followTitle = ""
            if isFollowUp, let next, next.hasSuffix(" (\(id))") {
                followTitle = String(next.dropLast(id.count + 3))
            }
            events.append(TimelineEvent(kind: isFollowUp ? .created : .edited, time: c.time, author: c.author, commit: c.id,
                                        experiment: id, title: followTitle, action: action))
        }
        return events
    }

    /// How `ff review --resolve` begins its body.
    static let resolvedPrefix = "Resolved: "

    /// The title in a subject ff wrote: `<action> <id>: <title>[ — <summary>]`.
    static func title(fromSubject subject: String, action: String, id: String, outcome: Outcome?, deviations: [String]) -> String {
        let prefix = "\(action) \(id): "
        guard subject.hasPrefix(prefix) else { return "" }
        var rest = String(subject.dropFirst(prefix.count))
        var summary: String?
        if action == Action.conclude.rawValue, let outcome { summary = outcome.summary }
        if action == Action.amend.rawValue, !deviations.isEmpty { summary = deviations.joined(separator: ", ") }
        if let summary, rest.hasSuffix(" — " + summary) {
            rest = String(rest.dropLast(summary.count + 3))
        } else if summary != nil || action == Action.review.rawValue, let dash = rest.scalarRange(of: " — ", backwards: true) {
            // A review's summary (`review note 2 on line 9`), or a subject cut at 100
            // characters that lost the end of its summary.
            rest = String(rest[..<dash.lowerBound])
        }
        return rest
    }

    // MARK: Commits read from their files

    /// One experiment's two sides in a commit, paired by id so that a moved file is one change.
    struct Pair {
        var old: Experiment?
        var new: Experiment?
        var oldExists = false
        var newExists = false
        var newUnreadable = false
    }

    static func fromFiles(_ c: HistoryCommit, _ m: MessageParts, _ files: [FileChange]) -> [TimelineEvent] {
        var pairs: [String: Pair] = [:]
        for f in files {
            if f.old != nil || f.oldUnreadable, let id = f.old?.id ?? FileChange.id(fromPath: f.path) {
                var p = pairs[id] ?? Pair()
                if p.old == nil { p.old = f.old }
                p.oldExists = true
                pairs[id] = p
            }
            if f.new != nil || f.newUnreadable, let id = f.new?.id ?? FileChange.id(fromPath: f.path) {
                var p = pairs[id] ?? Pair()
                if p.new == nil { p.new = f.new }
                p.newExists = true
                p.newUnreadable = p.newUnreadable || (f.new == nil && f.newUnreadable)
                pairs[id] = p
            }
        }
        // Own trailers that claim a state or an outcome the file does not hold were written by
        // hand: the claim is shown as one, and the commit is not counted as ff's.
        var unbacked: TrailerClaim?
        if !c.isMerge, !c.isShallowBoundary, let claim = Reading(parts: m, needsFiles: true).claim {
            let p = pairs[claim.experiment]
            if !claim.isHeld(old: p?.old, new: p?.new, oldExists: p?.oldExists ?? false) { unbacked = claim }
        }
        // What the FF- trailers of squashed commits (or a hook's) say about each experiment.
        var actions: [String: [String]] = [:]
        for b in MadeByHand.ffBlocks(m, unbacked: unbacked != nil) {
            for id in b.experiments { actions[id, default: []].append(b.action ?? Action.edit.rawValue) }
        }
        let squash = !c.isMerge && !m.inner.isEmpty
        // At the edge of a shallow clone a merge is no merge: nothing before it is here.

        var out: [TimelineEvent] = []
        for id in pairs.keys.sorted() {
            let p = pairs[id]!
            let named = actions[id] ?? []
            let byHand = c.isMerge || c.isShallowBoundary ? false : named.isEmpty  // MadeByHand's rule
            let title = p.new?.title ?? p.old?.title ?? ""
            func event(_ kind: TimelineEvent.Kind, _ time: Date?, reconstructed: Bool, outcome: Outcome? = nil,
                       fields: [String] = [], text: String? = nil, flagged: Bool = false, action: String? = nil) -> TimelineEvent {
                TimelineEvent(kind: kind, time: time ?? c.time, author: c.author, commit: c.id, experiment: id, title: title,
                              outcome: outcome, fields: fields, text: text, byHand: byHand, reconstructed: reconstructed,
                              flagged: flagged, action: byHand ? nil : action)
            }

            if c.isMerge && !c.isShallowBoundary {
                guard let new = p.new else {
                    if p.oldExists { out.append(event(.deleted, nil, reconstructed: false)) }
                    continue
                }
                if let conclusion = new.conclusion, conclusion.outcome != nil, p.old?.conclusion == nil {
                    out.append(event(.debriefMerged, nil, reconstructed: false, outcome: conclusion.outcome, text: conclusion.returned))
                } else {
                    let fields = p.old.map { new.changedKeys(comparedTo: $0) } ?? []
                    out.append(event(.merged, nil, reconstructed: false, fields: fields))
                }
                continue
            }

            guard let new = p.new else {
                if p.newUnreadable {
                    out.append(event(.edited, nil, reconstructed: false, text: "the file does not parse as an experiment"))
                } else if p.oldExists {
                    out.append(event(.deleted, nil, reconstructed: false))
                }
                continue
            }
            let old = p.old
            if old == nil && p.oldExists && !c.isShallowBoundary {
                // It did not parse before and does now: a repair, not a creation.
                out.append(event(.edited, nil, reconstructed: false))
                continue
            }

            // The steps between the two sides, each with the time the file records for it.
            var steps: [TimelineEvent] = []
            func step(_ kind: TimelineEvent.Kind, _ time: Date?, outcome: Outcome? = nil, fields: [String] = [], text: String? = nil) {
                steps.append(event(kind, time, reconstructed: false, outcome: outcome, fields: fields, text: text,
                                   action: actionName(kind, named)))
            }
            let from = old?.status
            if old == nil { step(.created, new.created) }
            let startedNow = (from == nil || from == .draft) && new.wasStarted
            if startedNow { step(.started, new.timebox.started) }
            let oldObservations = old?.observations ?? []
            for o in new.observations where !oldObservations.contains(o) { step(.observation, o.at, text: o.text) }
            let oldDeviations = old?.deviations ?? []
            let addedDeviations = new.deviations.filter { !oldDeviations.contains($0) }
            for d in addedDeviations { step(.amended, d.at, fields: [d.field], text: d.reason) }
            if new.status == .concluded && from != .concluded {
                step(.concluded, new.conclusion?.at, outcome: new.conclusion?.outcome, text: new.conclusion?.returned)
            }
            if new.status == .abandoned && from != .abandoned {
                step(.abandoned, new.abandoned?.at, text: new.abandoned?.reason)
            }

            // A locked field changed after the start and not declared in this commit.
            let undeclared = old.map { undeclaredLockedChanges(from: $0, to: new) } ?? []

            let collapsed = squash || c.isShallowBoundary || steps.count > 1
            if steps.isEmpty {
                let fields = old.map { new.changedKeys(comparedTo: $0) } ?? []
                if !undeclared.isEmpty {
                    out.append(event(.lockedChanged, nil, reconstructed: false, fields: undeclared, flagged: true,
                                     action: named.first))
                } else if new.status != from, let from {
                    // A step back or sideways by hand (concluded → running): an edit of the status.
                    out.append(event(.edited, nil, reconstructed: false, fields: fields, text: "status \(from.rawValue) → \(new.status.rawValue)",
                                     action: named.first))
                } else if fields == ["reviews"], let old, !reviewEvents(old, new).isEmpty {
                    for (kind, text) in reviewEvents(old, new) {
                        out.append(event(kind, nil, reconstructed: false, text: text, action: named.first))
                    }
                } else {
                    out.append(event(.edited, nil, reconstructed: false, fields: fields, action: named.first))
                }
                continue
            }
            for var s in steps {
                if collapsed {
                    s.reconstructed = true
                } else {
                    s.time = c.time
                }
                out.append(s)
            }
            if !undeclared.isEmpty {
                // The flag goes on the commit's own event when there is one; a collapsed commit
                // gets it as an event of its own, at the commit.
                if collapsed {
                    out.append(event(.lockedChanged, nil, reconstructed: false, fields: undeclared, flagged: true, action: named.first))
                } else {
                    out[out.count - 1].flagged = true
                    out[out.count - 1].fields = undeclared
                }
            }
        }
        if let claim = unbacked {
            let p = pairs[claim.experiment]
            let found = p?.new.map(TrailerClaim.found) ?? (p?.newExists == true ? "its file does not parse" : "its file does not change in this commit")
            out.append(TimelineEvent(kind: .claimed, time: c.time, author: c.author, commit: c.id, experiment: claim.experiment,
                                     title: p?.new?.title ?? p?.old?.title ?? "", text: "\(claim.summary) (\(found))", byHand: true))
        }
        return out
    }

    /// The review notes a change added (`commented`) or marked resolved (`resolved`), with
    /// their text; notes are numbered in order, so a note's number is its place in the list.
    static func reviewEvents(_ old: Experiment, _ new: Experiment) -> [(TimelineEvent.Kind, String)] {
        var out: [(TimelineEvent.Kind, String)] = []
        for (i, note) in new.reviews.enumerated() {
            if i >= old.reviews.count {
                out.append((.commented, note.text))
            } else if note.resolved && !old.reviews[i].resolved {
                out.append((.resolved, note.text))
            }
        }
        return out
    }

    /// The ff action that names a rebuilt step, when the squashed trailers have it.
    static func actionName(_ kind: TimelineEvent.Kind, _ named: [String]) -> String? {
        let wanted: Action
        switch kind {
        case .created: wanted = .new
        case .started: wanted = .start
        case .observation: wanted = .note
        case .amended: wanted = .amend
        case .concluded: wanted = .conclude
        case .abandoned: wanted = .abandon
        default: return named.first
        }
        if named.contains(wanted.rawValue) { return wanted.rawValue }
        // A follow-up created by `conclude --next-experiment`.
        if kind == .created && named.contains(Action.conclude.rawValue) { return Action.conclude.rawValue }
        return nil
    }
}
