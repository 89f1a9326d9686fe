/// Text from files and commits made safe for a terminal: no control or escape sequence from
/// an experiment file can ever reach the user's terminal.
public enum SafeText {
    /// Keeps newlines and tabs; shows every other control character visibly (`^[`, `<U+009B>`),
    /// and neutralises bidirectional overrides that can disguise text.
    public static func block(_ s: String) -> String {
        clean(s, keepNewlines: true)
    }

    /// One line: newlines and tabs become spaces, other controls are shown visibly.
    public static func line(_ s: String) -> String {
        clean(s, keepNewlines: false)
    }

    static func clean(_ s: String, keepNewlines: Bool) -> String {
        guard s.unicodeScalars.contains(where: needsCare) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c.value {
            case 0x0A, 0x09:
                out.append(keepNewlines ? c : " ")
            case 0x0D:
                if !keepNewlines { out.append(" ") }
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(c.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF:
                out.append(contentsOf: "<U+\(String(c.value, radix: 16, uppercase: true))>".unicodeScalars)
            default:
                out.append(c)
            }
        }
        return String(out)
    }

    private static func needsCare(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }
}
