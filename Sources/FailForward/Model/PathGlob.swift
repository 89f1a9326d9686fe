/// A path or glob of `touches:`, matched as git matches a `:(glob)` pathspec against a path
/// from the repository's top: `*` and `?` stay within one folder, `**/` at the start or
/// `/**/` inside stands for any number of folders, `/**` at the end for everything below,
/// `[...]` is a set of characters (`[!...]` or `[^...]` its complement), `\` quotes the next
/// character. A pattern without any of these is a plain path: it matches itself and, when it
/// names a folder, everything under it. A pattern git would refuse (an unclosed `[`, a final
/// `\`) matches nothing.
///
/// Matching runs the pattern as a set of states over the path, one step per character, so it
/// takes time proportional to the pattern's length times the path's, whatever the input
/// (`**/**/**/…` does not backtrack).
public struct PathGlob: Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    /// Whether git would take the pattern (nothing unclosed, nothing dangling).
    public let isValid: Bool
    private let plain: [Unicode.Scalar]?
    private let states: [State]

    private enum State: Sendable, Hashable {
        case scalar(Unicode.Scalar)
        /// `?`: any character but `/`.
        case one
        /// `[...]`: a character (not `/`) in the set, or out of it when negated.
        case set(CharacterSet, negated: Bool)
        /// `*`: any run of characters without `/`.
        case star
        /// `**` at the end: anything at all.
        case everything
        /// `**/`: nothing, or any run that ends with `/`; the next state is its body.
        case folders
        /// The body of `folders`: any character, leaving after a `/`.
        case foldersBody
    }

    /// A set of characters from `[...]`: ranges of scalars, kept small and comparable.
    struct CharacterSet: Sendable, Hashable {
        var ranges: [ClosedRange<UInt32>] = []
        func contains(_ s: Unicode.Scalar) -> Bool { ranges.contains { $0.contains(s.value) } }
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var scalars = Array(pattern.unicodeScalars)
        // `./src` and `src/` name the same path as `src`.
        while scalars.count >= 2 && scalars[0] == "." && scalars[1] == "/" { scalars.removeFirst(2) }
        while scalars.last == "/" { scalars.removeLast() }
        if scalars == ["."] { scalars = [] }
        if !scalars.contains(where: { "*?[\\".unicodeScalars.contains($0) }) {
            plain = scalars
            states = []
            isValid = true
            return
        }
        plain = nil
        if let compiled = Self.compile(scalars) {
            states = compiled
            isValid = true
        } else {
            states = []
            isValid = false
        }
    }

    /// Whether `path` (relative to the repository's top, `/`-separated) is matched.
    public func matches(_ path: String) -> Bool {
        let p = Array(path.unicodeScalars)
        if let plain {
            guard !plain.isEmpty else { return true }
            guard p.count >= plain.count, p[..<plain.count].elementsEqual(plain) else { return false }
            return p.count == plain.count || p[plain.count] == "/"
        }
        guard isValid else { return false }
        return run(p)
    }

    /// The path a plain pattern names (`""` for the whole tree), nil for a glob.
    public var plainPath: String? { plain.map { String(String.UnicodeScalarView($0)) } }

    // MARK: Compiling

    private static func compile(_ s: [Unicode.Scalar]) -> [State]? {
        var out: [State] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { return nil }
                out.append(.scalar(s[i + 1]))
                i += 2
            case "?":
                out.append(.one)
                i += 1
            case "[":
                guard let (set, negated, end) = parseSet(s, from: i) else { return nil }
                out.append(.set(set, negated: negated))
                i = end
            case "*":
                var j = i
                while j < s.count && s[j] == "*" { j += 1 }
                let atStart = i == 0 || s[i - 1] == "/"
                if j - i >= 2 && atStart && j == s.count {
                    out.append(.everything)
                } else if j - i >= 2 && atStart && s[j] == "/" {
                    out.append(.folders)
                    out.append(.foldersBody)
                    j += 1
                } else if out.last != .star {
                    // Any other run of stars is one `*`, as in git.
                    out.append(.star)
                }
                i = j
            default:
                out.append(.scalar(c))
                i += 1
            }
        }
        return out
    }

    /// Reads `[...]` starting at `start`; nil when it is not closed.
    private static func parseSet(_ s: [Unicode.Scalar], from start: Int) -> (CharacterSet, Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < s.count && (s[i] == "!" || s[i] == "^") {
            negated = true
            i += 1
        }
        var set = CharacterSet()
        var first = true
        while i < s.count {
            var c = s[i]
            if c == "]" && !first { return (set, negated, i + 1) }
            first = false
            if c == "[" && i + 1 < s.count && s[i + 1] == ":" {
                // `[:alpha:]` and its kin.
                var j = i + 2
                while j + 1 < s.count && !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                guard j + 1 < s.count else { return nil }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<j]))
                guard let ranges = posixClass(name) else { return nil }
                set.ranges += ranges
                i = j + 2
                continue
            }
            if c == "\\" {
                guard i + 1 < s.count else { return nil }
                i += 1
                c = s[i]
            }
            if i + 2 < s.count && s[i + 1] == "-" && s[i + 2] != "]" {
                var hi = s[i + 2]
                var next = i + 3
                if hi == "\\" {
                    guard i + 3 < s.count else { return nil }
                    hi = s[i + 3]
                    next = i + 4
                }
                if c.value <= hi.value { set.ranges.append(c.value...hi.value) }
                i = next
            } else {
                set.ranges.append(c.value...c.value)
                i += 1
            }
        }
        return nil
    }

    private static func posixClass(_ name: String) -> [ClosedRange<UInt32>]? {
        let digit: ClosedRange<UInt32> = 0x30...0x39, upper: ClosedRange<UInt32> = 0x41...0x5A, lower: ClosedRange<UInt32> = 0x61...0x7A
        switch name {
        case "alpha": return [upper, lower]
        case "digit": return [digit]
        case "alnum": return [digit, upper, lower]
        case "upper": return [upper]
        case "lower": return [lower]
        case "space": return [0x09...0x0D, 0x20...0x20]
        case "blank": return [0x09...0x09, 0x20...0x20]
        case "xdigit": return [digit, 0x41...0x46, 0x61...0x66]
        case "punct": return [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "print": return [0x20...0x7E]
        case "graph": return [0x21...0x7E]
        case "cntrl": return [0x00...0x1F, 0x7F...0x7F]
        default: return nil
        }
    }

    // MARK: Running

    /// Every state reachable from the active ones without reading a character; the moves
    /// without a character only go forward, so one pass in order is enough.
    private func close(_ active: inout [Bool]) {
        for i in states.indices where active[i] {
            switch states[i] {
            case .star, .everything: active[i + 1] = true
            case .folders:
                active[i + 1] = true
                active[i + 2] = true
            default: break
            }
        }
    }

    private func run(_ path: [Unicode.Scalar]) -> Bool {
        let n = states.count
        var active = [Bool](repeating: false, count: n + 1)
        var next = active
        active[0] = true
        close(&active)
        for c in path {
            for k in next.indices { next[k] = false }
            var any = false
            for i in 0..<n where active[i] {
                switch states[i] {
                case .scalar(let s): if s == c { next[i + 1] = true; any = true }
                case .one: if c != "/" { next[i + 1] = true; any = true }
                case .set(let set, let negated):
                    if c != "/" && set.contains(c) != negated { next[i + 1] = true; any = true }
                case .star: if c != "/" { next[i] = true; any = true }
                case .everything:
                    next[i] = true
                    any = true
                case .folders: break
                case .foldersBody:
                    next[i] = true
                    if c == "/" { next[i + 1] = true }
                    any = true
                }
            }
            guard any else { return false }
            swap(&active, &next)
            close(&active)
        }
        return active[n]
    }
}
