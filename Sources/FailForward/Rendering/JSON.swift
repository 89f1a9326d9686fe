// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).
/// JSON output with keys in the order ff gives them (the file's order), and every control
/// character escaped, C1 and Unicode line separators included, so that piping JSON to a
/// terminal is as safe as printing text.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    @_optimize(speed) public static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

    @_optimize(speed) public static func string(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    /// Compact JSON, or indented with two spaces.
    @_optimize(speed) public func render(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    @_optimize(speed) private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .double(d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)) : "null"
        case let .string(s): JSON.quote(s, into: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSON.quote(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    @_optimize(speed) public static func quote(_ s: String, into out: inout String) {
        out += "\""
        if !needsEscaping(s) {
            out += s
            out += "\""
            return
        }
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = c.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    let h = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }

    /// `quote` into UTF-8 bytes: strings with nothing to escape are copied in one go.
    @_optimize(speed) public static func quote(_ s: String, into out: inout [UInt8]) {
        if !needsEscaping(s) {
            out.append(0x22)
            var copy = s
            copy.withUTF8 { out.append(contentsOf: $0) }
            out.append(0x22)
            return
        }
        var text = ""
        quote(s, into: &text)
        out.append(contentsOf: text.utf8)
    }

    /// Scans the UTF-8 bytes for anything `quote` must escape; most strings have nothing.
    @_optimize(speed) private static func needsEscaping(_ s: String) -> Bool {
        if let answer = s.utf8.withContiguousStorageIfAvailable({ scan($0) }) { return answer }
        return scan(Array(s.utf8))
    }

    /// ASCII without controls, quotes or backslashes needs nothing; anything else (non-ASCII
    /// included, for the C1 and Unicode separators) takes the careful path.
    @_optimize(speed) private static func scan<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C || b >= 0x7F {
            return true
        }
        return false
    }
}

/// Writes JSON straight into UTF-8 bytes, compact or indented like `JSON.render(pretty:)`,
/// with no intermediate tree and no String appends: the cold `ff list` renders ten thousand
/// experiments, and byte appends cost a fraction of string appends.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// One flag per open container: whether it already has an element.
    private var hasElement: [Bool] = []
    private var pendingValue = false

    @_optimize(speed) public init(pretty: Bool = false) {
        self.pretty = pretty
        bytes.reserveCapacity(2048)
    }

    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes written, handed over without a copy (the writer is left empty).
    @_optimize(speed) public mutating func take() -> [UInt8] {
        let out = bytes
        bytes = []
        return out
    }

    @_optimize(speed) private mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @_optimize(speed) private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<hasElement.count { bytes.append(0x20); bytes.append(0x20) }
    }

    @_optimize(speed) private mutating func separate() {
        guard let last = hasElement.last else { return }
        if last { bytes.append(0x2C) }
        hasElement[hasElement.count - 1] = true
        if pretty { newline() }
    }

    @_optimize(speed) private mutating func close(_ bracket: UInt8) {
        let had = hasElement.removeLast()
        if pretty && had { newline() }
        bytes.append(bracket)
    }

    @_optimize(speed) private mutating func value() {
        if pendingValue {
            pendingValue = false
        } else {
            separate()
        }
    }

    @_optimize(speed) public mutating func key(_ k: String) {
        separate()
        JSON.quote(k, into: &bytes)
        if pretty { raw(": ") } else { bytes.append(0x3A) }
        pendingValue = true
    }

    @_optimize(speed) public mutating func beginObject() { value(); bytes.append(0x7B); hasElement.append(false) }
    @_optimize(speed) public mutating func endObject() { close(0x7D) }
    @_optimize(speed) public mutating func beginArray() { value(); bytes.append(0x5B); hasElement.append(false) }
    @_optimize(speed) public mutating func endArray() { close(0x5D) }
    @_optimize(speed) public mutating func string(_ s: String?) {
        value()
        if let s { JSON.quote(s, into: &bytes) } else { raw("null") }
    }
    @_optimize(speed) public mutating func int(_ i: Int?) {
        value()
        if let i { bytes.append(contentsOf: String(i).utf8) } else { raw("null") }
    }
    @_optimize(speed) public mutating func bool(_ b: Bool?) {
        value()
        switch b {
        case .some(true): raw("true")
        case .some(false): raw("false")
        case .none: raw("null")
        }
    }
    @_optimize(speed) public mutating func double(_ d: Double?) {
        value()
        guard let d, d.isFinite else { raw("null"); return }
        bytes.append(contentsOf: (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)).utf8)
    }
    @_optimize(speed) public mutating func null() { value(); raw("null") }

    @_optimize(speed) public mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    @_optimize(speed) public mutating func array<T>(_ items: [T], _ body: (inout JSONWriter, T) -> Void) {
        beginArray()
        for item in items { body(&self, item) }
        endArray()
    }

    @_optimize(speed) public mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
    @_optimize(speed) public mutating func field(_ k: String, _ i: Int?) { key(k); int(i) }
    @_optimize(speed) public mutating func field(_ k: String, _ b: Bool?) { key(k); bool(b) }
    @_optimize(speed) public mutating func field(_ k: String, time d: Date?) { key(k); string(d.map(Timestamp.format)) }
    @_optimize(speed) public mutating func field(_ k: String, strings: [String]) { key(k); array(strings) { $0.string($1) } }
}

extension Experiment {
    /// The experiment as JSON, keys in file order (see docs/FORMAT.md). `extra` adds keys
    /// before the first (`path`) and after the last (`days_left`, `overdue`).
    @_optimize(speed) public func writeJSON(into w: inout JSONWriter, before: (inout JSONWriter) -> Void = { _ in },
                          after: (inout JSONWriter) -> Void = { _ in }) {
        w.object { w in
            before(&w)
            w.field("ff", schema)
            w.field("id", id)
            w.field("title", title)
            w.field("status", status.rawValue)
            w.field("owner", owner)
            w.field("created", time: created)
            w.field("follows", follows)
            w.field("tags", strings: tags)
            // Only when set, so that the JSON of every experiment without it stays as it was.
            if !touches.isEmpty { w.field("touches", strings: touches) }
            w.field("hypothesis", hypothesis)
            w.field("reversible", reversible)
            w.field("rollback", rollback)
            w.field("stakeholders", strings: stakeholders)
            w.key("timebox")
            w.object { w in
                w.field("days", timebox.days)
                w.field("started", time: timebox.started)
                w.field("due", time: due)
            }
            w.key("signals")
            w.object { w in
                w.field("success", strings: signals.success)
                w.field("failure", strings: signals.failure)
            }
            w.key("data")
            w.array(data) { w, d in w.object { w in w.field("what", d.what); w.field("how", d.how) } }
            w.key("observations")
            w.array(observations) { w, o in w.object { w in w.field("at", time: o.at); w.field("text", o.text) } }
            w.key("prediction")
            if let p = prediction {
                w.object { w in w.field("outcome", p.outcome.rawValue); w.key("confidence"); w.double(p.confidence) }
            } else {
                w.null()
            }
            w.key("deviations")
            w.array(deviations) { w, d in
                w.object { w in
                    w.field("at", time: d.at); w.field("field", d.field); w.field("reason", d.reason); w.field("by", d.by)
                }
            }
            w.key("conclusion")
            if let c = conclusion {
                w.object { w in
                    w.field("at", time: c.at)
                    w.field("outcome", c.outcome?.rawValue)
                    w.key("ledger")
                    w.array(c.ledger) { w, l in w.object { w in w.field("signal", l.signal); w.field("observed", l.observed.rawValue) } }
                    w.field("returned", c.returned)
                    w.field("facts", c.facts)
                    w.field("signal", c.signal)
                    w.field("remediation", c.remediation)
                    w.field("next", c.next)
                    w.field("next_experiment", c.nextExperiment)
                }
            } else {
                w.null()
            }
            w.key("abandoned")
            if let a = abandoned {
                w.object { w in w.field("at", time: a.at); w.field("reason", a.reason) }
            } else {
                w.null()
            }
            w.key("reviews")
            w.array(reviews) { w, r in
                w.object { w in
                    w.field("at", time: r.at); w.field("by", r.by); w.field("line", r.line)
                    w.field("text", r.text); w.field("resolved", r.resolved)
                }
            }
            after(&w)
        }
    }

    /// Compact JSON of the experiment, as UTF-8.
    @_optimize(speed) public var jsonBytes: [UInt8] {
        var w = JSONWriter()
        writeJSON(into: &w)
        return w.bytes
    }

    /// Compact JSON of the experiment.
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}

