import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
    /// For a line in a hook ff does not own: runs ff's script for that hook.
    struct Run: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Run one of ff's hook scripts with the given arguments, from a hook of your own (ff hooks run commit-msg \"$1\").")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var name: HookName
        @Argument(parsing: .captureForPassthrough, help: "The hook's arguments.") var arguments: [String] = []

        func run(in ctx: Context) throws {
            let script = try name.script()
            // $0 is the hook's bare name, so the script finds no chained hook of its own.
            let status = try TerminalProgram.run(["/bin/sh", "-c", script, name.hook] + arguments,
                                                      environment: ctx.environment, directory: ctx.directory)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
