import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand.Hooks {
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
