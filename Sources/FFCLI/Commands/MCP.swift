import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    /// `ff mcp`: the Model Context Protocol server is a program of its own, `ff-mcp` (it links
    /// the MCP SDK and, through it, Foundation, which ff itself leaves out to stay small and
    /// quick to start); this command finds it beside ff and runs it in ff's place.
    struct MCP: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the experiments to coding agents: a Model Context Protocol server on stdin and stdout.",
            discussion: """
            Tools: list_experiments, show_experiment, why, timeline, stats, check, and (without \
            --read-only) new_experiment, start_experiment, add_note, amend_experiment, \
            conclude_experiment, abandon_experiment. Each runs the ff command it is named after, \
            with the same rules, and answers with that command's JSON. Each experiment file is \
            also a resource, ff://experiment/<id>. The server runs in the current folder (or -C).
            """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only the tools that read: nothing is committed.")
        var readOnly = false

        func run(in ctx: Context) throws {
            guard let server = Self.serverProgram() else {
                throw WorkspaceError.io("the MCP server, ff-mcp, is not installed beside ff (nor in ../libexec/ff/); install ff with make install or its Debian package")
            }
            var argv = [server, "-C", ctx.directory]
            if readOnly { argv.append("--read-only") }
            let cArgs = argv.map { strdup($0) } + [nil]
            defer { for a in cArgs { free(a) } }
            execv(server, cArgs)
            throw WorkspaceError.io("cannot run the MCP server '\(SafeText.line(server))': \(SystemError(errno)); reinstall ff")
        }

        /// `ff-mcp` beside the running ff (a build folder, a bin/ with both), else in the
        /// package's private folder, `<prefix>/libexec/ff/`.
        static func serverProgram() -> String? {
            guard let exe = Paths.executable else { return nil }
            let dir = Paths.parent(exe)
            for candidate in [dir + "/ff-mcp", Paths.parent(dir) + "/libexec/ff/ff-mcp"] where access(candidate, X_OK) == 0 {
                return candidate
            }
            return nil
        }
    }
}
