import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Why: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "The experiments that touch a path: what they returned and what to test next.",
            discussion: """
            Lists the experiments whose touches: match the paths (relative to the current \
            folder, as git takes them), most recent first. A path nothing touches gives an \
            empty answer.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("A file or folder of the repository (repeatable).", valueName: "path"))
        var paths: [String]
        @Flag(help: "Also the experiments that were running while a commit changed the path.")
        var history = false
        @Flag(help: "One line per experiment: <id> <status>[ <outcome>]: <title> — <next test>.")
        var short = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if short && output.asJSON { throw ValidationError("--short and --json ask for different formats: give one of them") }
        }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let (matches, problems) = try TouchingExperiments.find(ws, paths: paths, history: history)
            for p in problems { ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n") }
            if output.asJSON {
                ctx.console.out(WhyView.json(matches))
            } else if matches.isEmpty {
                ctx.console.out("No experiment touches \(paths.map(SafeText.line).joined(separator: ", ")).\n")
            } else if short {
                ctx.console.out(WhyView.short(matches))
            } else {
                ctx.console.out(WhyView.table(matches, painter: ctx.painter, width: ctx.columns))
            }
        }
    }
}
