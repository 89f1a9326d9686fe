import FFGit
import FailForward

/// One run of `ff check` over the working tree or the index.
public struct CheckService {
    public let ws: Workspace

    public init(ws: Workspace) {
        self.ws = ws
    }

    public struct Report {
        public var diagnostics: [Diagnostic] = []
        public var files = 0
        /// The files checked, relative to the repository's root.
        public var paths: [String] = []

        /// `N errors, M warnings in K files`, as `ff check` ends its report.
        public static func counts(errors: Int, warnings: Int, files: Int) -> String {
            func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
            return "ff check: \(count(errors, "error")), \(count(warnings, "warning")) in \(count(files, "file"))"
        }
    }

    public func run(paths: [String], staged: Bool) throws -> Report {
        let repo = ws.repo
        var report = Report()
        var files: [String]
        let read: (String) throws -> [UInt8]
        var targets: Set<String>
        var deleted: [(path: String, blob: ObjectID)] = []
        /// For a staged file, its version in HEAD.
        var committed: [String: ObjectID] = [:]
        /// Started experiments that a staged config naming another folder leaves outside it.
        var left: [(path: String, experiment: Experiment, folder: String)] = []

        let asked = try paths.map(resolve)
        // A folder stands for the files under it, as in a pathspec (`ff check experiments/`;
        // the repository's root is every file).
        let folders = asked.filter { $0.isEmpty || Paths.isFolder(ws.store.absolute($0)) == true }
        let wanted = asked.filter { !folders.contains($0) }
        func isWanted(_ path: String) -> Bool {
            wanted.contains(path) || folders.contains { $0.isEmpty || path.hasPrefix($0 + "/") }
        }
        if staged {
            let changes = try ws.stagedChanges()
            targets = Set(changes.compactMap { $0.new == nil ? nil : $0.path })
            deleted = changes.compactMap { c in c.new == nil ? c.old.map { (c.path, $0) } : nil }
            for c in changes { if let old = c.old, c.new != nil { committed[c.path] = old } }
            if !asked.isEmpty {
                targets = targets.filter(isWanted)
                deleted.removeAll { !isWanted($0.path) }
            }
            left = try leftBehind()
            // Nothing of ff's staged: the hook costs no more than this.
            if targets.isEmpty && deleted.isEmpty && left.isEmpty { return report }
            let index = try ws.stagedSnapshot()
            files = index.files.keys.sorted()
            read = { try repo.blobContents(index.files[$0]!) }
        } else {
            files = ws.store.files()
            for w in wanted where !files.contains(w) {
                guard FileManager.default.fileExists(atPath: ws.store.absolute(w)) else {
                    report.diagnostics.append(Diagnostic(path: w, severity: .error, message: "no such file"))
                    continue
                }
                files.append(w)
            }
            targets = asked.isEmpty ? Set(files) : Set(files.filter(isWanted))
            let store = ws.store
            read = { try store.read($0) }
        }

        // Parsed files; read here (libgit2 and the file system on this thread), parsed on all cores.
        var documents: [String: ExperimentDocument] = [:]
        var tried: Set<String> = []
        /// Files to check that are other YAML (no `ff:` and `id:`), with why they do not parse.
        var foreign: [String: FileError] = [:]
        func load(_ paths: [String]) {
            let fresh = paths.filter { tried.insert($0).inserted }
            var bytes: [(path: String, bytes: [UInt8])] = []
            for path in fresh {
                do {
                    bytes.append((path, try read(path)))
                } catch {
                    if targets.contains(path) {
                        report.diagnostics.append(Diagnostic(path: path, severity: .error, message: String(describing: error)))
                    }
                }
            }
            for (i, result) in ParsedFiles.parse(bytes).enumerated() {
                switch result {
                case let .success(doc): documents[doc.path] = doc
                case let .failure(error):
                    guard targets.contains(bytes[i].path) else { break }
                    if error.notAnExperiment { foreign[bytes[i].path] = error } else { report.diagnostics.append(Diagnostic(error)) }
                }
            }
        }

        // The links need the other experiments. Checking all of them parses every file; a
        // few files (a commit's) need only the ids, which file names carry, and the files
        // their links lead to.
        var named: [(path: String, id: String)] = []
        var pathsByID: [String: [String]] = [:]
        var irregular: [String] = []
        for path in files {
            if let id = ExperimentFileName.parts(path)?.id {
                named.append((path, id))
                pathsByID[id, default: []].append(path)
            } else {
                irregular.append(path)
            }
        }
        if targets.count * 4 >= files.count {
            load(files)
        } else {
            load(Array(targets).sorted() + irregular)
            var queue = documents.values.flatMap { [$0.experiment.follows, $0.experiment.conclusion?.nextExperiment].compactMap { $0 } }
            var seen: Set<String> = []
            while let id = queue.popLast() {
                guard seen.insert(id).inserted, seen.count < 1_000 else { continue }
                load(pathsByID[id] ?? [])
                for p in pathsByID[id] ?? [] { if let f = documents[p]?.experiment.follows { queue.append(f) } }
            }
            // Whether anything follows a concluded experiment that names no next test:
            // only files that mention its id can.
            let lonely = targets.compactMap { documents[$0]?.experiment }.filter { $0.status == .concluded && !($0.conclusion?.hasNextTest ?? false) }
            if !lonely.isEmpty {
                let ids = lonely.map { Array($0.id.utf8) }
                let mentioning = files.filter { path in
                    !tried.contains(path) && ((try? read(path)).map { bytes in ids.contains { bytes.contains($0) } } ?? false)
                }
                load(mentioning)
            }
        }
        let parsedIDs = Set(documents.values.map(\.experiment.id))
        let index = ExperimentIndex(documents.values.map { StoredExperiment(experiment: $0.experiment, path: $0.path) },
                                    named: named.filter { documents[$0.path] == nil && !parsedIDs.contains($0.id) })
        let checked = targets.sorted().compactMap { documents[$0] }
        report.files = targets.count + deleted.count
        report.paths = (targets.sorted() + deleted.map(\.path)).sorted()
        var checking = ExperimentCheck(config: ws.config, now: ws.env.now(), index: index)
        // One listing of the tracked files for every glob of the run, and none when no file has one.
        if checked.contains(where: { !$0.experiment.touches.isEmpty }) {
            checking.tracked = try ws.trackedPaths()
        }
        let checker = checking

        // The history is walked once, and only when a started experiment is to be checked (or
        // may have been, under a name other YAML now has).
        let idInName = Dictionary(named.map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a })
        let needsHistory = checked.contains { $0.experiment.isStarted }
            || !deleted.isEmpty || (!staged && foreign.keys.contains { idInName[$0] != nil })
        let history = needsHistory ? try ws.lockHistory() : nil

        // Other YAML in the experiments folder is not ff's: never refused, reported once by
        // ff check and left out of --staged (the pre-commit hook). Unless it is what an
        // experiment became — HEAD's version of the file was one, or its name carries the id
        // of an experiment that was started — which is checked as the broken experiment it is.
        let head = staged ? nil : try repo.head().id
        for (path, error) in foreign.sorted(by: { $0.key < $1.key }) {
            var was = false
            if let blob = committed[path] {
                was = (try? repo.blobContents(blob)).map(ExperimentDocument.looksLikeExperiment) ?? false
            } else if let head {
                was = (try? repo.fileContents(at: path, in: head)).flatMap { $0 }.map(ExperimentDocument.looksLikeExperiment) ?? false
            }
            if !was, let id = idInName[path], history?.starts[id] != nil { was = true }
            if was {
                report.diagnostics.append(Diagnostic(error))
            } else if !staged {
                report.diagnostics.append(Diagnostic(path: path, severity: .warning, message: "not an experiment (no 'ff:' and 'id:' keys), skipped"))
            }
        }
        // The checks are pure: they run on all cores, with the start versions read here first.
        let lookups = checked.map { doc -> LockHistory.Lookup? in
            doc.experiment.isStarted ? history?.lookup(doc.experiment.id) : nil
        }
        let startFiles = lookups.map { l -> LockHistory.StartFile? in
            if case let .start(f)? = l { return f }
            return nil
        }
        let results = Slots<[Diagnostic]>(count: checked.count)
        DispatchQueue.concurrentPerform(iterations: checked.count) { i in
            results[i] = checker.diagnostics(for: checked[i], baseline: startFiles[i].flatMap(LockHistory.baseline))
        }
        for i in checked.indices { report.diagnostics += results[i]! }

        if let history, repo.isShallow {
            for doc in checked where doc.experiment.isStarted
                && history.starts[doc.experiment.id] == nil {
                report.diagnostics.append(Diagnostic(
                    path: doc.path, line: 1, column: 1, severity: .warning,
                    message: "this is a shallow clone and the commit that started \(doc.experiment.id) is not in it, so its lock is not checked: git fetch --unshallow",
                    key: "shallow"))
            }
        }

        // A commit is judged by what it brings, not by what HEAD already has. Findings are
        // compared by their stable key (the file's HEAD version read as the current format
        // has it): a warning HEAD's version has too is not repeated on every commit that
        // touches the file, and such an error is reported as a warning — ff check without
        // --staged, in CI, and the pre-receive hook still fail on it.
        var before: [String: Set<String>] = [:]
        for doc in checked {
            guard let blob = committed[doc.path], let bytes = try? repo.blobContents(blob),
                  var old = try? ExperimentDocument(path: doc.path, bytes: bytes) else { continue }
            let earlierFormat = old.experiment.schema < Experiment.currentSchema
            if earlierFormat, let upgraded = try? old.migrated() { old = upgraded }
            let started = old.experiment.isStarted
            let start = started ? history?.startFile(old.experiment.id) : nil
            var keys = Set(checker.diagnostics(for: old, baseline: start.flatMap(LockHistory.baseline)).map(\.identity))
            if earlierFormat { keys.insert("format") }
            if started, repo.isShallow, history?.starts[old.experiment.id] == nil { keys.insert("shallow") }
            before[doc.path] = keys
        }
        report.diagnostics.removeAll { $0.severity == .warning && before[$0.path]?.contains($0.identity) == true }
        for i in report.diagnostics.indices where report.diagnostics[i].severity == .error {
            let d = report.diagnostics[i]
            if before[d.path]?.contains(d.identity) == true {
                report.diagnostics[i].severity = .warning
                report.diagnostics[i].message += " (already so in HEAD: not brought by this commit)"
            }
        }
        if let history {
            // A start that cannot be verified is an error, never a pass, whatever HEAD had.
            for (i, doc) in checked.enumerated() {
                guard case let .cannotVerify(m)? = lookups[i] else { continue }
                report.diagnostics.append(Diagnostic(path: doc.path, line: 1, column: 1, severity: .error,
                                                     message: history.cannotVerify(m, id: doc.experiment.id, status: doc.experiment.status)))
            }
        }
        // A started experiment is a record: it is abandoned, never deleted.
        for (path, blob) in deleted {
            guard let old = try? ExperimentDocument(path: path, bytes: repo.blobContents(blob)).experiment,
                  let finding = RecordRules.deleted(old, at: path, remains: index.entry(old.id) != nil, stage: .commit) else { continue }
            report.diagnostics.append(finding)
        }
        for (path, e, folder) in left {
            report.diagnostics.append(RecordRules.leftOutside(e, at: path, folder: folder, stage: .commit))
        }
        report.files += left.count
        report.paths = (report.paths + left.map(\.path)).sorted()
        report.diagnostics.sort { ($0.path, $0.line ?? 0, $0.column ?? 0) < ($1.path, $1.line ?? 0, $1.column ?? 0) }
        return report
    }

    /// When the staged config names another experiments folder than HEAD's: the started
    /// experiments of HEAD's folder that the staged files of the new one do not have.
    private func leftBehind() throws -> [(path: String, experiment: Experiment, folder: String)] {
        let repo = ws.repo
        guard let head = try repo.head().id else { return [] }
        let headTree = try repo.commit(head).tree
        let staged: ObjectID?
        if let tree = ws.env.stagedTree {
            staged = try repo.entryID(at: FFConfig.path, inTree: tree)
        } else {
            staged = try repo.indexEntries(under: FFConfig.path, indexFile: ws.indexFileFromEnvironment).entries
                .first { $0.path == FFConfig.path }?.id
        }
        func folder(_ blob: ObjectID?) -> String? {
            guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
            return try? FFConfig.parse(String(decoding: bytes, as: UTF8.self)).experiments
        }
        let headConfig = try repo.entryID(at: FFConfig.path, inTree: headTree)
        guard staged != headConfig, let before = folder(headConfig), let after = folder(staged), before != after else { return [] }
        let files: Snapshot
        if let tree = ws.env.stagedTree {
            files = try Snapshot(files: Dictionary(uniqueKeysWithValues: repo.files(inTree: repo.entryID(at: after, inTree: tree), prefix: after)
                .compactMap { f in f.new.flatMap { Snapshot.isExperimentFile(f.path, folder: after) ? (f.path, $0) : nil } }))
        } else {
            files = try Snapshot.index(repo, indexFile: ws.indexFileFromEnvironment, folder: after)
        }
        let ids = files.ids(repo)
        var out: [(path: String, experiment: Experiment, folder: String)] = []
        for (path, blob) in try Snapshot.commit(head, in: repo, folder: before).files.sorted(by: { $0.key < $1.key }) {
            if let named = ExperimentFileName.parts(path)?.id, ids.contains(named) { continue }
            guard let e = try? ExperimentDocument(path: path, bytes: repo.blobContents(blob)).experiment,
                  e.isStarted, !ids.contains(e.id) else { continue }
            out.append((path, e, after))
        }
        return out
    }

    /// A path from the command line, repository-relative.
    private func resolve(_ path: String) throws -> String {
        let abs = path.hasPrefix("/") ? path : Paths.join(ws.env.directory, path)
        let standard = Paths.standardize(abs), root = Paths.standardize(ws.root)
        if standard == root { return "" }
        guard standard.hasPrefix(root + "/") else { throw WorkspaceError.usage("\(SafeText.line(path)) is outside the repository") }
        return String(standard.dropFirst(root.count + 1))
    }
}

