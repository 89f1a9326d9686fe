// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// One thing that happened to one experiment, read from history: who, when, in which commit.
public struct TimelineEvent: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case created, started, observation
        /// A declared deviation of a locked field (`ff amend`, or a `deviations:` entry by hand).
        case amended
        /// A locked field changed after the start without a declared deviation, and nothing else.
        case lockedChanged = "locked_changed"
        case edited
        /// A review note added (`ff review --comment`), its text in `text`.
        case commented
        /// A review note marked resolved (`ff review --resolve`), its text in `text`.
        case resolved
        case concluded, abandoned
        /// A merge commit that brings in a conclusion (a reviewed `debrief/…` branch).
        case debriefMerged = "debrief_merged"
        /// A merge commit that brings in other changes to the experiment.
        case merged
        /// The file was removed (by hand: ff never deletes an experiment).
        case deleted
        /// A commit's own trailers claim a state or an outcome that the experiment's file in
        /// that commit does not hold (hand-written trailers): shown, never counted.
        case claimed

        /// Lifecycle order, for events of the same second: created before started before the end.
        @_optimize(speed) var rank: Int {
            switch self {
            case .created: return 0
            case .started: return 1
            case .observation, .amended, .lockedChanged, .edited, .commented, .resolved, .claimed: return 2
            case .concluded, .abandoned: return 3
            case .debriefMerged, .merged: return 4
            case .deleted: return 5
            }
        }

        /// How text output says it.
        @_optimize(speed) public var label: String {
            switch self {
            case .lockedChanged: return "locked field changed"
            case .debriefMerged: return "debrief merged"
            case .claimed: return "claimed by the message, not in the file"
            default: return rawValue
            }
        }
    }

    public var kind: Kind
    /// When it happened: the commit's author time, or the time the file records for an event
    /// rebuilt from a collapsed history.
    public var time: Date
    /// `Name <email>` of the commit's author.
    public var author: String
    /// The commit, 40 hex digits.
    public var commit: String
    public var experiment: String
    /// The title as this commit knew it (renderers prefer the current one).
    public var title: String
    public var outcome: Outcome?
    /// Locked fields (amended, flagged) or changed keys (edited, merged).
    public var fields: [String]
    /// The observation, what the experiment returned, or the reason.
    public var text: String?
    /// Made with plain git, without ff's trailers.
    public var byHand: Bool
    /// Rebuilt from the timestamps in the file because its own commit is not in this history
    /// (a squash merge, several steps in one commit, the edge of a shallow clone).
    public var reconstructed: Bool
    /// A locked field changed after the start without a declared deviation.
    public var flagged: Bool
    /// The `FF-Action` of the commit (or of the squashed commit) that made it, when ff made it.
    public var action: String?
    /// Position among the events derived from the same commit, for a stable order.
    public var order: Int
    /// How many of the other commits with events at this same second are ancestors of this
    /// event's commit: a parent's events sort before its child's even within one second.
    /// Set by the history reader (0 until then).
    public var depth: Int

    @_optimize(speed) public init(kind: Kind, time: Date, author: String, commit: String, experiment: String, title: String,
                outcome: Outcome? = nil, fields: [String] = [], text: String? = nil, byHand: Bool = false,
                reconstructed: Bool = false, flagged: Bool = false, action: String? = nil, order: Int = 0,
                depth: Int = 0) {
        self.kind = kind
        self.time = time
        self.author = author
        self.commit = commit
        self.experiment = experiment
        self.title = title
        self.outcome = outcome
        self.fields = fields
        self.text = text
        self.byHand = byHand
        self.reconstructed = reconstructed
        self.flagged = flagged
        self.action = action
        self.order = order
        self.depth = depth
    }

    /// The order of the timeline: oldest first; events of the same second in history order
    /// (`depth`), then in lifecycle order, then by commit id. It depends only on the events,
    /// never on the order history was walked in, so a cached run and a fresh one print the same.
    @_optimize(speed) public static func precedes(_ a: TimelineEvent, _ b: TimelineEvent) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.depth != b.depth { return a.depth < b.depth }
        if a.kind.rank != b.kind.rank { return a.kind.rank < b.kind.rank }
        if a.commit != b.commit { return a.commit < b.commit }
        if a.experiment != b.experiment { return a.experiment < b.experiment }
        return a.order < b.order
    }

    /// The author's name without the address.
    @_optimize(speed) public var authorName: String {
        guard let lt = author.scalarRange(of: " <", backwards: true) else { return author }
        return String(author[..<lt.lowerBound])
    }
}

extension TimelineEvent {
    /// Appends one line of tab-separated fields (text escaped, no newline) for the timeline cache.
    @_optimize(speed) public func appendCacheLine(to out: inout [UInt8]) {
        var w = CacheLineWriter(out: out)
        out = []
        w.raw(kind.rawValue); w.time(time); w.text(author); w.raw(commit); w.raw(experiment); w.text(title)
        w.raw(outcome?.rawValue ?? ""); w.list(fields); w.text(text)
        w.raw((byHand ? "h" : "-") + (reconstructed ? "r" : "-") + (flagged ? "f" : "-"))
        w.text(action); w.raw(String(order)); w.raw(String(depth))
        out = w.out
    }

    /// Reads a cache line back; nil for anything malformed (the cache is then rebuilt).
    @_optimize(speed) public init?(cacheLine line: ArraySlice<UInt8>) {
        var f = CacheFields(line)
        guard let k = f.next(), let kind = Kind(rawValue: CacheText.plain(k)),
              let t = f.next(), let time = CacheText.date(t),
              let a = f.next(), let author = CacheText.text(a),
              let c = f.next(), c.count == 40, let x = f.next(), !x.isEmpty,
              let ti = f.next(), let title = CacheText.text(ti),
              let o = f.next(), let fl = f.next(), let te = f.next(),
              let flags = f.next(), flags.count == 3, let ac = f.next(),
              let or = f.next(), let order = Int(CacheText.plain(or)),
              let de = f.next(), let depth = Int(CacheText.plain(de)), depth >= 0, f.next() == nil else { return nil }
        let b = flags.startIndex
        self.init(kind: kind, time: time, author: author, commit: CacheText.plain(c), experiment: CacheText.plain(x),
                  title: title, outcome: o.isEmpty ? nil : Outcome(rawValue: CacheText.plain(o)), fields: CacheText.list(fl),
                  text: CacheText.text(te), byHand: flags[b] == UInt8(ascii: "h"),
                  reconstructed: flags[b + 1] == UInt8(ascii: "r"), flagged: flags[b + 2] == UInt8(ascii: "f"),
                  action: CacheText.text(ac), order: order, depth: depth)
    }
}
