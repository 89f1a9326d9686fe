// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// What `ff list` and `ff why` need of an experiment: the fields they filter and show, and
/// the experiment's JSON, ready to print. Kept in a cache so that an unchanged file is never
/// parsed twice.
public struct ExperimentSummary: Equatable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var owner: String?
    public var tags: [String]
    public var created: Date?
    public var days: Int?
    public var started: Date?
    public var outcome: Outcome?
    public var abandonedAt: Date?
    /// The paths and globs of `touches:`, which `ff why` matches.
    public var touches: [String]
    /// What `ff why` shows of the conclusion, so that it reads no file.
    public var returned: String?
    public var signal: String?
    public var next: String?
    public var nextExperiment: String?
    /// `Experiment.json`, compact, as UTF-8 (a slice of the cache file when read from it).
    public var json: ArraySlice<UInt8>

    @_optimize(speed) public init(_ e: Experiment) {
        id = e.id
        title = e.title
        status = e.status
        owner = e.owner
        tags = e.tags
        created = e.created
        days = e.timebox.days
        started = e.timebox.started
        outcome = e.conclusion?.outcome
        abandonedAt = e.abandoned?.at
        touches = e.touches
        returned = e.conclusion?.returned
        signal = e.conclusion?.signal
        next = e.conclusion?.next
        nextExperiment = e.conclusion?.nextExperiment
        json = e.jsonBytes[...]
    }

    public var schedule: Schedule { Schedule(status: status, started: started, days: days) }
    @_optimize(speed) public func daysLeft(at now: Date) -> Int? { schedule.daysLeft(at: now) }
    @_optimize(speed) public func isOverdue(at now: Date) -> Bool { schedule.isOverdue(at: now) }

    /// Appends the `ff list --json` object — `path`, the experiment's fields, `days_left`,
    /// `overdue`, `review` — as UTF-8 bytes (String appends and interpolation cost more than
    /// the bytes).
    @_optimize(speed) public func listJSON(path: String, now: Date, review: InReview? = nil, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"path":"#.utf8)
        JSON.quote(path, into: &out)
        out.append(0x2C)
        out.append(contentsOf: json.dropFirst().dropLast())
        out.append(contentsOf: #","days_left":"#.utf8)
        if status == .running, let left = daysLeft(at: now) {
            out.append(contentsOf: String(left).utf8)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: (isOverdue(at: now) ? #","overdue":true,"review":"# : #","overdue":false,"review":"#).utf8)
        out.append(contentsOf: (review?.json.render() ?? "null").utf8)
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Cache lines

    /// One line: tab-separated fields (text escaped), the JSON last. A line of the layout
    /// before `touches` and the conclusion's texts (fewer fields) does not read, and is
    /// parsed again from its file.
    @_optimize(speed) public var cacheLine: String {
        @_optimize(speed) func esc(_ s: String?) -> String {
            guard let s else { return "\u{0}" }
            guard s.unicodeScalars.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\u{0}" || $0 == "\u{1F}" }) else { return s }
            var out = ""
            for c in s.unicodeScalars {
                switch c {
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\\": out += "\\\\"
                case "\u{0}": out += "\\0"
                case "\u{1F}": out += "\\u"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
        @_optimize(speed) func time(_ d: Date?) -> String { d.map { String(CacheText.seconds($0)) } ?? "" }
        return [esc(id), esc(title), status.rawValue, esc(owner), tags.map { esc($0) }.joined(separator: "\u{1F}"),
                time(created), days.map(String.init) ?? "", time(started), outcome?.rawValue ?? "", time(abandonedAt),
                touches.map { esc($0) }.joined(separator: "\u{1F}"), esc(returned), esc(signal), esc(next), esc(nextExperiment),
                String(decoding: json, as: UTF8.self)]
            .joined(separator: "\t")
    }

    /// Reads a `cacheLine` back from its bytes; nil for anything malformed (the cache is
    /// then rebuilt). Works on bytes and field ranges: this runs for every experiment on
    /// every `ff list`, and an array of slices per line costs more than the rest together.
    @_optimize(speed) public init?(cacheLine line: ArraySlice<UInt8>) {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(16)
        var start = line.startIndex
        var i = line.startIndex
        while i < line.endIndex && ranges.count < 15 {
            if line[i] == 0x09 {
                ranges.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        ranges.append(start..<line.endIndex)
        guard ranges.count == 16 else { return nil }
        @_optimize(speed) func text(_ r: Range<Int>) -> String? {
            let b = line[r]
            if b.count == 1 && b.first == 0 { return nil }
            guard b.contains(0x5C) else { return String(decoding: b, as: UTF8.self) }
            return CacheText.unescape(b)
        }
        @_optimize(speed) func int(_ r: Range<Int>) -> Int64? { CacheText.int64(line[r]) }
        @_optimize(speed) func time(_ r: Range<Int>) -> Date? { int(r).map { Date(timeIntervalSince1970: TimeInterval($0)) } }
        @_optimize(speed) func word(_ r: Range<Int>) -> String { String(decoding: line[r], as: UTF8.self) }
        guard let id = text(ranges[0]), let title = text(ranges[1]), let status = Status(rawValue: word(ranges[2])) else { return nil }
        self.id = id
        self.title = title
        self.status = status
        owner = text(ranges[3])
        @_optimize(speed) func list(_ r: Range<Int>) -> [String] {
            r.isEmpty ? [] : line[r].split(separator: 0x1F, omittingEmptySubsequences: false).compactMap { text($0.startIndex..<$0.endIndex) }
        }
        tags = list(ranges[4])
        created = time(ranges[5])
        days = int(ranges[6]).flatMap { Int(exactly: $0) }
        started = time(ranges[7])
        outcome = ranges[8].isEmpty ? nil : Outcome(rawValue: word(ranges[8]))
        abandonedAt = time(ranges[9])
        touches = list(ranges[10])
        returned = text(ranges[11])
        signal = text(ranges[12])
        next = text(ranges[13])
        nextExperiment = text(ranges[14])
        guard !ranges[15].isEmpty, line[ranges[15].lowerBound] == UInt8(ascii: "{"), line[ranges[15].upperBound - 1] == UInt8(ascii: "}") else { return nil }
        json = line[ranges[15]]
    }
}
