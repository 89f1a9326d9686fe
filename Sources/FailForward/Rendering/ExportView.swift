
/// `ff export`: every experiment and every timeline event, for other programs. JSON Lines
/// (one object per line, `kind` first) or one CSV table of the experiments; the layout is in
/// docs/FORMAT.md ("ff export") and docs/schema/export.schema.json.
public enum ExportView {
    /// The layout's version, the `ff` of the source line.
    public static let version = 1

    /// What the `--bundle` line says the lines were exported from.
    public struct Source: Equatable, Sendable {
        /// The name of the repository's folder.
        public var repository: String
        /// HEAD's commit id (40 hex).
        public var commit: String
        /// The branch HEAD is on; nil when detached.
        public var branch: String?
        public var exported: Date

        public init(repository: String, commit: String, branch: String?, exported: Date) {
            self.repository = repository
            self.commit = commit
            self.branch = branch
            self.exported = exported
        }
    }

    /// An experiment as `ff list` reads it (its summary, whose JSON is ready to print), where
    /// its file is, and the review branch it is concluded on, if any.
    public struct Entry: Sendable {
        public var summary: ExperimentSummary
        public var path: String
        public var inReview: InReview?
        public init(_ summary: ExperimentSummary, path: String, inReview: InReview? = nil) {
            self.summary = summary
            self.path = path
            self.inReview = inReview
        }
        public init(_ stored: StoredExperiment, inReview: InReview? = nil) {
            self.init(ExperimentSummary(stored.experiment), path: stored.path, inReview: inReview)
        }
    }

    /// The order of `ff list`: oldest first (no `created` before any), then by id.
    public static func listOrder(_ experiments: [StoredExperiment]) -> [StoredExperiment] {
        sortedAsList(experiments) { ($0.experiment.created, $0.experiment.id) }
    }

    /// The order of `ff list`, of the entries.
    public static func listOrder(_ entries: [Entry]) -> [Entry] {
        sortedAsList(entries) { ($0.summary.created, $0.summary.id) }
    }

    private static func sortedAsList<T>(_ items: [T], _ key: (T) -> (Date?, String)) -> [T] {
        let keys = items.map { item -> (Double, String) in
            let (created, id) = key(item)
            return (created?.timeIntervalSince1970 ?? -.infinity, id)
        }
        return items.indices.sorted { keys[$0] < keys[$1] }.map { items[$0] }
    }

    // MARK: JSON Lines

    /// `{"kind":"source","ff":1,"repository":…,"commit":…,"branch":…,"exported":…}` and a newline.
    public static func sourceLine(_ s: Source) -> [UInt8] {
        var w = JSONWriter()
        w.object { w in
            w.field("kind", "source")
            w.field("ff", version)
            w.field("repository", s.repository)
            w.field("commit", s.commit)
            w.field("branch", s.branch)
            w.field("exported", time: s.exported)
        }
        return w.take() + [0x0A]
    }

    /// `{"kind":"experiment",` then the keys of `ff show --json` (compact; the object of
    /// `ff list --json`, which is the same), and a newline.
    public static func experimentLine(_ entry: Entry, now: Date) -> [UInt8] {
        var out: [UInt8] = [], scratch: [UInt8] = []
        appendExperiment(entry, now: now, into: &out, scratch: &scratch)
        return out
    }

    /// `{"kind":"event","event":` the object `ff timeline --json` has for the event `}` and a
    /// newline. Nested rather than merged: the timeline's event has a `kind` of its own.
    public static func eventLine(_ e: TimelineEvent, title: String) -> [UInt8] {
        var out: [UInt8] = []
        appendEvent(e, title: title, into: &out)
        return out
    }

    private static func appendExperiment(_ entry: Entry, now: Date, into out: inout [UInt8], scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        entry.summary.listJSON(path: entry.path, now: now, review: entry.inReview, into: &scratch)
        out.append(contentsOf: #"{"kind":"experiment","#.utf8)
        out.append(contentsOf: scratch.dropFirst())
        out.append(0x0A)
    }

    private static func appendEvent(_ e: TimelineEvent, title: String, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"kind":"event","event":"#.utf8)
        TimelineJSON.appendEvent(e, title: title, into: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// The source line (with `source`), the experiments in the order given, then the
    /// timeline's events in its order; handed to `sink` in pieces of about a megabyte.
    public static func writeJSONLines(_ entries: [Entry], timeline t: Timeline, now: Date, source: Source? = nil,
                                      to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 8192)
        func flush() {
            if out.count > 1 << 20 {
                sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if let source { out += sourceLine(source) }
        var scratch: [UInt8] = []
        for entry in entries {
            appendExperiment(entry, now: now, into: &out, scratch: &scratch)
            flush()
        }
        for e in t.events {
            appendEvent(e, title: t.title(for: e), into: &out)
            flush()
        }
        if !out.isEmpty { sink(out) }
    }

    // MARK: CSV

    public static let csvColumns = [
        "id", "title", "status", "owner", "created", "started", "due", "days", "outcome", "concluded",
        "returned", "signal", "next", "tags", "touches", "follows", "path",
    ]

    /// The cells of one experiment's row, before `csvField` (times in UTC, empty when unset).
    public static func csvCells(_ s: StoredExperiment) -> [String] {
        let e = s.experiment
        func time(_ d: Date?) -> String { d.map(Timestamp.format) ?? "" }
        let c = e.conclusion
        // The next test as `ff why` says it: the published text, else the follow-up's id.
        let next = c?.next.flatMap { $0.isEmpty ? nil : $0 } ?? c?.nextExperiment ?? ""
        return [
            e.id, e.title, e.status.rawValue, e.owner ?? "", time(e.created), time(e.timebox.started), time(e.due),
            e.timebox.days.map(String.init) ?? "", c?.outcome?.rawValue ?? "", time(c?.at),
            c?.returned ?? "", c?.signal ?? "", next, e.tags.joined(separator: ";"), e.touches.joined(separator: ";"),
            e.follows ?? "", s.path,
        ]
    }

    /// One field of RFC 4180: control characters other than TAB, LF and CR shown as the other
    /// text outputs show them (`^[`, `<U+009B>`, bidirectional controls as `<U+202E>`); a
    /// leading `'` before a cell that starts with `=`, `+`, `-`, `@`, TAB or CR, which a
    /// spreadsheet would read as a formula; quoted when it holds `,`, `"`, CR or LF, with
    /// quotes doubled.
    public static func csvField(_ raw: String) -> String {
        var s = SafeText.cell(raw)
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            s = "'" + s
        }
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return s }
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }

    /// One record: the fields joined with `,`, ended by LF.
    public static func csvRecord(_ cells: [String]) -> String {
        cells.map(csvField).joined(separator: ",") + "\n"
    }

    /// The header row, then one row per experiment in the order given.
    public static func writeCSV(_ experiments: [StoredExperiment], to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = Array(csvRecord(csvColumns).utf8)
        for s in experiments {
            out += csvRecord(csvCells(s)).utf8
            if out.count > 1 << 20 {
                sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        sink(out)
    }

    public static func csv(_ experiments: [StoredExperiment]) -> String {
        var out: [UInt8] = []
        writeCSV(experiments) { out += $0 }
        return String(decoding: out, as: UTF8.self)
    }
}
