/// The text of an experiment file's locked fields, found without parsing the YAML: the lines
/// of each top-level key that holds one (`hypothesis`, `signals`, `data`, `timebox`,
/// `reversible`, `rollback`, `prediction`). Two versions of a file with equal `LockedText`
/// have equal locked fields, so the timeline parses both sides of an ff commit only where
/// this differs — a hand edit riding along, a deviation, a start.
///
/// It is only made for the plain layout ff writes and people keep: `ff: 1`, each top-level
/// key once, at the start of its line. Anything this cannot be sure of — another format, a
/// key written in quotes, a quoted scalar or a flow collection left open at the end of a line
/// that a line at the margin continues, a tab at the margin, a keep-chomped block scalar — gives
/// nil, and then the file is parsed.
public struct LockedText: Equatable, Sendable {
    /// Each locked key's lines, in the order of `keys`; empty where the key is absent.
    private var blocks: [ArraySlice<UInt8>]

    static let keys: [String] = ["hypothesis", "signals", "data", "timebox", "reversible", "rollback", "prediction"]
    private static let keyBytes: [[UInt8]] = keys.map { Array($0.utf8) }

    public static func == (a: LockedText, b: LockedText) -> Bool {
        a.blocks.count == b.blocks.count && zip(a.blocks, b.blocks).allSatisfy { $0.elementsEqual($1) }
    }

    public init?(_ bytes: [UInt8]) {
        var scan = Scanner(bytes)
        guard let found = scan.blocks() else { return nil }
        // Only the current format: older ones keep locked values under other keys.
        guard let ff = found["ff"], Self.isFormatOne(bytes[ff]) else { return nil }
        blocks = Self.keyBytes.map { key in
            guard let r = found[String(decoding: key, as: UTF8.self)] else { return [] }
            return Self.trimmed(bytes[r])
        }
    }

    /// `ff: 1`, with or without a comment after it.
    private static func isFormatOne(_ block: ArraySlice<UInt8>) -> Bool {
        var s = Array(block.prefix { $0 != 0x0A && $0 != 0x0D })
        if let hash = s.firstIndex(of: 0x23) { s = Array(s[..<hash]) }
        while let last = s.last, last == 0x20 || last == 0x09 { s.removeLast() }
        return s == Array("ff: 1".utf8)
    }

    /// Without spaces at the end (keep-chomped scalars, whose trailing lines count, are refused).
    private static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = s.endIndex
        while end > s.startIndex, [0x20, 0x09, 0x0A, 0x0D].contains(s[end - 1]) { end -= 1 }
        return s[s.startIndex..<end]
    }

    /// A line-by-line scan that follows quoted scalars, flow collections, comments and block
    /// scalars just far enough to know which lines start a top-level key.
    private struct Scanner {
        let b: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { b = bytes }

        /// The byte range of each top-level key's lines (from its key to the next key), or nil.
        mutating func blocks() -> [String: Range<Int>]? {
            var out: [String: Range<Int>] = [:]
            var key: String?
            var keyStart = 0
            // The end of the key's last line that is not blank or a comment at the margin:
            // comments and blank lines between keys change no value.
            var contentEnd = 0
            // Inside a quoted scalar or a flow collection that goes on past the line.
            var quote: UInt8 = 0
            var depth = 0
            // Inside a block scalar: lines indented more than this belong to it.
            var blockIndent: Int?
            var keepChomping = false
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            while i < b.count {
                let start = i
                var end = i
                while end < b.count && b[end] != 0x0A { end += 1 }
                var stop = end
                if stop > start && b[stop - 1] == 0x0D { stop -= 1 }
                i = end + 1
                var indent = start
                while indent < stop && b[indent] == 0x20 { indent += 1 }
                let blank = indent == stop
                if let bi = blockIndent {
                    if blank || indent - start > bi {
                        if !blank { contentEnd = stop }
                        continue
                    }
                    blockIndent = nil
                }
                if blank { continue }
                if indent < stop && b[indent] == 0x09 && indent == start { return nil }
                let atMargin = indent == start
                if atMargin && quote == 0 && depth == 0 {
                    let c = b[start]
                    if c == 0x23 { continue }                     // a comment
                    if c == 0x2D && (start + 1 == stop || b[start + 1] == 0x20) {
                        // A sequence entry at the margin: the previous key's value.
                        guard key != nil else { return nil }
                    } else if b[start..<stop].starts(with: Array("---".utf8)) && key == nil && out.isEmpty {
                        continue                                  // the document's start
                    } else {
                        guard let colon = Self.plainKeyEnd(b, start, stop) else { return nil }
                        if let key { out[key] = keyStart..<contentEnd }
                        let name = String(decoding: b[start..<colon], as: UTF8.self)
                        guard out[name] == nil else { return nil }
                        key = name
                        keyStart = start
                    }
                } else if atMargin {
                    // A quoted scalar or a flow collection continued at the margin.
                    return nil
                }
                guard key != nil else { return nil }
                contentEnd = stop
                // The rest of the line: quotes, brackets, comments, a block scalar indicator.
                var k = indent
                var tokenStart = true
                var lastIndicator = -1
                while k < stop {
                    let c = b[k]
                    if quote != 0 {
                        if quote == 0x22 && c == 0x5C { k += 2; continue }
                        if c == quote {
                            if quote == 0x27 && k + 1 < stop && b[k + 1] == 0x27 { k += 2; continue }
                            quote = 0
                            tokenStart = false
                        }
                        k += 1
                        continue
                    }
                    switch c {
                    case 0x22, 0x27:
                        if tokenStart { quote = c }
                        tokenStart = false
                    case 0x5B, 0x7B:
                        if tokenStart || depth > 0 { depth += 1; tokenStart = true } else { tokenStart = false }
                    case 0x5D, 0x7D:
                        if depth > 0 { depth -= 1 }
                        tokenStart = false
                    case 0x2C:
                        tokenStart = depth > 0
                    case 0x23:
                        if k == indent || b[k - 1] == 0x20 || b[k - 1] == 0x09 { k = stop; continue }
                        tokenStart = false
                    case 0x20, 0x09:
                        break
                    case 0x3A, 0x2D, 0x3F:
                        // `key: `, `- `, `? ` start a value; elsewhere part of a plain scalar.
                        let next = k + 1 < stop ? b[k + 1] : 0x20
                        if next == 0x20 || next == 0x09 || (depth > 0 && c == 0x3A) {
                            tokenStart = true
                            lastIndicator = k
                        } else {
                            tokenStart = false
                        }
                    case 0x7C, 0x3E:
                        // `|` or `>` where a value starts: a block scalar to the end of its lines.
                        if tokenStart && depth == 0 {
                            var m = k + 1
                            var keep = false
                            while m < stop, b[m] == 0x2B || b[m] == 0x2D || (b[m] >= 0x31 && b[m] <= 0x39) {
                                if b[m] == 0x2B { keep = true }
                                m += 1
                            }
                            while m < stop && (b[m] == 0x20 || b[m] == 0x09) { m += 1 }
                            if m == stop || b[m] == 0x23 {
                                // Content lines are indented more than the line's own entry.
                                blockIndent = lastIndicator >= 0 && b[lastIndicator] == 0x2D ? lastIndicator - start : Self.entryIndent(b, start, indent, lastIndicator)
                                keepChomping = keepChomping || keep
                                k = stop
                                continue
                            }
                        }
                        tokenStart = false
                    default:
                        tokenStart = false
                    }
                    k += 1
                }
                // A plain scalar ends at its line for this purpose: a line at the margin cannot go on with it.
            }
            guard quote == 0, depth == 0, !keepChomping else { return nil }
            if let key { out[key] = keyStart..<contentEnd }
            return out
        }

        /// The indent of the entry a block scalar belongs to: the key's column on its line.
        static func entryIndent(_ b: [UInt8], _ start: Int, _ indent: Int, _ indicator: Int) -> Int {
            // `  - text: |` belongs to the mapping at `text`; `  how: |` to the one at `how`.
            guard indicator >= 0 else { return indent - start }
            var k = indicator
            while k > indent && b[k - 1] != 0x20 { k -= 1 }
            return k - start
        }

        /// Where the colon of a plain key (`name:` followed by a space or the end) is, or nil.
        static func plainKeyEnd(_ b: [UInt8], _ start: Int, _ stop: Int) -> Int? {
            var k = start
            while k < stop {
                let c = b[k]
                let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D || c == 0x2E
                if !ok { break }
                k += 1
            }
            guard k > start, k < stop, b[k] == 0x3A else { return nil }
            guard k + 1 >= stop || b[k + 1] == 0x20 || b[k + 1] == 0x09 else { return nil }
            return k
        }
    }
}
