/// A commit message taken apart for the timeline: subject, body paragraphs, the commit's own
/// trailers (its last paragraph, as git reads them) and `FF-` trailer blocks found elsewhere
/// in it (the messages a squash merge collapsed). One pass over the bytes with a handful of
/// allocations: it runs for every commit that touched an experiment, tens of thousands on a
/// long history. The body is only made into text when asked for.
struct MessageParts: Sendable {
    /// One `FF-` trailer block: the experiments it names and what was done.
    struct Block: Sendable {
        var experiments: [String] = []
        var action: String?
        var transition: String?
        var outcome: String?
        var deviations: [String] = []
        var via: String?
        /// `FF-Review: comment <n>` or `resolve <n>`.
        var review: String?

        init() {}

        mutating func add(_ k: String, _ v: String) {
            if MessageParts.same(k, .experiment) {
                experiments.append(v)
            } else if MessageParts.same(k, .action) {
                if action == nil { action = v }
            } else if MessageParts.same(k, .transition) {
                if transition == nil { transition = v }
            } else if MessageParts.same(k, .outcome) {
                if outcome == nil { outcome = v }
            } else if MessageParts.same(k, .deviation) {
                deviations.append(v)
            } else if MessageParts.same(k, .via) {
                via = v
            } else if MessageParts.same(k, .review) {
                if review == nil { review = v }
            }
        }

        /// The state after the transition (`running -> concluded` gives concluded).
        var transitionTarget: Status? {
            guard let t = transition?.utf8, let gt = t.lastIndex(of: 0x3E), gt > t.startIndex,
                  t[t.index(before: gt)] == 0x2D else { return nil }
            return Status(rawValue: MessageParts.trimmed(ArraySlice(t[t.index(after: gt)...])))
        }

        /// The state before the transition as written (`none` for a new experiment), or nil.
        var transitionSource: String? {
            guard let t = transition?.utf8, let gt = t.lastIndex(of: 0x3E), gt > t.startIndex,
                  t[t.index(before: gt)] == 0x2D else { return nil }
            let source = MessageParts.trimmed(ArraySlice(t[..<t.index(before: gt)]))
            return source.isEmpty ? nil : source
        }
    }

    var subject = ""
    /// The commit's own trailers: the last paragraph, when every line of it is a trailer.
    var own = Block()
    var hasOwnTrailers = false
    /// `FF-` blocks in other paragraphs (indented or not): squashed commits' trailers.
    var inner: [Block] = []
    /// `FF-Action` lines anywhere in the message.
    var actionLines = 0
    private var bytes: [UInt8] = []
    /// Body paragraphs as line ranges (a line: start..<end in `bytes`).
    private var bodyParagraphs: [[Range<Int>]] = []

    init(_ message: String) {
        bytes = Array(message.utf8)
        let n = bytes.count
        var paragraphs: [[Range<Int>]] = []
        var current: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { b in
            var start = 0
            while start <= n {
                var end = start
                while end < n && b[end] != 0x0A { end += 1 }
                var stop = end
                if stop > start && b[stop - 1] == 0x0D { stop -= 1 }
                var blank = true
                var k = start
                while k < stop {
                    if b[k] != 0x20 && b[k] != 0x09 { blank = false; break }
                    k += 1
                }
                if blank {
                    if !current.isEmpty { paragraphs.append(current); current = [] }
                } else {
                    current.append(start..<stop)
                    // After the indent: `FF-Action:` in any case.
                    if stop - k > 10, b[k] | 0x20 == 0x66, b[k + 1] | 0x20 == 0x66, b[k + 2] == 0x2D,
                       Self.sameBytes(b, k + 3, "action:") {
                        actionLines += 1
                    }
                }
                start = end + 1
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        guard let first = paragraphs.first else { return }
        subject = String(decoding: bytes[first[0]], as: UTF8.self)
        var bodyEnd = paragraphs.count
        if paragraphs.count > 1, let block = block(paragraphs[paragraphs.count - 1], indented: false) {
            own = block
            hasOwnTrailers = true
            bodyEnd -= 1
        }
        if first.count > 1 { bodyParagraphs.append(Array(first.dropFirst())) }
        for p in paragraphs[1..<max(1, bodyEnd)] {
            if p.contains(where: looksLikeFF), let block = block(p.filter(looksLikeFF), indented: true) {
                inner.append(block)
            } else {
                bodyParagraphs.append(p)
            }
        }
    }

    /// The paragraphs between the subject and the trailers, with ff's `> ` quoting undone.
    var body: [String] {
        bodyParagraphs.map { lines in
            lines.map { Self.unquote(String(decoding: bytes[$0], as: UTF8.self)) }.joined(separator: "\n")
        }
    }

    /// Whether `s` is the trailer `key` in any case (git compares trailer keys so), without allocating.
    static func same(_ s: String, _ key: Trailer.Key) -> Bool {
        var k = key.rawValue.utf8.makeIterator()
        for var b in s.utf8 {
            guard var c = k.next() else { return false }
            if b >= 65 && b <= 90 { b += 32 }
            if c >= 65 && c <= 90 { c += 32 }
            if b != c { return false }
        }
        return k.next() == nil
    }

    private static func sameBytes(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ lower: StaticString) -> Bool {
        let k = lower.utf8Start
        for i in 0..<lower.utf8CodeUnitCount {
            var c = b[at + i]
            if c >= 65 && c <= 90 { c += 32 }
            if c != k[i] { return false }
        }
        return true
    }

    static func trimmed(_ b: ArraySlice<UInt8>) -> String {
        var lo = b.startIndex, hi = b.endIndex
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
        return String(decoding: b[lo..<hi], as: UTF8.self)
    }

    private func indentEnd(_ line: Range<Int>) -> Int {
        var i = line.lowerBound
        while i < line.upperBound && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        return i
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 0x2D || b >= 0x80
    }

    /// `FF-Word: value`, in any case, after any indent.
    private func looksLikeFF(_ line: Range<Int>) -> Bool {
        let s = indentEnd(line)
        guard line.upperBound - s > 4, bytes[s] | 0x20 == 0x66, bytes[s + 1] | 0x20 == 0x66, bytes[s + 2] == 0x2D else { return false }
        var i = s + 3
        while i < line.upperBound && Self.isKeyByte(bytes[i]) { i += 1 }
        return i < line.upperBound && bytes[i] == 0x3A
    }

    /// Every line `Key: value` (or an indented continuation; with `indented`, lines may all be
    /// indented, as `git merge --squash` writes them); nil when a line is neither.
    private func block(_ lines: [Range<Int>], indented: Bool) -> Block? {
        var block = Block()
        var key: String?
        var value = ""
        for line in lines {
            let s = indented ? indentEnd(line) : line.lowerBound
            if s < line.upperBound, bytes[s] == 0x20 || bytes[s] == 0x09 {
                guard key != nil else { return nil }
                value += " " + Self.trimmed(bytes[s..<line.upperBound])
                continue
            }
            var colon = s
            while colon < line.upperBound && Self.isKeyByte(bytes[colon]) { colon += 1 }
            guard colon > s, colon < line.upperBound, bytes[colon] == 0x3A else { return nil }
            if let key { block.add(key, value) }
            key = String(decoding: bytes[s..<colon], as: UTF8.self)
            value = Self.trimmed(bytes[(colon + 1)..<line.upperBound])
        }
        if let key { block.add(key, value) }
        return block
    }

    /// ff quotes a body line that could pass for a trailer or for `---` with `> `; undo it.
    private static func unquote(_ line: String) -> String {
        guard line.hasPrefix("> ") else { return line }
        let rest = line.dropFirst(2)
        let trimmed = rest.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("---") || Trailers.looksLikeFFTrailer(trimmed) { return String(rest) }
        return line
    }
}
