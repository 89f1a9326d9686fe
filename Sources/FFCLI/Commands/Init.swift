import ArgumentParser
import FFGit
import FailForward
import Foundation

extension FFCommand {
    struct Init: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Set ff up in a repository (creating the repository if there is none).",
            discussion: """
            Writes .ff/config.yaml and the experiments folder and commits them, with a .gitattributes \
            entry that merges experiment files through ff merge-driver (registered in this clone's \
            git config: run ff init again after cloning), and installs the git hooks (see ff hooks). \
            Safe to run again.
            """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @Option(help: ArgumentHelp("Also install the debrief pull-request template for this site: github, gitlab or gitea.", valueName: "forge"))
        var forge: Forge?

        func run(in ctx: Context) throws {
            let p = ctx.painter
            let repo: Repository
            if let existing = try Workspace.findRepository(ctx) {
                repo = existing
            } else {
                try FileManager.default.createDirectory(atPath: ctx.directory, withIntermediateDirectories: true)
                repo = try Repository.create(at: ctx.directory)
                ctx.console.out("Initialised an empty git repository in \(SafeText.line(ctx.directory))\n")
            }
            guard let root = repo.workdir else { throw CommitError.noWorkingTree }

            let configPath = root + "/" + FFConfig.path
            var config = FFConfig()
            var writes: [Workspace.Write] = []
            if let data = FileManager.default.contents(atPath: configPath) {
                config = try FFConfig.parse(String(decoding: data, as: UTF8.self))
            } else {
                writes.append(.init(path: FFConfig.path, bytes: Array(FFConfig.template.utf8), original: nil))
            }
            let ws = Workspace(ctx: ctx, repo: repo, root: root, config: config)
            ws.verify = !commit.noVerify
            for line in try HookInstaller.install(repo, environment: ctx.environment, hooks: HookInstaller.clientHooks) where line.changed {
                ctx.console.out(line.text + "\n")
            }
            let keep = config.experiments + "/.gitkeep"
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: root + "/" + config.experiments, isDirectory: &isDir) {
                writes.append(.init(path: keep, bytes: [], original: nil))
            } else if !isDir.boolValue {
                throw FFError.io("\(config.experiments) exists but is not a folder")
            }
            writes += try ReviewSetup.writes(store: ws.store, forge: forge, console: ctx.console)
            if try ReviewSetup.registerMergeDriver(in: repo) {
                ctx.console.out("Registered the merge driver for experiment files in this clone (merge.ff.driver)\n")
            }
            guard !writes.isEmpty else {
                ctx.console.out("ff is already set up here (\(FFConfig.path), \(config.experiments)/).\n")
                return
            }
            let identity = try ws.identity()
            let lock = try ws.lock()
            defer { _ = lock }
            let message = CommitMessage(subject: "init: set up ff (" + writes.map(\.path).joined(separator: ", ") + ")",
                                        trailers: [("FF-Action", "init")])
            let result = try ws.commit(writes, message: message, identity: identity)
            ws.report("Set up ff: \(writes.map(\.path).joined(separator: ", "))", result)
            ctx.console.out(p.dim("Next: ff new \"<title>\" (on a terminal it opens a template to fill in)") + "\n")
        }
    }
}
