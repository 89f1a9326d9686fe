import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the git hooks that keep the method's rules for commits made with plain git.",
            discussion: """
            pre-commit runs ff check --staged; commit-msg adds the FF- trailers to a commit made \
            with git that changes experiment files; in a bare (shared) repository, pre-receive \
            rejects pushes that change a locked field without a deviation or rewrite a concluded \
            debrief's history. Hooks go where git runs them (core.hooksPath, else .git/hooks); \
            a hook already there is kept and run first. Beside the pre-commit framework's hook \
            (pre-commit install, in either order), ff's is kept as <hook>.legacy, which the \
            framework runs first. The hooks call ff, which must be on PATH.
            """,
            subcommands: [Install.self, Uninstall.self, Status.self, Script.self, Run.self, Trailers.self, PreReceive.self]
        )

        struct Install: FFRunnable {
            static let configuration = CommandConfiguration(
                abstract: "Install ff's hooks (pre-commit and commit-msg; pre-receive in a bare repository), chaining existing ones.")
            @OptionGroup var global: GlobalOptions

            func run(in ctx: Context) throws {
                for line in try HookInstaller.install(ctx.workspaceEnvironment) {
                    ctx.console.out(line.text + "\n")
                }
                if which("ff", path: ctx.environment["PATH"]) == nil {
                    ctx.console.err("ff: warning: ff is not on PATH, and the hooks call it: install ff (make install) or add its folder to PATH\n")
                }
            }
        }

        struct Uninstall: FFRunnable {
            static let configuration = CommandConfiguration(abstract: "Remove ff's hooks and put back the hooks they chained.")
            @OptionGroup var global: GlobalOptions

            func run(in ctx: Context) throws {
                for line in try HookInstaller.uninstall(ctx.workspaceEnvironment) {
                    ctx.console.out(line.text + "\n")
                }
            }
        }

        struct Status: FFRunnable {
            static let configuration = CommandConfiguration(abstract: "Show which hooks are installed, and where.")
            @OptionGroup var global: GlobalOptions

            func run(in ctx: Context) throws {
                for line in try HookInstaller.status(ctx.workspaceEnvironment) { ctx.console.out(line + "\n") }
            }
        }

        /// For a hooks folder ff does not install into (a shared `core.hooksPath`, husky's
        /// `.husky/`): the script to copy there.
        struct Script: FFRunnable {
            static let configuration = CommandConfiguration(
                abstract: "Print one of ff's hook scripts (pre-commit, commit-msg, pre-receive), to put in a hooks folder ff leaves alone.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "pre-commit, commit-msg or pre-receive.") var hook: String

            func run(in ctx: Context) throws {
                guard let script = HookScripts.files[hook] else {
                    throw ValidationError("no hook named '\(SafeText.line(hook))': ff has pre-commit, commit-msg and pre-receive")
                }
                ctx.console.out(script)
            }
        }

        /// For a line in a hook ff does not own: runs ff's script for that hook.
        struct Run: FFRunnable {
            static let configuration = CommandConfiguration(
                abstract: "Run one of ff's hook scripts with the given arguments, from a hook of your own (ff hooks run commit-msg \"$1\").")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "pre-commit, commit-msg or pre-receive.") var hook: String
            @Argument(parsing: .captureForPassthrough, help: "The hook's arguments.") var arguments: [String] = []

            func run(in ctx: Context) throws {
                guard let script = HookScripts.files[hook] else {
                    throw ValidationError("no hook named '\(SafeText.line(hook))': ff has pre-commit, commit-msg and pre-receive")
                }
                // $0 is the hook's bare name, so the script finds no chained hook of its own.
                let status = try TerminalProgram.run(["/bin/sh", "-c", script, hook] + arguments,
                                                          environment: ctx.environment, directory: ctx.directory)
                if status != 0 { throw ExitCode(status) }
            }
        }

        /// For the commit-msg hook: the trailers of the staged change, one per line.
        struct Trailers: FFRunnable {
            static let configuration = CommandConfiguration(
                abstract: "Print the FF- trailers for the staged change (used by the commit-msg hook).",
                shouldDisplay: false)
            @OptionGroup var global: GlobalOptions

            func run(in ctx: Context) throws {
                let ws = try Workspace.open(ctx)
                for t in try ws.stagedTrailers() { ctx.console.out("\(t.key): \(t.value)\n") }
            }
        }

        /// For the pre-receive hook: reads `<old> <new> <ref>` lines and checks each update.
        struct PreReceive: FFRunnable {
            static let configuration = CommandConfiguration(
                abstract: "Check pushed ref updates read from stdin (used by the pre-receive hook).",
                shouldDisplay: false)
            @OptionGroup var global: GlobalOptions

            func run(in ctx: Context) throws {
                let (rejected, findings) = try PushCheck.receive(ctx.workspaceEnvironment, readLine: ctx.console.readLine) { d in
                    ctx.console.err(d.description + "\n")
                }
                guard rejected.isEmpty else {
                    // Each finding says what to do; a parse error is no deviation to declare.
                    throw CLIError.usage("push rejected (\(rejected.joined(separator: ", "))): \(findings == 1 ? "the finding" : "the \(findings) findings") above say\(findings == 1 ? "s" : "") what to change")
                }
            }
        }
    }
}
