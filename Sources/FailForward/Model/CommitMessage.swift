/// The message of an ff commit: a readable subject and body, ending in `FF-` trailers that
/// `git interpret-trailers --parse` reads. Text from the user can never forge a trailer, a
/// second subject line or the end of the message.
public struct CommitMessage: Equatable, Sendable {
    public var subject: String
    public var body: String
    public var trailers: [(key: String, value: String)]

    public static func == (a: CommitMessage, b: CommitMessage) -> Bool {
        a.subject == b.subject && a.body == b.body && a.trailers.map { "\($0.key): \($0.value)" } == b.trailers.map { "\($0.key): \($0.value)" }
    }

    /// A message with `subject` made one line, user `body` paragraphs made inert, and `trailers`.
    /// Bidirectional formatting characters are shown as `<U+202E>` everywhere in the message
    /// (`git log` would let them reorder what the reader sees); the files keep the real text.
    public init(subject: String, body: [String] = [], trailers: [(key: String, value: String)]) {
        self.subject = Self.truncate(SafeText.bidiVisible(Self.oneLine(subject)), to: 100)
        self.body = body.map(Self.quoteUserText).filter { !$0.isEmpty }.joined(separator: "\n\n")
        self.trailers = trailers
    }

    /// The message of a change to `experiments` (the first is the one acted on):
    /// `<action> <id>: <title>[ — summary]`, then the trailers the SPEC lists.
    public static func change(
        action: Action, experiments: [Experiment], summary: String? = nil, body: [String] = [],
        transition: (Status?, Status)? = nil, outcome: Outcome? = nil, deviations: [String] = []
    ) -> CommitMessage {
        change(action: action.rawValue, experiments: experiments, summary: summary, body: body,
               transition: transition, outcome: outcome, deviations: deviations)
    }

    /// The same, for an action word read back from a message (`FF-Action` as written).
    public static func change(
        action: String, experiments: [Experiment], summary: String? = nil, body: [String] = [],
        transition: (Status?, Status)? = nil, outcome: Outcome? = nil, deviations: [String] = []
    ) -> CommitMessage {
        let main = experiments[0]
        var subject = "\(action) \(main.id): \(oneLine(main.title))"
        if let summary { subject += " — \(summary)" }
        var t: [(key: String, value: String)] = experiments.map { (Trailer.Key.experiment.rawValue, $0.id) }
        t.append((Trailer.Key.action.rawValue, action))
        if let (from, to) = transition {
            t.append((Trailer.Key.transition.rawValue, "\(from?.rawValue ?? "none") -> \(to.rawValue)"))
        }
        if let outcome { t.append((Trailer.Key.outcome.rawValue, outcome.rawValue)) }
        for d in deviations { t.append((Trailer.Key.deviation.rawValue, d)) }
        return CommitMessage(subject: subject, body: body, trailers: t)
    }

    /// How a conclusion's message names the follow-up `--next-experiment` created:
    /// `Next experiment: <its title> (<its id>)`, apart from the next test's own words.
    public static let followUpPrefix = "Next experiment: "

    /// The full message, as git stores it.
    public var text: String {
        var s = subject + "\n"
        if !body.isEmpty { s += "\n" + body + "\n" }
        s += "\n" + trailers.map { "\(SafeText.bidiVisible($0.key)): \(SafeText.bidiVisible($0.value))" }.joined(separator: "\n") + "\n"
        return s
    }

    /// One line: control characters and line breaks become spaces, runs of spaces collapse.
    /// (Bidirectional formatting characters stay: a commit message shows them visibly.)
    public static func oneLine(_ s: String) -> String {
        var out = ""
        var space = false
        for c in s.unicodeScalars {
            let isSpace = c.properties.isWhitespace || c.value < 0x20 || (0x7F...0x9F).contains(c.value)
            if isSpace {
                space = !out.isEmpty
            } else {
                if space { out += " " }
                space = false
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func truncate(_ s: String, to n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }

    /// Body text from the user, made inert: control characters go, and a line that git or ff
    /// could read as a trailer (`FF-Outcome: …`) or as the end of the message (`---`) is
    /// quoted with `> `.
    static func quoteUserText(_ s: String) -> String {
        // Unicode line and paragraph separators become line breaks, so that no trimming later
        // can bring a trailer-looking line to the start of a line unquoted.
        let cleaned = String(String.UnicodeScalarView(s.unicodeScalars.compactMap { c -> Unicode.Scalar? in
            if c == "\u{2028}" || c == "\u{2029}" { return "\n" }
            return c == "\n" || c == "\t" || !(c.value < 0x20 || (0x7F...0x9F).contains(c.value)) ? c : nil
        })).trimmed()
        // Shown before the quoting looks at the lines, so that it sees them as git will.
        return SafeText.bidiVisible(cleaned).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop(while: { $0.isWhitespace })
            if trimmed.hasPrefix("---") || Trailers.looksLikeFFTrailer(trimmed) { return "> " + line }
            return String(line)
        }.joined(separator: "\n")
    }
}

/// Reading `FF-` trailers back out of commit messages.
public enum Trailers {
    /// `FF-Word: value`, in any case: the lines ff treats as its own.
    static func looksLikeFFTrailer<S: StringProtocol>(_ line: S) -> Bool {
        guard line.count > 3, line.prefix(3).lowercased() == "ff-" else { return false }
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[line.startIndex..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    /// The trailers of the message's last paragraph, as git reads them (keys as written).
    public static func parse(_ message: String) -> [(key: String, value: String)] {
        let paragraphs = message.replacingAll("\r\n", with: "\n")
            .pieces(separatedBy: "\n\n")
            .map { $0.trimmed(.newlines) }
            .filter { !$0.isEmpty }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        return parseBlock(last) ?? []
    }

    /// The `FF-` trailers of every trailer paragraph in the message: a squash merge keeps the
    /// trailer blocks of the commits it collapsed in its body.
    public static func parseAllFF(_ message: String) -> [(key: String, value: String)] {
        let paragraphs = message.replacingAll("\r\n", with: "\n").pieces(separatedBy: "\n\n")
        return paragraphs.dropFirst().flatMap { p -> [(key: String, value: String)] in
            let lines = p.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }
            guard lines.contains(where: { looksLikeFFTrailer($0) }) else { return [] }
            return (parseBlock(lines.joined(separator: "\n")) ?? []).filter { looksLikeFFTrailer($0.key + ":") }
        }
    }

    private static func parseBlock(_ block: String) -> [(key: String, value: String)]? {
        var out: [(key: String, value: String)] = []
        for line in block.split(separator: "\n") {
            if line.first == " " || line.first == "\t", !out.isEmpty {
                out[out.count - 1].value += " " + line.trimmed(.whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[line.startIndex..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
            out.append((String(key), line[line.index(after: colon)...].trimmed(.whitespaces)))
        }
        return out
    }
}
