import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
    struct Status: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "Show which hooks are installed, and where.")
        @OptionGroup var global: GlobalOptions

        func run(in ctx: Context) throws {
            for line in try HookInstaller.status(ctx.workspaceEnvironment) { ctx.console.out(line + "\n") }
        }
    }
}
