/// The few string operations ff took from Foundation, without it (FoundationEssentials has
/// none of them). They match Unicode scalars literally, as Foundation's literal search does:
/// the Swift standard library's `replacing(_:with:)` and `firstRange(of:)` compare
/// Characters, so they miss the `\n` of a `\r\n` and a `#` that a combining mark follows —
/// text libyaml and git read scalar by scalar.
public enum Blanks: Sendable {
    /// Tab and the space separators (Zs), as `CharacterSet.whitespaces`.
    case whitespaces
    /// U+000A–U+000D, U+0085, U+2028, U+2029, as `CharacterSet.newlines`.
    case newlines
    /// Both, with every separator (Z*) and the controls U+0009–U+000D and U+0085, as
    /// `CharacterSet.whitespacesAndNewlines`.
    case whitespacesAndNewlines

    func contains(_ c: Unicode.Scalar) -> Bool {
        switch self {
        case .whitespaces:
            return c == "\t" || c.properties.generalCategory == .spaceSeparator
        case .newlines:
            return (0x0A...0x0D).contains(c.value) || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
        case .whitespacesAndNewlines:
            switch c.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return (0x09...0x0D).contains(c.value) || c.value == 0x85
            }
        }
    }
}

extension StringProtocol {
    /// The text without the given blanks at either end.
    public func trimmed(_ blanks: Blanks = .whitespacesAndNewlines) -> String {
        trimmed(where: blanks.contains)
    }

    /// The text without the given scalars at either end.
    public func trimmed(scalars: String) -> String {
        let set = Set(scalars.unicodeScalars)
        return trimmed(where: set.contains)
    }

    private func trimmed(where drop: (Unicode.Scalar) -> Bool) -> String {
        let u = String(self).unicodeScalars
        guard let first = u.firstIndex(where: { !drop($0) }), let last = u.lastIndex(where: { !drop($0) }) else { return "" }
        return String(u[first...last])
    }

    /// The first (or last) place `target` occurs, scalar by scalar; the bounds slice the
    /// text exactly (they are scalar-aligned).
    public func scalarRange(of target: String, backwards: Bool = false) -> Range<Index>? {
        let hay = unicodeScalars
        let needle = Array(target.unicodeScalars)
        guard let head = needle.first else { return nil }
        func matches(at i: Index) -> Range<Index>? {
            var j = i
            for n in needle {
                guard j < hay.endIndex, hay[j] == n else { return nil }
                j = hay.index(after: j)
            }
            return i..<j
        }
        if backwards {
            var i = hay.endIndex
            while i > hay.startIndex {
                i = hay.index(before: i)
                if hay[i] == head, let r = matches(at: i) { return r }
            }
        } else {
            var i = hay.startIndex
            while i < hay.endIndex {
                if hay[i] == head, let r = matches(at: i) { return r }
                i = hay.index(after: i)
            }
        }
        return nil
    }

    /// Every occurrence of `target` replaced, scalar by scalar.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        return pieces(separatedBy: target).joined(separator: replacement)
    }

    /// The pieces between occurrences of `separator`, scalar by scalar; as many as there
    /// are separators plus one, empty ones included.
    public func pieces(separatedBy separator: String) -> [String] {
        let whole = String(self)
        var out: [String] = []
        var start = whole.startIndex
        while let r = whole[start...].scalarRange(of: separator) {
            out.append(String(whole.unicodeScalars[start..<r.lowerBound]))
            start = r.upperBound
        }
        out.append(String(whole.unicodeScalars[start...]))
        return out
    }

    /// The text in Unicode's canonical composition (NFC), as the standard library computes it
    /// for comparing strings.
    public var nfc: String { String(decoding: String(self)._nfcCodeUnits, as: UTF8.self) }
}

/// Fixed-point text of a number, as `printf("%.3f")` writes it (a negative number that
/// rounds to zero keeps its sign), without Foundation's formatter: rounded half away from
/// zero at `digits` places; not a number or infinite gives `0`.
public func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite, digits >= 0, digits <= 9 else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(value) }
    let n = Int64(scaled)
    let whole = n / Int64(scale), frac = n % Int64(scale)
    var text = String(whole)
    if digits > 0 {
        let f = String(frac)
        text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return (value < 0 ? "-" : "") + text
}
