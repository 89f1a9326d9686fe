// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// The learning timeline of a history: its events, oldest first, and the experiments as they
/// stand at the newest commit.
public struct Timeline: Sendable {
    public var events: [TimelineEvent]
    /// By creation time, then id.
    public var experiments: [ExperimentFacts]
    /// The commit the history ends at (40 hex), nil for an empty history.
    public var head: String?
    /// Set when the clone is shallow: what is missing, said in every format.
    public var shallow: Shallow?
    /// Whether `experiments` was read (the formats that show the experiments' plans and
    /// debriefs need it; the event formats do not).
    public var hasFacts: Bool
    private var byID: [String: Int]
    /// The last title and outcome the events of each experiment carry.
    private var remembered: [String: (title: String, outcome: Outcome?)] = [:]

    /// The edge of a shallow clone.
    public struct Shallow: Equatable, Sendable {
        /// The commits whose parents are missing, and the oldest of their times.
        public var boundaries: [String]
        public var since: Date?

        @_optimize(speed) public init(boundaries: [String], since: Date?) {
            self.boundaries = boundaries
            self.since = since
        }

        @_optimize(speed) public var note: String {
            let when = since.map { " before \(Timestamp.day($0))" } ?? ""
            return "This is a shallow clone: the history\(when) is not in it, so earlier events are rebuilt from the dates the files record (marked reconstructed). Run git fetch --unshallow for the full story."
        }
    }

    @_optimize(speed) public init(events: [TimelineEvent], experiments: [ExperimentFacts]?, head: String?, shallow: Shallow? = nil, sorted: Bool = false) {
        self.events = sorted ? events : events.sorted(by: TimelineEvent.precedes)
        hasFacts = experiments != nil
        let experiments = experiments ?? []
        self.experiments = experiments.sorted {
            ($0.created ?? .distantPast, $0.id) < ($1.created ?? .distantPast, $1.id)
        }
        self.head = head
        self.shallow = shallow
        byID = Dictionary(self.experiments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for e in self.events {
            var r = remembered[e.experiment] ?? ("", nil)
            if !e.title.isEmpty { r.title = e.title }
            if let o = e.outcome { r.outcome = o }
            remembered[e.experiment] = r
        }
    }

    /// Versions of files the history needed that this clone does not have (a partial clone):
    /// the commits that changed them are shown from their trailers, unchecked.
    public var missingObjects = 0
    /// The experiments folder, for the note on missing objects.
    public var folder = "experiments"

    /// Notes every format prints before the events.
    @_optimize(speed) public var notes: [String] {
        var out = shallow.map { [$0.note] } ?? []
        if missingObjects > 0 {
            out.append("This is a partial clone without \(missingObjects) version\(missingObjects == 1 ? "" : "s") of experiment files the timeline reads, so the commits that made them are shown as their messages say, unchecked. Run git log -p --format= -- \(folder) >/dev/null to fetch them.")
        }
        return out
    }

    @_optimize(speed) public func facts(_ id: String) -> ExperimentFacts? {
        byID[id].map { experiments[$0] }
    }

    /// The experiment's title now, or the last one history knew for an experiment whose file
    /// is gone.
    @_optimize(speed) public func title(of id: String) -> String {
        if let f = facts(id) { return f.title }
        return historyTitle(of: id)
    }

    /// The last title the events of the experiment carry: the same whether or not the
    /// experiments' files were read.
    @_optimize(speed) public func historyTitle(of id: String) -> String {
        remembered[id]?.title ?? ""
    }

    /// The title to show for an event: its own, or the experiment's last known one.
    @_optimize(speed) public func title(for e: TimelineEvent) -> String {
        e.title.isEmpty ? historyTitle(of: e.experiment) : e.title
    }

    /// The last outcome history recorded.
    @_optimize(speed) public func outcome(of id: String) -> Outcome? {
        remembered[id]?.outcome
    }

    /// The experiments that events name, in the order of `experiments`, then the rest by id.
    @_optimize(speed) public var ids: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for f in experiments where seen.insert(f.id).inserted { out.append(f.id) }
        for e in events where seen.insert(e.experiment).inserted { out.append(e.experiment) }
        return out
    }

    /// The timeline keeping only the events `filter` accepts, and the experiments they name.
    @_optimize(speed) public func filtered(_ filter: TimelineFilter) -> Timeline {
        guard !filter.isEmpty else { return self }
        let kept = events.filter { filter.accepts($0, outcome: outcome(of: $0.experiment)) }
        let named = Set(kept.map(\.experiment))
        var t = self
        t.events = kept
        t.experiments = experiments.filter { named.contains($0.id) }
        t.byID = Dictionary(t.experiments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return t
    }
}

/// Which events to keep: a time range, experiments, an author, outcomes.
public struct TimelineFilter: Sendable {
    public var since: Date?
    /// Exclusive.
    public var until: Date?
    public var experiments: Set<String>?
    /// Part of the author's name or address, any case.
    public var author: String?
    public var outcomes: Set<Outcome>?

    @_optimize(speed) public init(since: Date? = nil, until: Date? = nil, experiments: Set<String>? = nil, author: String? = nil,
                outcomes: Set<Outcome>? = nil) {
        self.since = since
        self.until = until
        self.experiments = experiments
        self.author = author
        self.outcomes = outcomes
    }

    @_optimize(speed) public var isEmpty: Bool {
        since == nil && until == nil && experiments == nil && author == nil && outcomes == nil
    }

    @_optimize(speed) func accepts(_ e: TimelineEvent, outcome: Outcome?) -> Bool {
        if let since, e.time < since { return false }
        if let until, e.time >= until { return false }
        if let experiments, !experiments.contains(e.experiment) { return false }
        if let author, !e.author.lowercased().contains(author.lowercased()) { return false }
        if let outcomes {
            guard let o = outcome, outcomes.contains(o) else { return false }
        }
        return true
    }
}

/// `--since` / `--until` values: a date (`2026-11-01`), a time (`2026-11-01T09:00:00Z`), or a
/// span back from now (`30d`, `2w`, `12h`) of at most a hundred years.
public enum TimeSpec {
    /// The longest span back, in days (and so `5214w`, `876000h`).
    public static let maximumDays = 36_500

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notATime(String)
        case outOfRange(String)

        @_optimize(speed) public var description: String {
            switch self {
            case let .notATime(t): return "'\(SafeText.line(t))' is not a date (2026-11-01), a time or a span like 30d"
            case let .outOfRange(t):
                return "'\(SafeText.line(t))' is out of range: a span goes back at most \(TimeSpec.maximumDays) days (\(TimeSpec.maximumDays / 7)w, \(TimeSpec.maximumDays * 24)h)"
            }
        }
    }

    /// The instant `text` names. A bare date is the start of that day (UTC), or with
    /// `endOfDay` the start of the next, so that `--until 2026-11-30` includes that day.
    @_optimize(speed) public static func resolve(_ text: String, now: Date, endOfDay: Bool = false) throws(Problem) -> Date {
        let t = text.trimmed(.whitespaces).lowercased()
        // A span is digits and a unit: no sign, no exponent (`-0d`, `1e308d` are not spans).
        if let unit = t.last, let hours = ["h": 1, "d": 24, "w": 7 * 24][String(unit)] {
            let digits = t.dropLast()
            if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let n = Int(digits), n <= maximumDays * 24 / hours else { throw .outOfRange(text) }
                return now.addingTimeInterval(-Double(n * hours) * 3_600)
            }
        }
        guard let d = Timestamp.parse(t) else { throw .notATime(text) }
        if t.count == 10 && endOfDay { return d.addingTimeInterval(86_400) }
        return d
    }

    /// `resolve`, with nil for any problem.
    @_optimize(speed) public static func parse(_ text: String, now: Date, endOfDay: Bool = false) -> Date? {
        try? resolve(text, now: now, endOfDay: endOfDay)
    }
}
