import ArgumentParser

/// How ff reads the words after a subcommand's name: which are options, which are their
/// values, and which are text. The one rule, as `git commit -m "- item"` has it:
/// - an option's value is the next word, whatever it looks like, for every option declared
///   `parsing: .unconditional` (the options that take free text); any other option takes
///   the next word unless that word is itself shaped like an option (`--days -5` gives -5);
/// - a word is an option when this subcommand defines it (`-h` and `--help` included);
/// - a word that begins with `-` but cannot be an option (`- item`, `-5% churn`, `-> done`,
///   `---`, `-`) is text;
/// - a word shaped like an option the subcommand does not define (`--version=1`, `-help`) is
///   text where the subcommand takes free text next (a title, a note) and an unknown option
///   (a usage error) anywhere else;
/// - after `--`, every word is text.
/// The parser is then given the options (each value joined to its option: `--name=value`),
/// `--`, and the rest, so that nothing meant as text can be read as an option, as help or as
/// `--version`.
enum CommandWords {
    /// What a subcommand defines: its options, what each takes, and its positional arguments.
    struct Shape: Equatable {
        enum Takes: Equatable { case nothing, nextWordUnlessOption, nextWord }
        struct Positional: Equatable {
            var text = false
            var repeats = false
            static let value = Positional(), values = Positional(repeats: true), text = Positional(text: true)
            static let texts = Positional(text: true, repeats: true)
        }
        /// `--name` (and `-name`, argument-parser's long names with one dash) → what it takes.
        var long: [String: Takes] = [:]
        var short: [Character: Takes] = [:]
        var positionals: [Positional] = []

        /// Whether the positional the next positional word fills takes free text.
        func isText(slot: Int) -> Bool {
            if slot < positionals.count { return positionals[slot].text }
            return positionals.last.map { $0.repeats && $0.text } ?? false
        }

        /// `flags` take nothing, `options` the next word unless it is an option, `text` options
        /// the next word whatever it is; `-h` and `--help` are every command's.
        init(flags: [String] = [], options: [String] = [], text: [String] = [], positionals: [Positional] = []) {
            for (names, takes) in [(flags + ["-h", "--help"], Takes.nothing), (options, .nextWordUnlessOption), (text, .nextWord)] {
                for n in names {
                    if n.count == 2, let c = n.last, !n.hasPrefix("--") { short[c] = takes } else { long[n] = takes }
                }
            }
            self.positionals = positionals
        }

        /// From `Command._dumpHelp()`, the tool-info JSON argument-parser writes for a command,
        /// and the names of its positionals that take free text. Too slow to run on every
        /// command line: `shapes` keeps the result, and a test checks it against this.
        init(dump: String, textArguments: Set<String>) throws {
            let info = try JSONDecoder().decode(ToolInfo.self, from: Data(dump.utf8))
            for a in info.command.arguments ?? [] {
                let takes: Takes
                switch a.kind {
                case "positional":
                    positionals.append(Positional(text: textArguments.contains(a.valueName ?? ""), repeats: a.isRepeating ?? false))
                    continue
                case "flag": takes = .nothing
                default: takes = a.parsingStrategy == "unconditional" ? .nextWord : .nextWordUnlessOption
                }
                for n in a.names ?? [] {
                    switch n.kind {
                    case "short": if let c = n.name.first, n.name.count == 1 { short[c] = takes }
                    case "longWithSingleDash": long["-" + n.name] = takes
                    default: long["--" + n.name] = takes
                    }
                }
            }
        }

        /// This shape as the Swift that `shapes` holds.
        var literal: String {
            func names(_ t: Takes) -> [String] {
                (long.filter { $0.value == t }.map(\.key) + short.filter { $0.value == t }.map { "-\($0.key)" })
                    .filter { t != .nothing || ($0 != "-h" && $0 != "--help") }.sorted()
            }
            func list(_ n: [String]) -> String { "[" + n.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
            var parts: [String] = []
            if !names(.nothing).isEmpty { parts.append("flags: " + list(names(.nothing))) }
            if !names(.nextWordUnlessOption).isEmpty { parts.append("options: " + list(names(.nextWordUnlessOption))) }
            if !names(.nextWord).isEmpty { parts.append("text: " + list(names(.nextWord))) }
            if !positionals.isEmpty {
                parts.append("positionals: [" + positionals.map { "." + ($0.text ? "text" : "value") + ($0.repeats ? "s" : "") }.joined(separator: ", ") + "]")
            }
            return ".init(" + parts.joined(separator: ", ") + ")"
        }

        private struct ToolInfo: Decodable {
            struct Command: Decodable { var arguments: [Argument]? }
            struct Argument: Decodable {
                struct Name: Decodable { var kind: String; var name: String }
                var kind: String
                var names: [Name]?
                var valueName: String?
                var isRepeating: Bool?
                var parsingStrategy: String?
            }
            var command: Command
        }
    }

    /// What one word is, for a subcommand of this shape.
    enum Role: Equatable {
        /// An option or flag the subcommand defines; `name` is the option part, without `=value`.
        case option(name: String, takes: Shape.Takes, joined: Bool)
        /// Shaped like an option, but not one of this subcommand's.
        case unknownOption
        /// Never an option: text (or a value) wherever it stands.
        case text
    }

    /// A dash, then a letter, then letters or digits (`-h`, `-help`), or two dashes and a
    /// name (`--no-verify`), either with an optional `=value`: what an option can look like.
    static func isOptionShaped(_ word: String) -> Bool {
        optionName(word) != nil
    }

    /// `--name` or `-abc` of an option-shaped word (without its `=value`).
    private static func optionName(_ word: String) -> Substring? {
        let long = word.hasPrefix("--")
        guard long || word.hasPrefix("-") else { return nil }
        let name = word.dropFirst(long ? 2 : 1).prefix { $0 != "=" }
        func letter(_ c: Character) -> Bool { c.isASCII && c.isLetter }
        func allowed(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || (long && (c == "-" || c == "_"))) }
        guard let first = name.first, letter(first), name.allSatisfy(allowed) else { return nil }
        return word[..<name.endIndex]
    }

    static func role(of word: String, in shape: Shape) -> Role {
        guard let name = optionName(word) else { return .text }
        let joined = name.endIndex < word.endIndex
        if let takes = shape.long[String(name)] { return .option(name: String(name), takes: takes, joined: joined) }
        guard !name.hasPrefix("--") else { return .unknownOption }
        let letters = name.dropFirst()
        // One short option (`-C`, `-C=path`), or a cluster of short flags (`-hv`).
        if letters.count == 1, let c = letters.first, let takes = shape.short[c] {
            return .option(name: String(name), takes: takes, joined: joined)
        }
        if !joined, letters.allSatisfy({ shape.short[$0] == .nothing }) {
            return .option(name: String(name), takes: .nothing, joined: false)
        }
        return .unknownOption
    }

    /// The words, arranged for the parser as the rule above says.
    static func arrange(_ words: [String], shape: Shape) -> [String] {
        guard words.contains(where: { $0.hasPrefix("-") }) else { return words }
        var options: [String] = [], positionals: [String] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            i += 1
            if word == "--" {
                positionals += words[i...]
                break
            }
            switch role(of: word, in: shape) {
            case .text:
                positionals.append(word)
            case .unknownOption:
                if shape.isText(slot: positionals.count) { positionals.append(word) } else { options.append(word) }
            case let .option(name, takes, joined):
                guard !joined, takes != .nothing else {
                    options.append(word) // a flag, or `--name=value`
                    continue
                }
                // The value is missing: the options alone, so that the parser says so (and
                // an unconditional option does not take the `--` that would follow).
                guard i < words.count else { return options + [word] }
                let next = words[i]
                if takes == .nextWordUnlessOption && (next == "--" || isOptionShaped(next)) {
                    options.append(word) // the parser says the value is missing
                } else if ("=" + next).first == "=" {
                    options.append(name + "=" + next)
                    i += 1
                } else {
                    // A value that begins with a combining mark or a joiner would make one
                    // Character of the `=`, which argument-parser splits on: two words (such a
                    // value cannot begin with a dash).
                    options += [name, next]
                    i += 1
                }
            }
        }
        return positionals.isEmpty ? options : options + ["--"] + positionals
    }
}
