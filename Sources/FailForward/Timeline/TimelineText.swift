import Foundation

/// `ff timeline`: the events grouped by month, one line each, for a terminal.
public enum TimelineText {
    public static func render(_ t: Timeline, painter p: Painter) -> String {
        var out = ""
        out += p.bold("Learning timeline") + "  " + p.dim(summary(t)) + "\n"
        for note in t.notes { out += p.yellow("note: ") + SafeText.line(note) + "\n" }
        if t.events.isEmpty {
            out += "\nNo events" + (t.head == nil ? ": the history is empty." : " in this range.") + "\n"
            return out
        }
        var month = ""
        for e in t.events {
            let m = Timestamp.month(e.time)
            if m != month {
                month = m
                out += "\n" + p.bold(m) + "\n"
            }
            out += line(e, t, p)
        }
        return out
    }

    /// `42 events, 13 experiments, 2026-09-01 – 2026-11-28`
    public static func summary(_ t: Timeline) -> String {
        var s = "\(t.events.count) event\(t.events.count == 1 ? "" : "s"), \(t.ids.count) experiment\(t.ids.count == 1 ? "" : "s")"
        if let first = t.events.first, let last = t.events.last {
            s += ", \(Timestamp.day(first.time)) – \(Timestamp.day(last.time))"
        }
        return s
    }

    static func line(_ e: TimelineEvent, _ t: Timeline, _ p: Painter) -> String {
        let stamp = Timestamp.format(e.time)
        let when = String(stamp.dropFirst(8).prefix(8)).replacingOccurrences(of: "T", with: " ")
        var kind = e.kind.label
        kind += String(repeating: " ", count: max(0, 20 - kind.count))
        let title = SafeText.line(t.title(for: e))
        var detail: [String] = []
        if let o = e.outcome { detail.append(p.outcome(o)) }
        if !e.fields.isEmpty { detail.append(e.fields.map(SafeText.line).joined(separator: ", ")) }
        var marks: [String] = []
        if e.flagged { marks.append(p.red("⚑ no deviation declared")) }
        if e.byHand { marks.append(p.yellow("by hand")) }
        if e.reconstructed { marks.append(p.dim("reconstructed")) }
        var s = "  " + p.dim(when) + "  " + colour(e.kind, p)(kind) + " " + p.yellow(e.experiment) + "  " + title
        if !detail.isEmpty { s += "  " + detail.joined(separator: " ") }
        s += p.dim("  · " + SafeText.line(e.authorName))
        if !marks.isEmpty { s += "  " + marks.joined(separator: " ") }
        s += "\n"
        if let text = e.text, !text.isEmpty {
            s += "                       " + p.dim(clip(SafeText.line(text), 110)) + "\n"
        }
        return s
    }

    static func colour(_ k: TimelineEvent.Kind, _ p: Painter) -> (String) -> String {
        switch k {
        case .created: return p.blue
        case .started: return p.cyan
        case .concluded, .debriefMerged: return p.green
        case .abandoned: return p.yellow
        case .lockedChanged: return p.red
        case .amended: return p.magenta
        default: return { $0 }
        }
    }

    static func clip(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}
