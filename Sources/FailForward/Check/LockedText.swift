/// What the timeline reads of an experiment file without parsing the YAML: the text of its
/// locked fields — the lines of each top-level key that holds one (`hypothesis`, `signals`,
/// `data`, `timebox`, `reversible`, `rollback`, `prediction`) — and its id, status and
/// outcome. Two versions of a file with equal locked text have equal locked fields, so the
/// timeline parses both sides of an ff commit only where it differs (a start, a deviation, a
/// hand edit riding along), and checks a claimed state against `state` without a parse.
///
/// It is only made for the plain layout ff writes and people keep: `ff: 1`, each top-level
/// key once, at the start of its line. Anything this cannot be sure of — another format, a
/// key written in quotes, a quoted scalar or a flow collection left open at the end of a line
/// that a line at the margin continues, a tab at the margin, a keep-chomped block scalar — gives
/// nil, and then the file is parsed. `state` is nil where the id, status or outcome is not a
/// plain word on its own line.
public struct LockedText: Equatable, Sendable {
    /// Each locked key's lines, in the order of `lockedKeys`; empty where the key is absent.
    private var blocks: [ArraySlice<UInt8>]
    public private(set) var state: FileState?

    private static let lockedKeys: [[UInt8]] = ["hypothesis", "signals", "data", "timebox", "reversible", "rollback", "prediction"].map { Array($0.utf8) }
    private static let ff = Array("ff".utf8), id = Array("id".utf8), status = Array("status".utf8)
    private static let conclusion = Array("conclusion".utf8), outcome = Array("outcome".utf8)

    public static func == (a: LockedText, b: LockedText) -> Bool {
        a.blocks.count == b.blocks.count && zip(a.blocks, b.blocks).allSatisfy { $0.elementsEqual($1) }
    }

    public init?(_ bytes: [UInt8]) {
        // Over the raw buffer: the timeline reads every version of every file ff changed.
        let found = bytes.withUnsafeBufferPointer { buffer -> Scanner.Found? in
            var scan = Scanner(buffer)
            return scan.run() ? scan.found : nil
        }
        // Only the current format: older ones keep locked values under other keys.
        guard let found, let ff = found.ff, bytes[ff].elementsEqual([0x31]) else { return nil }
        blocks = found.locked.map { r in r.map { Self.trimmed(bytes[$0]) } ?? [] }
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        if found.stateKnown, let id = found.id, let s = found.status, let status = Status(rawValue: text(s)) {
            var outcome: Outcome?
            if let o = found.outcome {
                guard let known = Outcome(rawValue: text(o)) else { return }
                outcome = known
            }
            state = FileState(id: text(id), status: status, outcome: outcome)
        }
    }

    /// Without spaces at the end (keep-chomped scalars, whose trailing lines count, are refused).
    private static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = s.endIndex
        while end > s.startIndex, s[end - 1] == 0x20 || s[end - 1] == 0x09 || s[end - 1] == 0x0A || s[end - 1] == 0x0D { end -= 1 }
        return s[s.startIndex..<end]
    }

    /// A line-by-line scan that follows quoted scalars, flow collections, comments and block
    /// scalars just far enough to know which lines start a top-level key.
    private struct Scanner {
        let b: UnsafeBufferPointer<UInt8>

        /// What a scan finds, as byte ranges.
        struct Found {
            /// The lines of each locked key, from its key to its last line that is not blank
            /// or a comment at the margin (those change no value).
            var locked: [Range<Int>?] = Array(repeating: nil, count: LockedText.lockedKeys.count)
            var ff: Range<Int>?
            var id: Range<Int>?
            var status: Range<Int>?
            var outcome: Range<Int>?
            /// Whether id, status and outcome were each found as a plain word, or surely absent.
            var stateKnown = true
        }
        var found = Found()

        init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

        mutating func run() -> Bool {
            var i = 0
            // The top-level key whose lines these are: its index in `lockedKeys`, -1 for
            // another key, and where it started.
            var current = -2
            var currentStart = 0
            var inConclusion = false
            // The indent of the conclusion's keys, from its first line.
            var conclusionIndent: Int?
            var contentEnd = 0
            var seen: Set<Int> = []
            // Inside a quoted scalar or a flow collection that goes on past the line.
            var quote: UInt8 = 0
            var depth = 0
            // Inside a block scalar: lines indented more than this belong to it.
            var blockIndent: Int?
            var keepChomping = false
            func close(at end: Int) {
                if current >= 0 { found.locked[current] = currentStart..<end }
            }
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
                if indent < stop && b[indent] == 0x09 && indent == start { return false }
                let atMargin = indent == start
                let clean = quote == 0 && depth == 0
                var k = indent
                if atMargin && clean {
                    let c = b[start]
                    if c == 0x23 { continue }                     // a comment
                    if c == 0x2D && (start + 1 == stop || b[start + 1] == 0x20) {
                        // A sequence entry at the margin: the previous key's value.
                        guard current != -2 else { return false }
                        if inConclusion { found.stateKnown = false }
                    } else if current == -2 && b[start..<stop].starts(with: [0x2D, 0x2D, 0x2D]) {
                        continue                                  // the document's start
                    } else {
                        guard let colon = Self.plainKeyEnd(b, start, stop) else { return false }
                        close(at: contentEnd)
                        let name = b[start..<colon]
                        let value = Self.word(b, colon + 1, stop)
                        inConclusion = false
                        current = -1
                        if let n = LockedText.lockedKeys.firstIndex(where: { name.elementsEqual($0) }) {
                            guard seen.insert(n).inserted else { return false }
                            current = n
                        } else if name.elementsEqual(LockedText.ff) {
                            guard found.ff == nil, let v = value else { return false }
                            found.ff = v
                        } else if name.elementsEqual(LockedText.id) {
                            if found.id != nil || value == nil { found.stateKnown = false }
                            found.id = value
                        } else if name.elementsEqual(LockedText.status) {
                            if found.status != nil || value == nil { found.stateKnown = false }
                            found.status = value
                        } else if name.elementsEqual(LockedText.conclusion) {
                            if seen.contains(-3) || !Self.nothingAfter(b, colon + 1, stop) { found.stateKnown = false }
                            seen.insert(-3)
                            inConclusion = true
                            conclusionIndent = nil
                        }
                        currentStart = start
                        k = colon + 1
                    }
                } else if atMargin {
                    // A quoted scalar or a flow collection continued at the margin.
                    return false
                } else if inConclusion && clean && b[indent] != 0x23 {
                    // The conclusion's own keys: `outcome:` among them, at their indent.
                    let n = indent - start
                    if conclusionIndent == nil { conclusionIndent = n }
                    if n == conclusionIndent, let colon = Self.plainKeyEnd(b, indent, stop), b[indent..<colon].elementsEqual(LockedText.outcome) {
                        if found.outcome != nil { found.stateKnown = false }
                        found.outcome = Self.word(b, colon + 1, stop)
                        if found.outcome == nil { found.stateKnown = false }
                    }
                } else if inConclusion && !clean && indent - start == conclusionIndent {
                    // A quoted scalar or flow collection continued at the conclusion's indent.
                    found.stateKnown = false
                }
                guard current != -2 else { return false }
                contentEnd = stop
                // The rest of the line: quotes, brackets, comments, a block scalar indicator.
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
                                blockIndent = Self.entryIndent(b, start, indent, lastIndicator)
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
            }
            guard quote == 0, depth == 0, !keepChomping, current != -2 else { return false }
            close(at: contentEnd)
            return true
        }

        /// The indent of the entry a block scalar belongs to: `- |` the dash's, `key: |` the key's.
        static func entryIndent(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ indent: Int, _ indicator: Int) -> Int {
            guard indicator >= 0 else { return indent - start }
            if b[indicator] == 0x2D { return indicator - start }
            var k = indicator
            while k > indent && b[k - 1] != 0x20 { k -= 1 }
            return k - start
        }

        /// Where the colon of a plain key (`name:` followed by a space or the end) is, or nil.
        static func plainKeyEnd(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Int? {
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

        /// The value after a key when it is one plain word (letters, digits, `-`, `_`),
        /// perhaps followed by a comment; nil otherwise.
        static func word(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ stop: Int) -> Range<Int>? {
            var k = from
            while k < stop && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
            let s = k
            while k < stop {
                let c = b[k]
                guard (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D else { break }
                k += 1
            }
            guard k > s else { return nil }
            let e = k
            while k < stop && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
            guard k == stop || (b[k] == 0x23 && k > e) else { return nil }
            return s..<e
        }

        /// Whether nothing but a comment follows on the line.
        static func nothingAfter(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ stop: Int) -> Bool {
            var k = from
            while k < stop && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
            return k == stop || b[k] == 0x23
        }
    }
}

/// What a claimed state is checked against: the experiment's id, status and outcome in one
/// version of its file.
public struct FileState: Equatable, Sendable {
    public var id: String
    public var status: Status
    public var outcome: Outcome?

    public init(id: String, status: Status, outcome: Outcome?) {
        self.id = id
        self.status = status
        self.outcome = outcome
    }

    public init(_ e: Experiment) {
        self.init(id: e.id, status: e.status, outcome: e.conclusion?.outcome)
    }
}
