import ArgumentParser
import FFGit
import FailForward
import Foundation

/// `ff`: the root command holds only its configuration.
public struct FFCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ff",
        abstract: "Fail forward: small, deliberate experiments kept in git, and the learning they make visible.",
        discussion: """
        Each experiment is a YAML file in your repository; every state change is one commit \
        with FF- trailers. Start with ff init, then ff new "<title>".
        """,
        version: FFVersion.current,
        subcommands: [
            Init.self, New.self, Edit.self, Start.self, Note.self, Amend.self, Conclude.self, Abandon.self,
            Status.self, List.self, Show.self, Log.self, Migrate.self,
            DebriefCommand.self, Review.self, MergeDriver.self, Check.self, Hooks.self,
            TimelineCommand.self, Stats.self, DigestCommand.self,
        ]
    )

    public init() {}
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if ff was started in <path> (like git -C).", valueName: "path"))
    var directories: [String] = []
}

/// A command that runs against a `Context` rather than the process's globals.
protocol FFRunnable: ParsableCommand {
    var global: GlobalOptions { get }
    func run(in ctx: Context) throws
    /// The value names of the positional arguments that take free text (a title, a note):
    /// there a word that begins with a dash is text unless it is one of the command's options.
    static var textArguments: Set<String> { get }
}

extension FFRunnable {
    func run() throws {
        try FFMain.runParsed(self, in: Context.live())
    }

    static var textArguments: Set<String> { [] }
}

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
        do {
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
            return report(error, in: ctx)
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
    ]

    static func runParsed(_ command: any FFRunnable, in ctx: Context) throws {
        var ctx = ctx
        for d in command.global.directories { ctx = ctx.changingDirectory(to: d) }
        try command.run(in: ctx)
    }

    /// One line on stderr for ff's own errors; argument-parser's text for usage and help.
    static func report(_ error: Error, in ctx: Context) -> Int32 {
        let p = ctx.errPainter
        switch error {
        case let e as ExitCode:
            return e.rawValue
        case is FFError, is FileError, is LifecycleError, is GitError, is CommitError, is IdentityError, is ReviewError, is ReviewBranch.Refusal,
             is HookError, is SigningError:
            let text = SafeText.line(String(describing: error))
            ctx.console.err(p.red("ff: ") + text + "\n")
            return 1
        default:
            let code = FFCommand.exitCode(for: error)
            let message = FFCommand.fullMessage(for: error)
            if code == .success {
                ctx.console.out(message + "\n")
            } else {
                ctx.console.err(message + "\n")
            }
            return code.rawValue
        }
    }
}
