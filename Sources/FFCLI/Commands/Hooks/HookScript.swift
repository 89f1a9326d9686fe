import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
    /// For a hooks folder ff does not install into (a shared `core.hooksPath`, husky's
    /// `.husky/`): the script to copy there.
    struct Script: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Print one of ff's hook scripts (pre-commit, commit-msg, pre-receive), to put in a hooks folder ff leaves alone.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var name: HookName

        func run(in ctx: Context) throws {
            ctx.console.out(try name.script())
        }
    }
}
