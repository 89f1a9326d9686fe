/// Text from experiment files made inert for Markdown (CommonMark and GitHub's dialect): a
/// title or a debrief can never inject HTML, a link, an image, a table cell or a heading
/// into a pull-request body. Control characters are shown visibly first, as on a terminal.
///
/// Nor can it ping anyone or cross-link an issue when the pull request is opened: GitHub
/// turns `@name` and `@org/team` into mentions (and notifies them), `#123`, `GH-123` and
/// `owner/repo#123` into issue references, and bare URLs into links, in text outside code
/// spans and links. A zero-width space after the `@` or `#` (or `GH-`) reads the same and
/// matches none of those rules; a URL is set in a code span, where nothing is linked and it
/// can still be copied whole.
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
            escapeLine(line.trimmed(.whitespaces), atLineStart: true)
        }.joined(separator: "\n")
    }

    static func escapeLine(_ line: String, atLineStart: Bool) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(line.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if let end = urlEnd(scalars, at: i) {
                out.append("`")
                out.append(contentsOf: scalars[i..<end])
                out.append("`")
                i = end
                continue
            }
            if always.contains(c) || (i == 0 && atLineStart && lineStart.contains(c)) {
                out.append("\\")
            } else if atLineStart, c == "." || c == ")", i > 0, scalars[..<i].allSatisfy({ $0.properties.numericType != nil && $0.isASCII }) {
                // `1.` or `1)` would start an ordered list.
                out.append("\\")
            }
            out.append(c)
            if i + 1 < scalars.count {
                let next = scalars[i + 1]
                let mention = c == "@" && isASCIILetterOrDigit(next)
                let reference = (c == "#" || (c == "-" && i >= 2 && scalars[i - 2].properties.lowercaseMapping == "g"
                    && scalars[i - 1].properties.lowercaseMapping == "h")) && ("0"..."9").contains(next)
                if mention || reference { out.append(unlinking) }
            }
            i += 1
        }
        return String(out)
    }

    /// A zero-width space.
    static let unlinking: Unicode.Scalar = "\u{200B}"

    /// What starts a link GitHub's Markdown makes by itself (the autolink extension: URLs,
    /// `www.`, and the `mailto:` and `xmpp:` protocols), compared without case.
    private static let linkStarts = ["https://", "http://", "ftp://", "www.", "mailto:", "xmpp:"].map { Array($0.unicodeScalars) }

    /// The end of a URL that starts at `i`, as the autolink extension would take it: up to a
    /// space or `<` (and before a backtick or `|`, which would end the code span or the table
    /// cell), without trailing punctuation or an unbalanced `)`. Nil when none starts there.
    static func urlEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        // After a letter it is a word that happens to contain the scheme's letters.
        if i > 0, s[i - 1].isASCII, s[i - 1].properties.isAlphabetic { return nil }
        guard let start = linkStarts.first(where: { p in
            i + p.count <= s.count && zip(p, s[i...]).allSatisfy { $0 == ($1.properties.lowercaseMapping.unicodeScalars.first ?? $1) }
        }) else { return nil }
        var end = i + start.count
        while end < s.count, !s[end].properties.isWhitespace, !["<", "`", "|"].contains(s[end]) { end += 1 }
        // `www.` alone is linked too, as `www`; a scheme needs something after it.
        let www = start.last == "."
        let least = i + (www ? start.count - 1 : start.count)
        while end > least {
            let last = s[end - 1]
            if "?!.,:*_~'\";".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ")", s[i..<end].filter({ $0 == "(" }).count < s[i..<end].filter({ $0 == ")" }).count {
                end -= 1
            } else {
                break
            }
        }
        return www || end > least ? end : nil
    }

    private static func isASCIILetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}
