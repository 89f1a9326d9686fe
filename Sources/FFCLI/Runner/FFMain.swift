import ArgumentParser
import FFWorkspace
import FailForward

/// The entry point: parses, runs, and turns every error into one line and an exit code.
public enum FFMain {
    public static func run() -> Never {
        // A reader that goes away (`ff list | head`) is not an error worth a signal.
        signal(SIGPIPE, SIG_IGN)
        let code = execute(Array(CommandLine.arguments.dropFirst()), in: Context.live())
        exit(code)
    }

    /// Runs ff with `arguments` in `ctx` and returns the exit code (0 ok, 1 error, 64 usage).
    public static func execute(_ arguments: [String], in ctx: Context) -> Int32 {
        var ctx = ctx
        var args = arguments[...]
        // git-style leading -C options, before the subcommand.
        while let first = args.first, first == "-C" || (first.hasPrefix("-C") && first.count > 2) {
            if first == "-C" {
                guard args.count >= 2 else { break }
                ctx = ctx.changingDirectory(to: args[args.startIndex + 1])
                args = args.dropFirst(2)
            } else {
                ctx = ctx.changingDirectory(to: String(first.dropFirst(2)))
                args = args.dropFirst()
            }
        }
        let words = arrange(Array(args))
        // `ff --version` is what argument-parser prints for it, without building the command
        // tree: the runtime's protocol lookups behind that were two thirds of its start.
        if words == ["--version"] {
            ctx.console.out(FFVersion.current + "\n")
            return 0
        }
        do {
            // `ff help <command>`: argument-parser shows the overview for a name it does not
            // know; an unknown name is a usage error like any other.
            if words.first == "help", words.count > 1, subcommand(named: Array(words.dropFirst()), exactly: true) == nil {
                throw ValidationError("help")
            }
            if let runnable = fastParse(words) {
                try runParsed(runnable, in: ctx)
                return 0
            }
            let command = try FFCommand.parseAsRoot(words)
            if let runnable = command as? any FFRunnable {
                try runParsed(runnable, in: ctx)
            } else {
                var c = command
                try c.run()
            }
            return 0
        } catch {
            return report(error, in: ctx, words: words)
        }
    }

    /// The words after a subcommand's name, arranged by the one rule that tells options from
    /// text (`CommandWords`); anything else (help, version, completion) as given.
    static func arrange(_ args: [String]) -> [String] {
        guard let name = args.first, subcommands[name] != nil else { return args }
        // A group's subcommand (`ff hooks install`) has the shape; the group alone has none.
        if args.count > 1, let shape = CommandWords.shapes[name + " " + args[1]] {
            return Array(args.prefix(2)) + CommandWords.arrange(Array(args.dropFirst(2)), shape: shape)
        }
        guard let shape = CommandWords.shapes[name] else { return args }
        return [name] + CommandWords.arrange(Array(args.dropFirst()), shape: shape)
    }

    /// Parses with only the named subcommand's definition when that is enough: building the
    /// whole command tree, and the runtime's protocol lookups behind `as?` to a protocol, cost
    /// a quarter of a small command's run. Help, version, completion and every error go through
    /// the root, so what the user sees is the same (a test checks the table against the
    /// subcommands).
    static func fastParse(_ args: [String]) -> (any FFRunnable)? {
        guard let name = args.first, let sub = subcommands[name] else { return nil }
        return (try? sub.parse(Array(args.dropFirst()))) ?? nil
    }

    /// A subcommand as the fast path knows it.
    struct Subcommand: Sendable {
        let parse: @Sendable ([String]) throws -> (any FFRunnable)?
        /// argument-parser's description of it (JSON), from which its `CommandWords.Shape` is checked.
        let dump: @Sendable () -> String
        let textArguments: Set<String>

        init<C: FFRunnable>(_ command: C.Type) {
            // A conditional cast to the concrete type: help and other results are not a `C`.
            parse = { try C.parseAsRoot($0) as? C }
            dump = { C._dumpHelp() }
            textArguments = C.textArguments
        }

        /// A group: its subcommand is what runs; `ff hooks` alone goes through the root (help).
        init<G: ParsableCommand>(group: G.Type) {
            parse = { try G.parseAsRoot($0) as? any FFRunnable }
            dump = { G._dumpHelp() }
            textArguments = []
        }
    }

    static let subcommands: [String: Subcommand] = [
        "init": .init(FFCommand.Init.self),
        "new": .init(FFCommand.New.self),
        "edit": .init(FFCommand.Edit.self),
        "start": .init(FFCommand.Start.self),
        "note": .init(FFCommand.Note.self),
        "amend": .init(FFCommand.Amend.self),
        "conclude": .init(FFCommand.Conclude.self),
        "abandon": .init(FFCommand.Abandon.self),
        "status": .init(FFCommand.Status.self),
        "list": .init(FFCommand.List.self),
        "show": .init(FFCommand.Show.self),
        "log": .init(FFCommand.Log.self),
        "migrate": .init(FFCommand.Migrate.self),
        "debrief": .init(FFCommand.DebriefCommand.self),
        "review": .init(FFCommand.Review.self),
        "merge-driver": .init(FFCommand.MergeDriver.self),
        "check": .init(FFCommand.Check.self),
        "hooks": .init(group: FFCommand.Hooks.self),
        "timeline": .init(FFCommand.TimelineCommand.self),
        "stats": .init(FFCommand.Stats.self),
        "digest": .init(FFCommand.DigestCommand.self),
        "export": .init(FFCommand.Export.self),
        "why": .init(FFCommand.Why.self),
        "mcp": .init(FFCommand.MCP.self),
        "site": .init(FFCommand.SiteCommand.self),
    ]

    static func runParsed(_ command: any FFRunnable, in ctx: Context) throws {
        var ctx = ctx
        for d in command.global.directories { ctx = ctx.changingDirectory(to: d) }
        try command.run(in: ctx)
    }

    /// What the user sees of `error`, and the exit code: `ErrorReport`'s table.
    static func report(_ error: Error, in ctx: Context, words: [String] = []) -> Int32 {
        ErrorReport.report(error, in: ctx, words: words)
    }

    /// The subcommand named by the first words (`note`, `hooks install`), if any; `exactly`:
    /// nil when a group is followed by a word that is none of its subcommands.
    static func subcommand(named words: [String], exactly: Bool = false) -> ParsableCommand.Type? {
        guard let first = words.first else { return nil }
        guard let top = named(first, in: FFCommand.configuration.subcommands) else { return nil }
        if words.count > 1, !top.configuration.subcommands.isEmpty {
            if let sub = named(words[1], in: top.configuration.subcommands) { return sub }
            if exactly && !words[1].hasPrefix("-") { return nil }
        }
        return top
    }

    static func named(_ name: String, in list: [ParsableCommand.Type]) -> ParsableCommand.Type? {
        list.first { ($0.configuration.commandName ?? $0._commandName) == name }
    }

    static func displayedNames(_ list: [ParsableCommand.Type]) -> [String] {
        list.filter { $0.configuration.shouldDisplay }.map { $0.configuration.commandName ?? $0._commandName }
    }

    /// The message of a usage error in ff's words, with the command it concerns.
    static func usageError(_ error: Error, words: [String]) -> (String, ParsableCommand.Type?) {
        var message = FFCommand.message(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        let named = words.first == "help" ? Array(words.dropFirst()) : words
        // `ff shwo`, `ff help shwo`: not a command.
        if let word = named.first, !word.hasPrefix("-"), subcommand(named: [word]) == nil {
            let hint = Suggestion.nearest(word, among: displayedNames(FFCommand.configuration.subcommands)).map { "; did you mean \($0)?" } ?? ""
            return ("'\(word)' is not an ff command\(hint) (ff --help lists them)", nil)
        }
        // `ff hooks instal`: not a command of the group.
        if named.count > 1, let group = subcommand(named: [named[0]]), !group.configuration.subcommands.isEmpty,
           !named[1].hasPrefix("-"), self.named(named[1], in: group.configuration.subcommands) == nil {
            let hint = Suggestion.nearest(named[1], among: displayedNames(group.configuration.subcommands)).map { "; did you mean \($0)?" } ?? ""
            return ("'\(named[1])' is not an ff \(named[0]) command\(hint) (ff \(named[0]) --help lists them)", group)
        }
        let command = subcommand(named: named)
        // An unknown flag: the nearest the command has.
        if let range = message.scalarRange(of: "Unknown option '"), let end = message[range.upperBound...].firstIndex(of: "'") {
            let flag = String(message[range.upperBound..<end])
            let key = words.count > 1 && CommandWords.shapes[words[0] + " " + words[1]] != nil ? words[0] + " " + words[1] : (words.first ?? "")
            let known = CommandWords.shapes[key].map { Array($0.long.keys) } ?? []
            let hint = Suggestion.nearest(flag, among: known).map { "; did you mean \($0)?" } ?? ""
            message = "unknown option '\(flag)'\(hint)"
        }
        if let first = message.first, first.isUppercase, !message.hasPrefix("ID") {
            message = first.lowercased() + message.dropFirst()
        }
        return (message, command)
    }
}
