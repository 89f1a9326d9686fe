
/// `ff timeline --format markdown`: a table per month, readable on a code-hosting site.
public enum TimelineMarkdown {
    public static func render(_ t: Timeline) -> String {
        var out = "# Learning timeline\n\n"
        out += "_\(TimelineText.summary(t))._\n"
        for note in t.notes { out += "\n> **Note:** \(Escape.markdown(note))\n" }
        guard !t.events.isEmpty else { return out + "\nNo events.\n" }
        var month = ""
        for e in t.events {
            let m = Timestamp.month(e.time)
            if m != month {
                month = m
                out += "\n## \(m)\n\n| When (UTC) | Event | Experiment | Details | By | Commit |\n|---|---|---|---|---|---|\n"
            }
            let stamp = Timestamp.format(e.time)
            let when = String(stamp.prefix(16)).replacingAll("T", with: " ")
            var event = e.kind.label
            if e.flagged { event = "⚑ " + event }
            var details: [String] = []
            if let o = e.outcome { details.append("**\(o.rawValue)**") }
            if !e.fields.isEmpty { details.append(e.fields.map(Escape.markdown).joined(separator: ", ")) }
            if e.flagged { details.append("no deviation declared") }
            if let text = e.text, !text.isEmpty { details.append(Escape.markdown(TimelineText.clip(text, 200))) }
            var marks: [String] = []
            if e.byHand { marks.append("by hand") }
            if e.reconstructed { marks.append("reconstructed") }
            if !marks.isEmpty { details.append("_(\(marks.joined(separator: ", ")))_") }
            out += "| \(when) | \(event) | `\(e.experiment)` \(Escape.markdown(t.title(for: e))) | "
                + details.joined(separator: " · ") + " | \(Escape.markdown(e.authorName)) | `\(e.commit.prefix(7))` |\n"
        }
        return out
    }
}
