/// Text from experiment files made inert for Markdown (CommonMark and GitHub's dialect): a
/// title or a debrief can never inject HTML, a link, an image, a table cell or a heading
/// into a pull-request body. Control characters are shown visibly first, as on a terminal.
public enum Markdown {
    /// Characters escaped wherever they stand: emphasis, code, links, HTML and entities
    /// (`&#x202E;` would otherwise turn into a bidirectional override), tables, strikethrough
    /// and maths.
    private static let always: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "$"]
    /// Characters that start a block (a heading, quote, list or rule) at a line's start.
    private static let lineStart: Set<Unicode.Scalar> = ["#", "-", "+", "=", ">"]

    /// One line of inline text, safe anywhere, table cells included.
    public static func inline(_ s: String) -> String {
        escapeLine(SafeText.line(s).trimmed, atLineStart: false)
    }

    /// Prose as paragraphs: its line breaks kept, each line made inert, indentation dropped
    /// (four spaces would start a code block).
    public static func block(_ s: String) -> String {
        SafeText.block(s).trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            escapeLine(line.trimmingCharacters(in: .whitespaces), atLineStart: true)
        }.joined(separator: "\n")
    }

    static func escapeLine(_ line: String, atLineStart: Bool) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(line.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            if always.contains(c) || (i == 0 && atLineStart && lineStart.contains(c)) {
                out.append("\\")
            } else if atLineStart, c == "." || c == ")", i > 0, scalars[..<i].allSatisfy({ $0.properties.numericType != nil && $0.isASCII }) {
                // `1.` or `1)` would start an ordered list.
                out.append("\\")
            }
            out.append(c)
        }
        return String(out)
    }
}
