import ArgumentParser
import FFGit
import FailForward

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
        @Option(help: ArgumentHelp("Also install the debrief pull-request template for this site: github, gitlab or gitea (for github also a workflow that runs ff check on pull requests).", valueName: "forge"))
        var forge: Forge?
        @Option(help: ArgumentHelp("The folder for experiment files, relative to the repository root (default: experiments).", valueName: "folder"))
        var experiments: String?

        func run(in ctx: Context) throws {
            let p = ctx.painter
            let repo: Repository
            // A repository made by this run is removed again if the run fails.
            var created: String?
            if let existing = try Workspace.findRepository(ctx) {
                repo = existing
            } else {
                let dirExisted = FileManager.default.fileExists(atPath: ctx.directory)
                try FileManager.default.createDirectory(atPath: ctx.directory, withIntermediateDirectories: true)
                repo = try Repository.create(at: ctx.directory)
                created = dirExisted ? repo.gitDir : ctx.directory
                ctx.console.out("Initialised an empty git repository in \(SafeText.line(ctx.directory))\n")
            }
            guard let root = repo.workdir else { throw CommitError.noWorkingTree }

            let configPath = root + "/" + FFConfig.path
            var config = FFConfig()
            var writes: [Workspace.Write] = []
            if let data = FileManager.default.contents(atPath: configPath) {
                config = try FFConfig.parse(String(decoding: data, as: UTF8.self))
                if let experiments, experiments != config.experiments {
                    throw ValidationError("\(FFConfig.path) already names the experiments folder '\(SafeText.line(config.experiments))': change it there (ff follows an experiment across folders)")
                }
            } else {
                var text = FFConfig.template
                if let experiments {
                    config = try FFConfig.parse("experiments: " + Self.yamlScalar(experiments) + "\n")
                    text = text.replacingAll("\nexperiments: experiments\n", with: "\nexperiments: \(Self.yamlScalar(config.experiments))\n")
                } else {
                    try Self.refuseForeignFolder(root: root, folder: config.experiments)
                }
                writes.append(.init(path: FFConfig.path, bytes: Array(text.utf8), original: nil))
            }
            let ws = Workspace(ctx: ctx, repo: repo, root: root, config: config)
            ws.verify = !commit.noVerify
            let keep = config.experiments + "/.gitkeep"
            let folderPath = root + "/" + config.experiments
            let isFolder = Paths.isFolder(folderPath)
            if isFolder == nil {
                writes.append(.init(path: keep, bytes: [], original: nil))
            } else if isFolder == false {
                throw FFError.io("\(config.experiments) exists but is not a folder")
            } else if ((try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []).isEmpty {
                // Left empty by an earlier run that failed: the folder still needs its .gitkeep.
                writes.append(.init(path: keep, bytes: [], original: nil))
            }
            writes += try ReviewSetup.writes(store: ws.store, forge: forge, console: ctx.console)

            // The commit first: if it is refused (by an existing hook, say), nothing else is
            // installed and the folders it would have made are removed, so a rerun starts over.
            var result: CommitResult?
            if !writes.isEmpty {
                let folders = Self.missingFolders(root: root, for: writes.map(\.path))
                do {
                    let identity = try ws.identity()
                    let lock = try ws.lock()
                    defer { _ = lock }
                    let message = CommitMessage(subject: "init: set up ff (" + writes.map(\.path).joined(separator: ", ") + ")",
                                                trailers: [("FF-Action", "init")])
                    result = try ws.commit(writes, message: message, identity: identity)
                } catch {
                    for folder in folders.reversed() { rmdir(root + "/" + folder) }
                    if let created { try? FileManager.default.removeItem(atPath: created) }
                    throw error
                }
            }
            for line in try HookInstaller.install(repo, environment: ctx.environment, hooks: HookInstaller.clientHooks) where line.changed {
                ctx.console.out(line.text + "\n")
            }
            if try ReviewSetup.registerMergeDriver(in: repo) {
                ctx.console.out("Registered the merge driver for experiment files in this clone (merge.ff.driver)\n")
            }
            guard let result else {
                ctx.console.out("ff is already set up here (\(FFConfig.path), \(config.experiments)/).\n")
                return
            }
            ws.report("Set up ff: \(writes.map(\.path).joined(separator: ", "))", result)
            ctx.console.out(p.dim("Next: ff new \"<title>\" (on a terminal it opens a template to fill in)") + "\n")
        }

        /// The folders (repository-relative, outermost first) that writing `paths` would create.
        static func missingFolders(root: String, for paths: [String]) -> [String] {
            var out: [String] = []
            for path in paths {
                var parts = path.split(separator: "/").dropLast().map(String.init)[...]
                var prefix = ""
                while let part = parts.first {
                    parts = parts.dropFirst()
                    prefix += (prefix.isEmpty ? "" : "/") + part
                    if !out.contains(prefix) && !FileManager.default.fileExists(atPath: root + "/" + prefix) { out.append(prefix) }
                }
            }
            return out
        }

        /// A folder name as a YAML scalar (quoted when it would not read back as written).
        static func yamlScalar(_ s: String) -> String {
            let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } && !s.isEmpty && !s.hasPrefix("-")
            return plain ? s : "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
        }

        /// An `experiments/` folder that already holds other YAML (ML configs, say) is not
        /// taken over: its files would all be refused as experiments.
        static func refuseForeignFolder(root: String, folder: String) throws {
            let store = ExperimentStore(root: root, folder: folder)
            let foreign = store.files().filter { path in
                guard let bytes = try? store.read(path) else { return true }
                return !ExperimentDocument.looksLikeExperiment(bytes)
            }
            guard let first = foreign.first else { return }
            throw ValidationError("\(folder)/ already holds \(foreign.count) YAML file\(foreign.count == 1 ? "" : "s") that \(foreign.count == 1 ? "is" : "are") not ff's (no 'ff:' key, e.g. \(SafeText.line(first))): give ff a folder of its own with ff init --experiments <folder>")
        }
    }
}
