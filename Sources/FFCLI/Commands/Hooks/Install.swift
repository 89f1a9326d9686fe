import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
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
}
