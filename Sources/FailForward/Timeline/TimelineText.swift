
/// `ff timeline`: the events grouped by month, one line each, for a terminal.
public enum TimelineText {
    /// With `width`, each line fits it: the title is cut with `…` (never the id), and the
    /// text of a note to the rest of the line.
    public static func render(_ t: Timeline, painter p: Painter, width: Int? = nil) -> String {
        var out = ""
        let heading = "Learning timeline  " + summary(t)
        // On a narrow terminal the summary goes under the heading.
        let under = width.map { TerminalText.width(heading) > $0 } ?? false
        out += p.bold("Learning timeline") + (under ? "\n" : "  ") + p.dim(summary(t)) + "\n"
        // Kinds are padded to the longest one there is room for (20 columns without a width).
        let kindWidth = width == nil ? 20 : t.events.reduce(0) { max($0, $1.kind.label.count) }
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
            out += line(e, t, p, width: width, kindWidth: kindWidth)
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

    static func line(_ e: TimelineEvent, _ t: Timeline, _ p: Painter, width: Int? = nil, kindWidth: Int = 20) -> String {
        let stamp = Timestamp.format(e.time)
        let when = String(stamp.dropFirst(8).prefix(8)).replacingAll("T", with: " ")
        var kind = e.kind.label
        kind += String(repeating: " ", count: max(0, kindWidth - kind.count))
        var title = SafeText.line(t.title(for: e))
        var detail: [String] = [], plainDetail: [String] = []
        if let o = e.outcome { detail.append(p.outcome(o)); plainDetail.append(o.rawValue) }
        if !e.fields.isEmpty {
            let fields = e.fields.map(SafeText.line).joined(separator: ", ")
            detail.append(fields)
            plainDetail.append(fields)
        }
        var marks: [String] = [], plainMarks: [String] = []
        if e.flagged { marks.append(p.red("⚑ no deviation declared")); plainMarks.append("⚑ no deviation declared") }
        if e.byHand { marks.append(p.yellow("by hand")); plainMarks.append("by hand") }
        if e.reconstructed { marks.append(p.dim("reconstructed")); plainMarks.append("reconstructed") }
        var author = "  · " + SafeText.line(e.authorName)
        if let width {
            // Everything but the title, as wide as it shows; on a narrow terminal the author
            // gives way before the title does.
            var rest = 2 + when.count + 2 + kind.count + 1 + e.experiment.count + 2
            if !plainDetail.isEmpty { rest += 2 + TerminalText.width(plainDetail.joined(separator: " ")) }
            if !plainMarks.isEmpty { rest += 2 + TerminalText.width(plainMarks.joined(separator: " ")) }
            if width - rest - TerminalText.width(author) >= 10 { rest += TerminalText.width(author) } else { author = "" }
            title = TerminalText.fit(title, to: max(width - rest, 10))
        }
        var s = "  " + p.dim(when) + "  " + colour(e.kind, p)(kind) + " " + p.yellow(e.experiment) + "  " + title
        if !detail.isEmpty { s += "  " + detail.joined(separator: " ") }
        s += p.dim(author)
        if !marks.isEmpty { s += "  " + marks.joined(separator: " ") }
        s += "\n"
        if let text = e.text, !text.isEmpty {
            s += "                       " + p.dim(TerminalText.fit(SafeText.line(text), to: min(110, max((width ?? 133) - 23, 10)))) + "\n"
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
