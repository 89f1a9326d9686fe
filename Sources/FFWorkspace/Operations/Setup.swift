import FFGit
import FailForward

/// `ff init`: sets ff up in a repository, creating the repository when there is none.
public struct Setup {
    /// A setting the repository already fixes differently, or a folder ff must not take over:
    /// a mistake in what was asked, told before anything is written.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case folderAlreadyNamed(String)
        case foreignFolder(folder: String, count: Int, first: String)

        public var description: String {
            switch self {
            case let .folderAlreadyNamed(folder):
                return "\(FFConfig.path) already names the experiments folder '\(SafeText.line(folder))': change it there (ff follows an experiment across folders)"
            case let .foreignFolder(folder, count, first):
                return "\(folder)/ already holds \(count) YAML file\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not ff's (no 'ff:' key, e.g. \(SafeText.line(first))): give ff a folder of its own with ff init --experiments <folder>"
            }
        }
    }

    /// What the setup did, in order, for the command line to tell.
    public struct Result {
        /// The folder of a repository this run created.
        public var createdRepository: String?
        /// The lines of the hook installation that changed something.
        public var hookLines: [String] = []
        /// The merge driver was registered in this clone's config.
        public var registeredMergeDriver = false
        /// The files committed, and the commit; nil when everything was in place already.
        public var committed: (paths: [String], commit: Committed)?
        public var config: FFConfig
    }

    public var forge: Forge?
    public var experiments: String?
    public var verify = true
    /// Also the forge's workflow that publishes the learning site on its pages.
    public var pages = false

    public init(forge: Forge?, experiments: String?, verify: Bool) {
        self.forge = forge
        self.experiments = experiments
        self.verify = verify
    }

    public func run(_ env: Environment, delegate: WorkspaceDelegate) throws -> Result {
        let repo: Repository
        // A repository made by this run is removed again if the run fails.
        var created: String?
        var createdRepository: String?
        if let existing = try Workspace.findRepository(env) {
            repo = existing
        } else {
            let dirExisted = FileManager.default.fileExists(atPath: env.directory)
            try FileManager.default.createDirectory(atPath: env.directory, withIntermediateDirectories: true)
            repo = try Repository.create(at: env.directory)
            created = dirExisted ? repo.gitDir : env.directory
            createdRepository = env.directory
        }
        guard let root = repo.workdir else { throw CommitError.noWorkingTree }

        let configPath = root + "/" + FFConfig.path
        var config = FFConfig()
        var writes: [Workspace.Write] = []
        if let data = FileManager.default.contents(atPath: configPath) {
            config = try FFConfig.parse(String(decoding: data, as: UTF8.self))
            if let experiments, experiments != config.experiments { throw Refusal.folderAlreadyNamed(config.experiments) }
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
        let ws = Workspace(env: env, delegate: delegate, repo: repo, root: root, config: config)
        ws.verify = verify
        let keep = config.experiments + "/.gitkeep"
        let folderPath = root + "/" + config.experiments
        let isFolder = Paths.isFolder(folderPath)
        if isFolder == nil {
            writes.append(.init(path: keep, bytes: [], original: nil))
        } else if isFolder == false {
            throw WorkspaceError.io("\(config.experiments) exists but is not a folder")
        } else if ((try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []).isEmpty {
            // Left empty by an earlier run that failed: the folder still needs its .gitkeep.
            writes.append(.init(path: keep, bytes: [], original: nil))
        }
        writes += try ReviewSetup.writes(store: ws.store, forge: forge, pages: pages, delegate: delegate)

        // The commit first: if it is refused (by an existing hook, say), nothing else is
        // installed and the folders it would have made are removed, so a rerun starts over.
        var result = Result(createdRepository: createdRepository, config: config)
        if !writes.isEmpty {
            let folders = Self.missingFolders(root: root, for: writes.map(\.path))
            do {
                let identity = try ws.identity()
                let lock = try ws.lock()
                defer { _ = lock }
                let message = CommitMessage(subject: "init: set up ff (" + writes.map(\.path).joined(separator: ", ") + ")",
                                            trailers: [(Trailer.Key.action.rawValue, Action.`init`.rawValue)])
                let commit = try ws.commit(writes, message: message, identity: identity)
                result.committed = (writes.map(\.path), Committed(commit))
            } catch {
                for folder in folders.reversed() { rmdir(root + "/" + folder) }
                if let created { try? FileManager.default.removeItem(atPath: created) }
                throw error
            }
        }
        result.hookLines = try HookInstaller.install(repo, environment: env.variables, hooks: HookInstaller.clientHooks)
            .filter(\.changed).map(\.text)
        result.registeredMergeDriver = try ReviewSetup.registerMergeDriver(in: repo)
        return result
    }

    /// The folders (repository-relative, outermost first) that writing `paths` would create.
    public static func missingFolders(root: String, for paths: [String]) -> [String] {
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
    public static func yamlScalar(_ s: String) -> String {
        let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } && !s.isEmpty && !s.hasPrefix("-")
        return plain ? s : "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    /// An `experiments/` folder that already holds other YAML (ML configs, say) is not
    /// taken over: its files would all be refused as experiments.
    public static func refuseForeignFolder(root: String, folder: String) throws {
        let store = ExperimentStore(root: root, folder: folder)
        let foreign = store.files().filter { path in
            guard let bytes = try? store.read(path) else { return true }
            return !ExperimentDocument.looksLikeExperiment(bytes)
        }
        guard let first = foreign.first else { return }
        throw Refusal.foreignFolder(folder: folder, count: foreign.count, first: first)
    }
}
