import FFGit
import FailForward

/// The experiment files of one version of a repository — a commit's tree or an index —
/// by path, with their blob ids.
public struct Snapshot {
    var files: [String: ObjectID]

    /// Whether `path` is an experiment file under `folder` (`ExperimentFileName`'s rule).
    public static func isExperimentFile(_ path: String, folder: String) -> Bool {
        ExperimentFileName.isExperimentPath(path, folder: folder)
    }

    /// The files of `commit` (none for nil: an unborn branch).
    static func commit(_ commit: ObjectID?, in repo: Repository, folder: String) throws -> Snapshot {
        guard let commit else { return Snapshot(files: [:]) }
        let tree = try repo.entryID(at: folder, inTree: repo.commit(commit).tree)
        var files: [String: ObjectID] = [:]
        for f in try repo.changedFiles(from: nil, to: tree, prefix: folder) {
            if let blob = f.new, isExperimentFile(f.path, folder: folder) { files[f.path] = blob }
        }
        return Snapshot(files: files)
    }

    /// The staged files: the repository's index, or `indexFile` (git's `GIT_INDEX_FILE`).
    static func index(_ repo: Repository, indexFile: String?, folder: String) throws -> Snapshot {
        var files: [String: ObjectID] = [:]
        for e in try repo.indexEntries(under: folder + "/", indexFile: indexFile).entries where isExperimentFile(e.path, folder: folder) {
            files[e.path] = e.id
        }
        return Snapshot(files: files)
    }

    /// The ids of the experiments here: from the file names, or from the files for those
    /// named otherwise.
    func ids(_ repo: Repository) -> Set<String> {
        var out: Set<String> = []
        for (path, blob) in files {
            if let id = ExperimentFileName.parts(path)?.id {
                out.insert(id)
            } else if let e = try? ExperimentDocument(path: path, bytes: repo.blobContents(blob)).experiment {
                out.insert(e.id)
            }
        }
        return out
    }
}

/// Parsed experiment files, parsed on all cores (blobs and files are read first, on one
/// thread: libgit2 objects are not to be shared between threads).
public enum ParsedFiles {
    public static func parse(_ files: [(path: String, bytes: [UInt8])]) -> [Result<ExperimentDocument, FileError>] {
        let out = Slots<Result<ExperimentDocument, FileError>>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            do {
                out[i] = .success(try ExperimentDocument(path: files[i].path, bytes: files[i].bytes))
            } catch let e as FileError {
                out[i] = .failure(e)
            } catch {
                out[i] = .failure(FileError(path: files[i].path, message: String(describing: error)))
            }
        }
        return (0..<files.count).map { out[$0]! }
    }
}

extension Workspace {
    /// The index file git handed this process (`GIT_INDEX_FILE`, relative to the folder the
    /// hook runs in), or nil for the repository's own.
    public var indexFileFromEnvironment: String? {
        guard let f = env.variables["GIT_INDEX_FILE"], !f.isEmpty else { return nil }
        return f.hasPrefix("/") ? f : Paths.join(env.directory, f)
    }

    /// The experiment files staged for the next commit, compared with HEAD.
    func stagedChanges() throws -> [(path: String, old: ObjectID?, new: ObjectID?)] {
        let folder = config.experiments
        let changes: [ChangedFile]
        if let tree = env.stagedTree {
            // ff's own commit, checked in process: its tree against HEAD's, folder to folder.
            let head = try repo.head().id.map { try repo.commit($0).tree }
            changes = try repo.changedFiles(from: head.flatMap { try repo.entryID(at: folder, inTree: $0) },
                                            to: repo.entryID(at: folder, inTree: tree), prefix: folder)
        } else {
            changes = try repo.stagedChanges(under: folder, indexFile: indexFileFromEnvironment)
        }
        return changes.filter { Snapshot.isExperimentFile($0.path, folder: folder) }.map { ($0.path, $0.old, $0.new) }
    }

    /// Every experiment file in the index the next commit is made from.
    public func stagedSnapshot() throws -> Snapshot {
        if let tree = env.stagedTree {
            let folder = config.experiments
            var files: [String: ObjectID] = [:]
            for f in try repo.changedFiles(from: nil, to: repo.entryID(at: folder, inTree: tree), prefix: folder) {
                if let blob = f.new, Snapshot.isExperimentFile(f.path, folder: folder) { files[f.path] = blob }
            }
            return Snapshot(files: files)
        }
        return try Snapshot.index(repo, indexFile: indexFileFromEnvironment, folder: config.experiments)
    }

    /// `rel` (repository-relative) as a path from the folder the command runs in, as git
    /// status shows paths, so that editors and terminals open the right file.
    public func displayPath(_ rel: String) -> String {
        let cwd = Paths.standardize(env.directory), base = Paths.standardize(root)
        guard cwd != base else { return rel }
        let here = cwd.hasPrefix(base + "/") ? cwd.dropFirst(base.count + 1).split(separator: "/") : []
        let target = rel.split(separator: "/")
        var common = 0
        while common < here.count, common < target.count - 1, here[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: here.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}

extension Workspace {
    /// Every path in the index (the one a hook is handed, if any): what `touches:` globs are
    /// checked against. The index holds HEAD's files and what is staged besides.
    public func trackedPaths() throws -> TrackedPaths {
        TrackedPaths(try repo.indexEntries(under: "", indexFile: indexFileFromEnvironment).entries.map(\.path))
    }
}
