
/// Text as a terminal shows it: how many columns it takes and how to cut it to a width, on
/// character (grapheme) boundaries. East Asian wide and fullwidth characters and emoji take two
/// columns, combining marks and other zero-width characters none, everything else one.
public enum TerminalText {
    /// The columns `s` takes on a terminal.
    public static func width(_ s: String) -> Int {
        var n = 0
        for c in s { n += width(c) }
        return n
    }

    /// The columns one character (a grapheme cluster) takes.
    public static func width(_ c: Character) -> Int {
        if c.isASCII { return c == "\u{7F}" || (c.asciiValue ?? 0x20) < 0x20 ? 0 : 1 }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // An emoji shown as an emoji (by default, or asked for with U+FE0F), a flag, a skin tone or ZWJ sequence.
        if first.properties.isEmojiPresentation || scalars.contains("\u{FE0F}") && first.properties.isEmoji { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// `s` cut to at most `columns` columns: whole characters, then `…` when something was cut
    /// (after the last word rather than after a space).
    public static func fit(_ s: String, to columns: Int) -> String {
        guard width(s) > columns else { return s }
        guard columns > 0 else { return "" }
        var out = ""
        var used = 0
        for c in s {
            let w = width(c)
            if used + w > columns - 1 { break }
            out.append(c)
            used += w
        }
        while out.last?.isWhitespace == true { out.removeLast() }
        return out + "…"
    }

    /// `s` fitted to `columns` and padded with spaces to exactly that width (one less when a
    /// wide character did not fit whole).
    public static func pad(_ s: String, to columns: Int) -> String {
        let f = fit(s, to: columns)
        return f + String(repeating: " ", count: max(0, columns - width(f)))
    }

    /// `s` in lines of at most `columns` columns, broken after `separator` (a list's `", "`),
    /// a part too long for a line broken between words; a word longer than a line stays whole
    /// on its own line, so an id or a command is never broken.
    public static func wrap(_ s: String, to columns: Int, at separator: String = " ") -> [String] {
        var parts = s.pieces(separatedBy: separator)
        for i in parts.indices.dropLast() { parts[i] += separator.trimmed(.whitespaces) }
        var lines: [String] = []
        var line = ""
        for part in parts where !part.isEmpty {
            let joined = line.isEmpty ? part : line + " " + part
            if width(joined) <= columns {
                line = joined
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = part
            if width(part) > columns && separator != " " {
                let words = wrap(part, to: columns)
                lines += words.dropLast()
                line = words.last ?? ""
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// East Asian Wide (W) and Fullwidth (F) characters, from Unicode 14's EastAsianWidth.txt
    /// (the planes 2 and 3 whole, as the standard assigns them by default).
    static func isWide(_ v: UInt32) -> Bool {
        guard v >= 0x1100 else { return false }
        var lo = 0, hi = wide.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if wide[mid].upperBound < v { lo = mid + 1 } else if wide[mid].lowerBound > v { hi = mid - 1 } else { return true }
        }
        return false
    }

    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x303E,
        0x3041...0x3247, 0x3250...0x4DBF, 0x4E00...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAD9,
        0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x1B2FB, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2,
        0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
        0x1F947...0x1F9FF, 0x1FA70...0x1FAF6, 0x20000...0x3FFFD,
    ]
}
