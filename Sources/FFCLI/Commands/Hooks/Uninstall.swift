import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
    struct Uninstall: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "Remove ff's hooks and put back the hooks they chained.")
        @OptionGroup var global: GlobalOptions

        func run(in ctx: Context) throws {
            for line in try HookInstaller.uninstall(ctx.workspaceEnvironment) {
                ctx.console.out(line.text + "\n")
            }
        }
    }
}
