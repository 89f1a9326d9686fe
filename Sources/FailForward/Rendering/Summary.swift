import Foundation

/// What `ff list` needs of an experiment: the fields it filters and shows, and the
/// experiment's JSON, ready to print. Kept in a cache so that an unchanged file is never
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
    /// `Experiment.json`, compact.
    public var json: String

    public init(_ e: Experiment) {
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
        json = e.json.render()
    }

    public var due: Date? {
        guard let started, let days else { return nil }
        return started.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    public func daysLeft(at now: Date) -> Int? {
        guard let due else { return nil }
        return Int((due.timeIntervalSince(now) / 86_400).rounded(.up))
    }

    public func isOverdue(at now: Date) -> Bool {
        guard status == .running, let due else { return false }
        return now > due
    }

    /// The `ff list --json` object: `path`, the experiment's fields, `days_left`, `overdue`.
    public func listJSON(path: String, now: Date, into out: inout String) {
        out += "{\"path\":"
        JSON.quote(path, into: &out)
        out += ","
        out += json.dropFirst().dropLast()
        out += ",\"days_left\":"
        out += status == .running ? (daysLeft(at: now).map(String.init) ?? "null") : "null"
        out += ",\"overdue\":"
        out += isOverdue(at: now) ? "true}" : "false}"
    }

    // MARK: Cache lines

    /// One line: tab-separated fields (text escaped), the JSON last.
    public var cacheLine: String {
        func esc(_ s: String?) -> String {
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
        func time(_ d: Date?) -> String { d.map { String(Int64($0.timeIntervalSince1970)) } ?? "" }
        return [esc(id), esc(title), status.rawValue, esc(owner), tags.map { esc($0) }.joined(separator: "\u{1F}"),
                time(created), days.map(String.init) ?? "", time(started), outcome?.rawValue ?? "", time(abandonedAt), json]
            .joined(separator: "\t")
    }

    /// Reads a `cacheLine` back; nil for anything malformed (the cache is then rebuilt).
    public init?(cacheLine line: Substring) {
        let f = line.split(separator: "\t", maxSplits: 10, omittingEmptySubsequences: false)
        guard f.count == 11, let status = Status(rawValue: String(f[2])) else { return nil }
        func unesc(_ s: Substring) -> String? {
            if s == "\u{0}" { return nil }
            guard s.contains("\\") else { return String(s) }
            var out = ""
            var escaping = false
            for c in s.unicodeScalars {
                if escaping {
                    switch c {
                    case "t": out += "\t"
                    case "n": out += "\n"
                    case "0": out += "\u{0}"
                    case "u": out += "\u{1F}"
                    default: out.unicodeScalars.append(c)
                    }
                    escaping = false
                } else if c == "\\" {
                    escaping = true
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            return out
        }
        func time(_ s: Substring) -> Date? { Int64(s).map { Date(timeIntervalSince1970: TimeInterval($0)) } }
        guard let id = unesc(f[0]), let title = unesc(f[1]) else { return nil }
        self.id = id
        self.title = title
        self.status = status
        owner = unesc(f[3])
        tags = f[4].isEmpty ? [] : f[4].split(separator: "\u{1F}", omittingEmptySubsequences: false).compactMap { unesc($0) }
        created = time(f[5])
        days = Int(f[6])
        started = time(f[7])
        outcome = Outcome(rawValue: String(f[8]))
        abandonedAt = time(f[9])
        json = String(f[10])
        guard json.hasPrefix("{"), json.hasSuffix("}") else { return nil }
    }
}
