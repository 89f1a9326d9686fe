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

    public static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

    public static func string(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    /// Compact JSON, or indented with two spaces.
    public func render(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
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

    public static func quote(_ s: String, into out: inout String) {
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

    /// Scans the UTF-8 bytes for anything `quote` must escape; most strings have nothing.
    private static func needsEscaping(_ s: String) -> Bool {
        var u = s.utf8.makeIterator()
        var prev: UInt8 = 0, prev2: UInt8 = 0
        while let b = u.next() {
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { return true }
            // C1 controls are C2 80–9F; U+2028–202E and U+2066–2069 are E2 80 A8–AE, E2 81 A6–A9.
            if prev == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if prev2 == 0xE2 && prev == 0x80 && b >= 0xA8 && b <= 0xAE { return true }
            if prev2 == 0xE2 && prev == 0x81 && b >= 0xA6 && b <= 0xA9 { return true }
            prev2 = prev
            prev = b
        }
        return false
    }
}

extension Experiment {
    /// The experiment as JSON, keys in file order (see docs/FORMAT.md).
    public var json: JSON {
        func time(_ d: Date?) -> JSON { d.map { .string(Timestamp.format($0)) } ?? .null }
        var pairs: [(String, JSON)] = [
            ("ff", .int(schema)),
            ("id", .string(id)),
            ("title", .string(title)),
            ("status", .string(status.rawValue)),
            ("owner", .string(owner)),
            ("created", time(created)),
            ("follows", .string(follows)),
            ("tags", .array(tags.map(JSON.string))),
            ("hypothesis", .string(hypothesis)),
            ("reversible", reversible.map(JSON.bool) ?? .null),
            ("rollback", .string(rollback)),
            ("stakeholders", .array(stakeholders.map(JSON.string))),
            ("timebox", .object([("days", timebox.days.map(JSON.int) ?? .null), ("started", time(timebox.started)), ("due", time(due))])),
            ("signals", .object([("success", .array(signals.success.map(JSON.string))), ("failure", .array(signals.failure.map(JSON.string)))])),
            ("data", .array(data.map { .object([("what", .string($0.what)), ("how", .string($0.how))]) })),
            ("observations", .array(observations.map { .object([("at", time($0.at)), ("text", .string($0.text))]) })),
            ("prediction", prediction.map { .object([("outcome", .string($0.outcome.rawValue)), ("confidence", $0.confidence.map(JSON.double) ?? .null)]) } ?? .null),
            ("deviations", .array(deviations.map {
                .object([("at", time($0.at)), ("field", .string($0.field)), ("reason", .string($0.reason)), ("by", .string($0.by))])
            })),
        ]
        pairs.append(("conclusion", conclusion.map { c in
            .object([
                ("at", time(c.at)), ("outcome", .string(c.outcome?.rawValue)),
                ("ledger", .array(c.ledger.map { .object([("signal", .string($0.signal)), ("observed", .string($0.observed.rawValue))]) })),
                ("returned", .string(c.returned)), ("facts", .string(c.facts)), ("signal", .string(c.signal)),
                ("remediation", .string(c.remediation)), ("next", .string(c.next)), ("next_experiment", .string(c.nextExperiment)),
            ])
        } ?? .null))
        pairs.append(("abandoned", abandoned.map { .object([("at", time($0.at)), ("reason", .string($0.reason))]) } ?? .null))
        return .object(pairs)
    }
}

import Foundation
