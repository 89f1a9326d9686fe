/// User text made inert for the documents ff writes: nothing a title or a note says can
/// become markup, a link, a script or a diagram instruction.
public enum Escape {
    /// For HTML text and attribute values (quoted with `"`): `& < > " '` as entities, and
    /// control characters (which SafeText shows visibly) kept out.
    public static func html(_ s: String) -> String {
        let s = SafeText.block(s)
        guard s.unicodeScalars.contains(where: { "&<>\"'".unicodeScalars.contains($0) }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text for XML 1.0 content and attributes: the five markup characters as entities; tab,
    /// newline and carriage return as character references where a parser would otherwise
    /// change them (in attributes all three, in content the carriage return); characters
    /// XML 1.0 cannot hold at all (the other controls, U+FFFE, U+FFFF) shown as `<U+…>`.
    public static func xml(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "&lt;U+" + String(c.value, radix: 16, uppercase: true) + "&gt;"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// For one line of Markdown (a table cell, a list item): the characters CommonMark or
    /// GitHub read as inline markup are backslash-escaped (`*`, `_`, backticks, brackets,
    /// `|`, `~`, `$`), `<` and `>` become entities (no raw HTML), so does an `&` that would
    /// start an entity, and
    /// what would start a block at the beginning of a line (`#`, `-`, `+`, `=`, `1.`) is
    /// escaped there. Line breaks become spaces.
    public static func markdown(_ s: String) -> String {
        var out = ""
        let scalars = Array(SafeText.line(s).unicodeScalars)
        var atStart = true
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&":
                // Only where it would start an entity (`&lt;`, `&#60;`): a plain `Q&A` stays.
                var j = i
                while j < scalars.count, j - i < 32, scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j]) || scalars[j] == "#" {
                    j += 1
                }
                out += j > i && j < scalars.count && scalars[j] == ";" ? "&amp;" : "&"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$":
                out += "\\"
                out.unicodeScalars.append(c)
            case "#", "-", "+", "=":
                if atStart { out += "\\" }
                out.unicodeScalars.append(c)
            case "0"..."9" where atStart:
                // `1.` or `1)` at the start would be an ordered list.
                var j = i
                while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
                out.unicodeScalars.append(contentsOf: scalars[(i - 1)..<j])
                if j < scalars.count, scalars[j] == "." || scalars[j] == ")" {
                    out += "\\"
                    out.unicodeScalars.append(scalars[j])
                    j += 1
                }
                i = j
            default:
                out.unicodeScalars.append(c)
            }
            if c != " " { atStart = false }
        }
        return out
    }

    /// For text inside a Mermaid diagram: letters, digits, spaces and a few harmless marks stay;
    /// everything else becomes Mermaid's entity code (`#35;`), which it shows as the character
    /// but never reads as syntax (`:`, `;`, `#`, `%%`, brackets, quotes, directives).
    public static func mermaid(_ s: String) -> String {
        var out = ""
        for c in SafeText.line(s).unicodeScalars {
            let v = c.value
            let keep = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || c == " "
                || c == "," || c == "." || c == "?" || c == "!" || c == "/" || c == "+" || c == "=" || c == "_" || c == "*" || c == "-"
                || (v >= 0xA0 && c.properties.isAlphabetic)
            if keep {
                out.unicodeScalars.append(c)
            } else {
                out += "#\(v);"
            }
        }
        return out
    }
}
