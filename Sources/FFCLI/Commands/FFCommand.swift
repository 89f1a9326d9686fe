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
}

extension FFRunnable {
    func run() throws {
        try FFMain.runParsed(self, in: Context.live())
    }
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
        do {
            if let runnable = fastParse(Array(args)) {
                try runParsed(runnable, in: ctx)
                return 0
            }
            let command = try FFCommand.parseAsRoot(Array(args))
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

    /// Parses with only the named subcommand's definition when that is enough: building the
    /// whole command tree, and the runtime's protocol lookups behind `as?`, cost a quarter of a
    /// small command's run. Help, version, completion and every error go through the root, so
    /// what the user sees is the same (a test checks the table against the subcommands).
    static func fastParse(_ args: [String]) -> (any FFRunnable)? {
        let special: Set<String> = ["-h", "--help", "--version", "--experimental-dump-help", "---completion", "help"]
        guard let name = args.first, !args.contains(where: special.contains), let parse = fastParsers[name] else { return nil }
        return try? parse(Array(args.dropFirst()))
    }

    static let fastParsers: [String: @Sendable ([String]) throws -> any FFRunnable] = [
        "init": { try FFCommand.Init.parseAsRoot($0) as! FFCommand.Init },
        "new": { try FFCommand.New.parseAsRoot($0) as! FFCommand.New },
        "edit": { try FFCommand.Edit.parseAsRoot($0) as! FFCommand.Edit },
        "start": { try FFCommand.Start.parseAsRoot($0) as! FFCommand.Start },
        "note": { try FFCommand.Note.parseAsRoot($0) as! FFCommand.Note },
        "amend": { try FFCommand.Amend.parseAsRoot($0) as! FFCommand.Amend },
        "conclude": { try FFCommand.Conclude.parseAsRoot($0) as! FFCommand.Conclude },
        "abandon": { try FFCommand.Abandon.parseAsRoot($0) as! FFCommand.Abandon },
        "status": { try FFCommand.Status.parseAsRoot($0) as! FFCommand.Status },
        "list": { try FFCommand.List.parseAsRoot($0) as! FFCommand.List },
        "show": { try FFCommand.Show.parseAsRoot($0) as! FFCommand.Show },
        "log": { try FFCommand.Log.parseAsRoot($0) as! FFCommand.Log },
        "migrate": { try FFCommand.Migrate.parseAsRoot($0) as! FFCommand.Migrate },
        "debrief": { try FFCommand.DebriefCommand.parseAsRoot($0) as! FFCommand.DebriefCommand },
        "review": { try FFCommand.Review.parseAsRoot($0) as! FFCommand.Review },
        "merge-driver": { try FFCommand.MergeDriver.parseAsRoot($0) as! FFCommand.MergeDriver },
        "check": { try FFCommand.Check.parseAsRoot($0) as! FFCommand.Check },
        // A group: its subcommand is what runs; `ff hooks` alone goes through the root (help).
        "hooks": { args in
            guard let sub = try FFCommand.Hooks.parseAsRoot(args) as? any FFRunnable else { throw ExitCode.validationFailure }
            return sub
        },
        "timeline": { try FFCommand.TimelineCommand.parseAsRoot($0) as! FFCommand.TimelineCommand },
        "stats": { try FFCommand.Stats.parseAsRoot($0) as! FFCommand.Stats },
        "digest": { try FFCommand.DigestCommand.parseAsRoot($0) as! FFCommand.DigestCommand },
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
