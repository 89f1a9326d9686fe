// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).
/// Text from files and commits made safe for a terminal: no control or escape sequence from
/// an experiment file can ever reach the user's terminal.
public enum SafeText {
    /// Keeps newlines and tabs; shows every other control character visibly (`^[`, `<U+009B>`),
    /// and neutralises bidirectional overrides that can disguise text.
    @_optimize(speed) public static func block(_ s: String) -> String {
        clean(s, keepNewlines: true)
    }

    /// One line: newlines and tabs become spaces, other controls are shown visibly.
    @_optimize(speed) public static func line(_ s: String) -> String {
        clean(s, keepNewlines: false)
    }

    /// A cell of a table written for other programs (`ff export --format csv`): like `block`,
    /// and keeps carriage returns too (the cell is quoted, so they are data).
    @_optimize(speed) public static func cell(_ s: String) -> String {
        clean(s, keepNewlines: true, keepCarriageReturns: true)
    }

    @_optimize(speed) static func clean(_ s: String, keepNewlines: Bool, keepCarriageReturns: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: needsCare) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c.value {
            case 0x0A, 0x09:
                out.append(keepNewlines ? c : " ")
            case 0x0D:
                if keepCarriageReturns { out.append(c) } else if !keepNewlines { out.append(" ") }
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(c.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x2028, 0x2029, 0xFEFF:
                out.append(contentsOf: visible(c).unicodeScalars)
            default:
                if isBidiControl(c) {
                    out.append(contentsOf: visible(c).unicodeScalars)
                } else {
                    out.append(c)
                }
            }
        }
        return String(out)
    }

    /// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
    /// isolates (U+2066–U+2069) and the invisible marks (U+200E, U+200F, U+061C). They
    /// reorder how the text around them is shown, so a line can read as something it is not.
    @_optimize(speed) public static func isBidiControl(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// `s` with every bidirectional formatting character shown as `<U+202E>`, the rest as it
    /// is (for text that must stay plain text, such as a commit message).
    @_optimize(speed) public static func bidiVisible(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isBidiControl) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if isBidiControl(c) { out.append(contentsOf: visible(c).unicodeScalars) } else { out.append(c) }
        }
        return String(out)
    }

    @_optimize(speed) private static func visible(_ c: Unicode.Scalar) -> String {
        "<U+\(String(c.value, radix: 16, uppercase: true))>"
    }

    @_optimize(speed) private static func needsCare(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF: return true
        default: return isBidiControl(c)
        }
    }
}
