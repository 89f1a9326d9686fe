/// The neutral-language lint of debriefs, observations and reasons: identity-threat, blame and
/// catastrophising phrases get a warning with a process-oriented rewrite. The method asks for
/// this because people stop running experiments when a disproved hypothesis reads as a
/// personal failure.
///
/// Phrases are written in a small pattern language, also used by `lint.extra` and
/// `lint.allow` in `.ff/config.yaml`: words separated by spaces, `a|b` for alternatives, a
/// trailing `?` for an optional word. Matching ignores case, and a word of four letters or
/// more also matches its inflections (`fail` matches fails, failed, failing, failure;
/// `blame` matches blamed, blaming; `screw up` matches screwed up and screw-up). Text marked
/// as a quote — in "straight" or “curly” double quotes, or on a line starting with `>` — is
/// never flagged: quoting what someone said is reporting, not judging.
public struct LanguageLint: Sendable {
    public enum Kind: String, Sendable {
        case identity, blame, drama, hindsight, custom

        var description: String {
            switch self {
            case .identity: return "identity-threat language"
            case .blame: return "blame language"
            case .drama: return "catastrophising language"
            case .hindsight: return "hindsight blame"
            case .custom: return "on this repository's lint list (lint.extra in .ff/config.yaml)"
            }
        }
    }

    public struct Rule: Sendable {
        /// The phrase as written in the rule or the config.
        public let phrase: String
        public let kind: Kind
        /// A concrete process-oriented rewrite.
        public let suggestion: String
        let pattern: [PatternWord]

        public init(_ phrase: String, _ kind: Kind, _ suggestion: String) {
            self.phrase = phrase
            self.kind = kind
            self.suggestion = suggestion
            pattern = Self.compile(phrase)
        }

        static func compile(_ phrase: String) -> [PatternWord] {
            var out: [PatternWord] = []
            for raw in phrase.split(separator: " ") {
                var word = raw.lowercased()
                let optional = word.hasSuffix("?")
                if optional { word.removeLast() }
                let alternatives = word.split(separator: "|").map { LanguageLint.tokens(in: String($0)) }
                if alternatives.count == 1 {
                    // "screw-up" or "don't" in a phrase: as many words as text splits them into.
                    for token in alternatives[0] {
                        out.append(PatternWord(forms: LanguageLint.inflections(of: token.text), optional: optional))
                    }
                } else {
                    let forms = alternatives.compactMap(\.first).reduce(into: Set<String>()) { $0.formUnion(LanguageLint.inflections(of: $1.text)) }
                    if !forms.isEmpty { out.append(PatternWord(forms: forms, optional: optional)) }
                }
            }
            return out
        }
    }

    struct PatternWord: Sendable {
        var forms: Set<String>
        var optional: Bool
    }

    /// One flagged phrase in a text.
    public struct Finding: Equatable, Sendable {
        /// Offsets in Unicode scalars into the text, end exclusive.
        public var start: Int
        public var end: Int
        /// 1-based line and column (in Unicode scalars) within the text.
        public var line: Int
        public var column: Int
        /// The words as they stand in the text.
        public var matched: String
        public var phrase: String
        public var kind: Kind
        public var suggestion: String

        /// `"I failed" is identity-threat language; try a process-oriented rewrite: …`
        public var message: String {
            "\"\(SafeText.line(matched))\" is \(kind.description); try a process-oriented rewrite: \(suggestion)"
        }
    }

    public let rules: [Rule]
    let allowed: [[PatternWord]]
    /// The rules a word can start, by the forms of each rule's first word; rules whose first
    /// word is optional are tried everywhere. Most words start no rule at all.
    private let byFirstWord: [String: [Int]]
    private let anywhere: [Int]

    public init(extra: [String] = [], allow: [String] = []) {
        rules = Self.builtIn + extra.map {
            Rule($0, .custom, "say what the experiment returned and what the data showed")
        }.filter { !$0.pattern.isEmpty }
        allowed = allow.map(Rule.compile).filter { !$0.isEmpty }
        var index: [String: [Int]] = [:]
        var anywhere: [Int] = []
        for (n, rule) in rules.enumerated() {
            if rule.pattern[0].optional {
                anywhere.append(n)
            } else {
                for form in rule.pattern[0].forms { index[form, default: []].append(n) }
            }
        }
        byFirstWord = index
        self.anywhere = anywhere
    }

    public init(config: FFConfig) {
        self.init(extra: config.lintExtra, allow: config.lintAllow)
    }

    private static let returned = "\"the experiment returned …\", \"the hypothesis was disproved\""
    private static let process = "\"the data showed …\", \"the process step that produced the result was …\""

    /// The phrases ff flags by default.
    public static let builtIn: [Rule] = [
        Rule("i|we|you have|ve|had|d|has? totally|completely|really|utterly? fail", .identity, returned),
        Rule("i|we|you m|am|are|re|was|were|feel|felt|look|looked like? a|an|such|total|complete|utter|the? failure|loser|fraud|disappointment",
             .identity, "\"the hypothesis was disproved\", \"the experiment returned …\" (the result describes the test, not a person)"),
        Rule("experiment|hypothesis|pilot|idea|trial was|is|has|s? been? a|an? total|complete|utter? fail|flop",
             .identity, "\"the hypothesis was disproved\", \"the experiment returned …\""),
        Rule("epic|total|complete|utter|abject|miserable fail|flop", .identity, returned),
        Rule("my|our|your|his|her|their fault", .blame, process),
        Rule("my|our bad", .blame, process),
        Rule("my|our mistake", .blame, "\"the step that produced the result was …\", \"the data showed …\""),
        Rule("blame", .blame, "\"the conditions that produced the result were …\", \"the data showed …\""),
        Rule("scapegoat", .blame, process),
        Rule("screw|mess|muck up|ups", .blame, "\"the approach did not produce the expected result\", \"the data showed …\""),
        Rule("screwup|messup|cockup", .blame, "\"the approach did not produce the expected result\", \"the data showed …\""),
        Rule("drop the ball", .blame, process),
        Rule("stupid|dumb|idiot|idiotic|moron|incompetent|incompetence|clueless|careless|lazy", .identity,
             "\"the decision was made with the information available then: …\", \"the data showed …\""),
        Rule("embarrassing|embarrassed|humiliating|humiliated|shameful|ashamed", .identity,
             "\"the impact was …\" (state it factually), \"the data showed …\""),
        Rule("disaster|disastrous|catastrophe|catastrophic|fiasco|debacle|trainwreck|nightmare", .drama,
             "\"the result differed from the prediction: the data showed …\", \"the hypothesis was disproved\""),
        Rule("train wreck", .drama, "\"the result differed from the prediction: the data showed …\""),
        Rule("waste of time|effort|money", .drama, "\"the experiment ruled out …\", \"the data showed …\""),
        Rule("should have|ve known|seen|realised|realized|noticed", .hindsight,
             "\"with what we knew then …; the data now shows …\""),
    ]

    /// The flagged phrases in `text`, in order.
    public func findings(in text: String) -> [Finding] {
        let toks = Self.tokens(in: text)
        guard !toks.isEmpty else { return [] }
        let quoted = Self.quotedRanges(in: text)
        func isQuoted(_ t: Token) -> Bool { quoted.contains { $0.contains(t.start) } }

        var allowedSpans: [Range<Int>] = []
        for pattern in allowed {
            for i in toks.indices {
                if let end = Self.match(pattern, toks, at: i) { allowedSpans.append(toks[i].start..<toks[end - 1].end) }
            }
        }
        var out: [Finding] = []
        var i = 0
        while i < toks.count {
            var best: (Rule, Int)?
            for n in (byFirstWord[toks[i].text] ?? []) + anywhere {
                let rule = rules[n]
                guard let end = Self.match(rule.pattern, toks, at: i) else { continue }
                if best == nil || end > best!.1 { best = (rule, end) }
            }
            guard let (rule, end) = best else { i += 1; continue }
            let span = toks[i].start..<toks[end - 1].end
            if toks[i..<end].contains(where: isQuoted) || allowedSpans.contains(where: { $0.overlaps(span) }) {
                i += 1
                continue
            }
            let scalars = Array(text.unicodeScalars)
            var matched = String.UnicodeScalarView()
            matched.append(contentsOf: scalars[span])
            out.append(Finding(start: span.lowerBound, end: span.upperBound, line: toks[i].line, column: toks[i].column,
                               matched: String(matched), phrase: rule.phrase, kind: rule.kind, suggestion: rule.suggestion))
            i = end
        }
        return out
    }

    // MARK: Matching

    /// The index after the last token matched by `pattern` starting at `i`, or nil. Optional
    /// words are tried present first; patterns are short, so backtracking is cheap.
    static func match(_ pattern: [PatternWord], _ toks: [Token], at i: Int) -> Int? {
        func go(_ p: Int, _ t: Int) -> Int? {
            if p == pattern.count { return t > i ? t : nil }
            let word = pattern[p]
            if t < toks.count, word.forms.contains(toks[t].text), let end = go(p + 1, t + 1) { return end }
            if word.optional { return go(p + 1, t) }
            return nil
        }
        return go(0, i)
    }

    struct Token {
        var text: String
        var start: Int
        var end: Int
        var line: Int
        var column: Int
    }

    /// Words: runs of letters and digits, lowercased. Apostrophes and hyphens split words
    /// ("I'm" is `i m`, "screw-up" is `screw up`), so that contractions and hyphenated forms
    /// match the same patterns as spelled-out ones.
    static func tokens(in text: String) -> [Token] {
        var out: [Token] = []
        var current = String.UnicodeScalarView()
        var start = 0, line = 1, column = 1, startLine = 1, startColumn = 1
        var offset = 0
        func flush() {
            if !current.isEmpty {
                out.append(Token(text: String(current).lowercased(), start: start, end: offset, line: startLine, column: startColumn))
                current = String.UnicodeScalarView()
            }
        }
        for c in text.unicodeScalars {
            let isWordScalar = c.isASCII
                ? (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
                : c.properties.isAlphabetic || c.properties.numericType != nil
            if isWordScalar {
                if current.isEmpty { start = offset; startLine = line; startColumn = column }
                current.append(c)
            } else {
                flush()
            }
            offset += 1
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        flush()
        return out
    }

    /// The forms a pattern word matches: itself, and for words of four letters or more the
    /// regular inflections (-s, -es, -ed, -ing, -er, -ure, a final e dropped, a final
    /// consonant doubled, y to ies/ied). Over-generating is harmless: only real words occur.
    static func inflections(of word: String) -> Set<String> {
        var forms: Set<String> = [word]
        let letters = Array(word)
        guard letters.count >= 4, letters.allSatisfy(\.isLetter) else { return forms }
        for suffix in ["s", "es", "ed", "ing", "er", "ers", "ure", "ures", "ish"] { forms.insert(word + suffix) }
        let last = letters[letters.count - 1]
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if last == "e" {
            let stem = String(letters.dropLast())
            for suffix in ["ing", "ed", "er", "ers"] { forms.insert(stem + suffix) }
            forms.insert(word + "d")
        }
        if last == "y", !vowels.contains(letters[letters.count - 2]) {
            let stem = String(letters.dropLast())
            forms.insert(stem + "ies")
            forms.insert(stem + "ied")
        }
        if !vowels.contains(last), last != "w", last != "x", last != "y",
           vowels.contains(letters[letters.count - 2]), !vowels.contains(letters[letters.count - 3]) {
            for suffix in ["ed", "ing", "er"] { forms.insert(word + String(last) + suffix) }
        }
        return forms
    }

    /// The spans (in Unicode scalar offsets) of quoted text: between straight double quotes,
    /// between curly double quotes, and lines whose first non-blank character is `>`.
    static func quotedRanges(in text: String) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let scalars = Array(text.unicodeScalars)
        var openStraight: Int?
        var openCurly: Int?
        var lineStart = true
        var quoteLineFrom: Int?
        for (i, c) in scalars.enumerated() {
            if c == "\n" {
                if let from = quoteLineFrom { out.append(from..<i); quoteLineFrom = nil }
                lineStart = true
                continue
            }
            if lineStart && (c == " " || c == "\t") { continue }
            if lineStart && c == ">" { quoteLineFrom = i }
            lineStart = false
            switch c {
            case "\"":
                if let open = openStraight { out.append(open..<(i + 1)); openStraight = nil } else { openStraight = i }
            case "\u{201C}":
                openCurly = i
            case "\u{201D}":
                if let open = openCurly { out.append(open..<(i + 1)); openCurly = nil }
            default:
                break
            }
        }
        if let from = quoteLineFrom { out.append(from..<scalars.count) }
        return out
    }
}
