/// Review notes for a terminal: numbered as `ff review --resolve` takes them, open or resolved.
public enum ReviewView {
    /// `1 open, 2 resolved`.
    public static func counts(_ notes: [ReviewNote]) -> String {
        let open = notes.filter { !$0.resolved }.count
        return "\(open) open, \(notes.count - open) resolved"
    }

    /// Two or more lines a note: number, state, date, who and where; then the text, indented.
    public static func lines(_ notes: [ReviewNote], painter p: Painter) -> [String] {
        var out: [String] = []
        for (i, n) in notes.enumerated() {
            var head = "  \(i + 1)  " + (n.resolved ? p.green("resolved") : p.yellow("open")) + "  " + p.dim(Timestamp.day(n.at))
            if let by = n.by { head += "  " + SafeText.line(ListView.ownerName(by)) }
            if let line = n.line { head += p.dim("  line \(line)") }
            out.append(head)
            out += SafeText.block(n.text).split(separator: "\n", omittingEmptySubsequences: false).map { "     " + $0 }
        }
        return out
    }
}
