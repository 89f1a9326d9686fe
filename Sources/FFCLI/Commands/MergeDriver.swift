import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct MergeDriver: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "Git's merge driver for experiment files (registered by ff init; git runs it).",
            discussion: """
            Merges the three versions field by field: observations, deviations and review notes \
            from both sides are kept, a state that advanced on one side takes the advanced one, \
            and a real conflict (two conclusions, two edits of the same text) gets git's conflict \
            markers around that field only. Writes the result over <ours>; exits 0 when clean, 1 \
            with conflicts. Files that are not experiments are merged as text.
            """,
            shouldDisplay: false
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The common ancestor's version (git's %O).") var base: String
        @Argument(help: "Our version, replaced by the result (git's %A).") var ours: String
        @Argument(help: "Their version (git's %B).") var theirs: String
        @Argument(help: "The file's path in the repository (git's %P).") var path: String?

        func run(in ctx: Context) throws {
            func abs(_ p: String) -> String { p.hasPrefix("/") ? p : ctx.directory + "/" + p }
            func read(_ p: String) throws -> [UInt8] {
                guard let data = FileManager.default.contents(atPath: abs(p)) else { throw WorkspaceError.io("merge-driver: cannot read \(p)") }
                return Array(data)
            }
            let name = path ?? ours
            let (b, o, t) = (try read(base), try read(ours), try read(theirs))
            let outcome = try ExperimentMergeDriver.merge(path: name, base: b, ours: o, theirs: t, in: ctx.workspaceEnvironment)
            guard FileManager.default.createFile(atPath: abs(ours), contents: Data(outcome.bytes)) else {
                throw WorkspaceError.io("merge-driver: cannot write \(ours)")
            }
            if !outcome.conflicts.isEmpty {
                ctx.console.err("ff merge-driver: \(SafeText.line(name)): conflicting \(outcome.conflicts.joined(separator: ", ")); resolve the markers, then git add it\n")
                throw ExitCode(1)
            }
        }
    }
}
