// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// What the timeline, the stats and the digest need of an experiment as it stands at the
/// newest commit: its plan in brief and its debrief. Small enough to keep in a cache line.
public struct ExperimentFacts: Equatable, Sendable {
    public var id: String
    public var path: String
    public var title: String
    public var status: Status
    public var owner: String?
    public var tags: [String]
    public var touches: [String]
    public var created: Date?
    public var follows: String?
    public var hypothesis: String?
    public var days: Int?
    public var started: Date?
    public var prediction: Prediction?
    public var deviations: Int
    public var observations: Int
    public var concludedAt: Date?
    public var outcome: Outcome?
    public var returned: String?
    public var facts: String?
    public var signal: String?
    public var remediation: String?
    public var next: String?
    public var nextExperiment: String?
    public var ledger: [LedgerEntry]
    public var abandonedAt: Date?
    public var abandonReason: String?

    @_optimize(speed) public init(_ e: Experiment, path: String) {
        id = e.id
        self.path = path
        title = e.title
        status = e.status
        owner = e.owner
        tags = e.tags
        touches = e.touches
        created = e.created
        follows = e.follows
        hypothesis = e.hypothesis
        days = e.timebox.days
        started = e.timebox.started
        prediction = e.prediction
        deviations = e.deviations.count
        observations = e.observations.count
        concludedAt = e.conclusion?.at
        outcome = e.conclusion?.outcome
        returned = e.conclusion?.returned
        facts = e.conclusion?.facts
        signal = e.conclusion?.signal
        remediation = e.conclusion?.remediation
        next = e.conclusion?.next
        nextExperiment = e.conclusion?.nextExperiment
        ledger = e.conclusion?.ledger ?? []
        abandonedAt = e.abandoned?.at
        abandonReason = e.abandoned?.reason
    }

    @_optimize(speed) public var due: Date? {
        guard let started, let days else { return nil }
        return started.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// A next test published as text or as a linked follow-up.
    public var hasNextTest: Bool { !(next ?? "").isEmpty || nextExperiment != nil }

    /// Days from the start to the conclusion.
    @_optimize(speed) public var cycleDays: Double? {
        guard status == .concluded, let started, let concludedAt else { return nil }
        return concludedAt.timeIntervalSince(started) / 86_400
    }

    /// When it ended, concluded or abandoned.
    public var endedAt: Date? { concludedAt ?? abandonedAt }

    // MARK: Cache lines

    /// Appends one line of tab-separated fields (text escaped, no newline) for the timeline cache.
    @_optimize(speed) public func appendCacheLine(to out: inout [UInt8]) {
        var w = CacheLineWriter(out: out)
        out = []
        w.text(id); w.text(path); w.text(title); w.raw(status.rawValue); w.text(owner)
        w.list(tags); w.time(created); w.text(follows); w.text(hypothesis); w.raw(days.map(String.init) ?? "")
        w.time(started)
        w.raw(prediction.map { $0.outcome.rawValue + "/" + ($0.confidence.map { String($0) } ?? "") } ?? "")
        w.raw(String(deviations)); w.raw(String(observations)); w.time(concludedAt); w.raw(outcome?.rawValue ?? "")
        w.text(returned); w.text(facts); w.text(signal); w.text(remediation); w.text(next); w.text(nextExperiment)
        w.list(ledger.flatMap { [$0.observed.rawValue, $0.signal] })
        w.time(abandonedAt); w.text(abandonReason); w.list(touches)
        out = w.out
    }

    /// Reads a cache line back; nil for anything malformed (the cache is then rebuilt).
    @_optimize(speed) public init?(cacheLine line: ArraySlice<UInt8>) {
        let f = CacheText.fields(line)
        guard f.count == 26, let id = CacheText.text(f[0]), let path = CacheText.text(f[1]),
              let title = CacheText.text(f[2]), let status = Status(rawValue: CacheText.plain(f[3])) else { return nil }
        self.id = id
        self.path = path
        self.title = title
        self.status = status
        owner = CacheText.text(f[4])
        tags = CacheText.list(f[5])
        created = CacheText.date(f[6])
        follows = CacheText.text(f[7])
        hypothesis = CacheText.text(f[8])
        days = Int(CacheText.plain(f[9]))
        started = CacheText.date(f[10])
        if f[11].isEmpty {
            prediction = nil
        } else {
            let parts = CacheText.plain(f[11]).split(separator: "/", omittingEmptySubsequences: false)
            guard let o = Outcome(rawValue: String(parts[0])) else { return nil }
            let confidence = parts.count > 1 && !parts[1].isEmpty ? Double(parts[1]) : nil
            // As the file format has it: a damaged line is unreadable, and rebuilt.
            if parts.count > 1 && !parts[1].isEmpty { guard let c = confidence, (0...1).contains(c) else { return nil } }
            prediction = Prediction(outcome: o, confidence: confidence)
        }
        guard let deviations = Int(CacheText.plain(f[12])), let observations = Int(CacheText.plain(f[13])) else { return nil }
        self.deviations = deviations
        self.observations = observations
        concludedAt = CacheText.date(f[14])
        outcome = Outcome(rawValue: CacheText.plain(f[15]))
        returned = CacheText.text(f[16])
        facts = CacheText.text(f[17])
        signal = CacheText.text(f[18])
        remediation = CacheText.text(f[19])
        next = CacheText.text(f[20])
        nextExperiment = CacheText.text(f[21])
        let pairs = CacheText.list(f[22])
        guard pairs.count % 2 == 0 else { return nil }
        ledger = stride(from: 0, to: pairs.count, by: 2).compactMap { i in
            Observed(rawValue: pairs[i]).map { LedgerEntry(signal: pairs[i + 1], observed: $0) }
        }
        abandonedAt = CacheText.date(f[23])
        abandonReason = CacheText.text(f[24])
        touches = CacheText.list(f[25])
    }
}

/// Writes the fields of a cache line: tab-separated, text with tabs, newlines, backslashes
/// and the list separator escaped, nil as `\0`.
struct CacheLineWriter {
    var out: [UInt8]
    private var first = true

    @_optimize(speed) init(out: [UInt8]) { self.out = out }

    @_optimize(speed) private mutating func separate() {
        if !first { out.append(0x09) }
        first = false
    }

    @_optimize(speed) mutating func raw(_ s: String) {
        separate()
        out.append(contentsOf: s.utf8)
    }

    @_optimize(speed) mutating func text(_ s: String?) {
        separate()
        escape(s)
    }

    @_optimize(speed) private mutating func escape(_ s: String?) {
        guard var s else { out.append(0x5C); out.append(0x30); return }
        // Most text has nothing to escape: copied in one go.
        let plain = s.withUTF8 { buf in
            !buf.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C || $0 == 0x1F }
        }
        if plain {
            s.withUTF8 { out.append(contentsOf: $0) }
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x1F: out.append(0x5C); out.append(0x75)
            default: out.append(b)
            }
        }
    }

    @_optimize(speed) mutating func list(_ items: [String]) {
        separate()
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(0x1F) }
            escape(item)
        }
    }

    @_optimize(speed) mutating func time(_ d: Date?) {
        raw(d.map { String(CacheText.seconds($0)) } ?? "")
    }
}

/// The tab-separated fields of a cache line, one after the other, without an array.
struct CacheFields {
    private let line: ArraySlice<UInt8>
    private var position: Int
    private var finished = false

    @_optimize(speed) init(_ line: ArraySlice<UInt8>) {
        self.line = line
        position = line.startIndex
    }

    @_optimize(speed) mutating func next() -> ArraySlice<UInt8>? {
        guard !finished else { return nil }
        var i = position
        while i < line.endIndex && line[i] != 0x09 { i += 1 }
        defer { position = i + 1 }
        if i == line.endIndex { finished = true }
        return line[position..<i]
    }
}

/// Reading cache lines back, on bytes: a warm run reads tens of thousands of them.
enum CacheText {
    @_optimize(speed) static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(26)
        var start = line.startIndex
        for i in line.indices where line[i] == 0x09 {
            out.append(line[start..<i])
            start = i + 1
        }
        out.append(line[start..<line.endIndex])
        return out
    }

    @_optimize(speed) static func plain(_ b: ArraySlice<UInt8>) -> String {
        b.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    @_optimize(speed) static func text(_ b: ArraySlice<UInt8>) -> String? {
        if b.count == 2 && b.first == 0x5C && b.last == 0x30 { return nil }
        guard b.contains(0x5C) else { return plain(b) }
        return unescape(b)
    }

    /// Text written by a cache's escaper (`\t \n \r \0 \u \\`; the list cache and the
    /// timeline cache each use some of them), read back.
    @_optimize(speed) static func unescape(_ b: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var escaping = false
        for c in b {
            if escaping {
                switch c {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "u"): out.append(0x1F)
                default: out.append(c)
                }
                escaping = false
            } else if c == 0x5C {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @_optimize(speed) static func list(_ b: ArraySlice<UInt8>) -> [String] {
        if b.isEmpty { return [] }
        return b.split(separator: 0x1F, omittingEmptySubsequences: false).map { text($0) ?? "" }
    }

    @_optimize(speed) static func date(_ b: ArraySlice<UInt8>) -> Date? {
        int64(b).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// A decimal number as a cache writes it; nil for anything else, a number too long for
    /// 64 bits included (a damaged cache line is read as missing, and rebuilt).
    @_optimize(speed) static func int64(_ b: ArraySlice<UInt8>) -> Int64? {
        var digits = b
        let negative = digits.first == 0x2D
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var v: Int64 = 0
        for c in digits {
            guard c >= 48 && c <= 57 else { return nil }
            // Built negative, so that Int64.min itself fits.
            let (times, o1) = v.multipliedReportingOverflow(by: 10)
            let (next, o2) = times.subtractingReportingOverflow(Int64(c - 48))
            guard !o1 && !o2 else { return nil }
            v = next
        }
        if negative { return v }
        return v == .min ? nil : -v
    }

    /// A time as the caches write it: whole seconds, never trapping.
    @_optimize(speed) static func seconds(_ d: Date) -> Int64 { Timestamp.seconds(d) }
}
