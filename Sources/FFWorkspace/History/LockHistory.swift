import FFGit
import FailForward

/// The commit that started each experiment — the first, oldest first, whose version of the
/// file is running or concluded — found by one walk of history for all experiments, and the
/// baselines the pre-registration lock is checked against.
///
/// Experiments are followed by their id, wherever their file is: the walk reads every folder
/// that `.ff/config.yaml` named over the history (and the one it names now), so a file moved
/// to another folder with the config, or renamed, keeps the start it had.
///
/// A disposable cache under `.git/ff/` keyed by commit id makes the next walk incremental:
/// it records the tip walked, the folders read and the start of each experiment. When the
/// cached tip is no longer in the history (a rewrite, or another branch), or the folders
/// changed, the walk starts over, and a start whose commit has left every branch while its
/// locked fields changed is reported: the history of a pre-registration was rewritten.
///
/// A version the walk needs that is not in the object database (a partial clone, which
/// fetches blobs on demand through git, never through ff's git library) makes the start of
/// the experiments it could belong to unknown: they "cannot be verified", and nothing of such
/// a walk is cached.
public struct LockHistory {
    public struct Start: Equatable {
        public var id: String
        var commit: ObjectID
        var blob: ObjectID
        public var time: Int64
        public var path: String
    }

    /// A start that a rewrite replaced with different locked values; `old` stays the baseline.
    public struct Rewrite {
        public var id: String
        public var old: Start
        public var new: Start
        public var fields: [Experiment.LockedField]
    }

    /// An object the walk needed and the repository does not have.
    public struct Missing: Equatable {
        var blob: ObjectID
        public var path: String
        var commit: ObjectID
        /// The experiment the file's name says it is; nil for a file named otherwise and for
        /// the config, which could concern any.
        public var id: String?
        /// Its place in the walk, oldest first.
        public var order: Int
    }

    /// What the history says of an experiment's start.
    public enum Lookup {
        case start(StartFile)
        /// A version that may hold the start (or the start's own) is missing.
        case cannotVerify(Missing)
        case notStarted
    }

    let repo: Repository
    private(set) var starts: [String: Start] = [:]
    private(set) var rewrites: [Rewrite] = []
    private(set) var missing: [Missing] = []
    /// The folders the config named over the walked history.
    private(set) var folders: Set<String> = []
    /// The place in this walk of each start it found (those from the cache come before it).
    private var startOrder: [String: Int] = [:]

    public static let header = "ff-lock-cache 2"

    /// Walks the history of `tip` (HEAD when nil). `cache` is the cache file to read and
    /// (when `updateCache`) to write.
    /// `progress` is told the number of commits read so far, every thousand commits.
    init(repo: Repository, folder: String, tip: ObjectID? = nil, cache: String?, updateCache: Bool = true,
         progress: ((Int) -> Void)? = nil) throws {
        self.repo = repo
        let tipID: ObjectID
        if let tip {
            tipID = tip
        } else {
            guard let head = try repo.head().id else { return }
            tipID = head
        }

        let previous = cache.flatMap { Self.read($0) }
        var hiding: [ObjectID] = []
        // The cache holds for the folders it read: a config naming another one since, here or
        // in the new commits, needs that folder's whole history.
        if let p = previous, p.folders.contains(folder), repo.hasObject(p.tip), repo.contains(p.tip, in: tipID) {
            starts = p.starts
            folders = p.folders
            hiding = [p.tip]
        }
        var walked = try walk(current: folder, tip: tipID, hiding: hiding, progress: progress)
        if walked == nil {
            starts = [:]
            folders = []
            hiding = []
            walked = try walk(current: folder, tip: tipID, hiding: [], progress: progress)
        }
        if let p = previous {
            // Rewrites found before are kept while their experiment's start still differs
            // and the original start is on no branch.
            rewrites = p.rewrites.filter { r in starts[r.id].map { $0.blob == r.new.blob } ?? false }
            if !rewrites.isEmpty {
                let tips = try repo.branchTips().map(\.commit)
                rewrites.removeAll { r in tips.contains { repo.contains(r.old.commit, in: $0) } }
            }
            if hiding.isEmpty { try findRewrites(previous: p.starts) }
        }
        // Rewriting the cache (a line per experiment) costs more than walking a few commits
        // again: a cache a few commits behind is kept, and the next run walks those too —
        // unless they started an experiment, whose start the cache must remember should a
        // rewrite later remove it.
        let behind = previous == nil || hiding.isEmpty || (walked ?? 0) >= Self.rewriteAfter
            || starts.count != previous?.starts.count || folders != previous?.folders
        // Nothing computed past a missing object is kept, nor a walk of a folder the history
        // never named (a config changed in the working tree only).
        let complete = missing.isEmpty && folders.contains(folder)
        if let cache, updateCache, complete, (previous?.tip != tipID && behind) || previous?.rewrites.count != rewrites.count {
            Self.write(cache, folders: folders, tip: tipID, starts: starts, rewrites: rewrites)
        }
    }

    /// What history says of the start of `id`.
    public func lookup(_ id: String) -> Lookup {
        // A config that cannot be read may name a folder with any experiment's start.
        if let m = missing.first(where: { $0.path == FFConfig.path && $0.id == nil }) { return .cannotVerify(m) }
        // A missing version before the start found (or with none found) may be the start.
        let before = startOrder[id]
        if starts[id] == nil || before != nil, let m = missing.first(where: { m in
            (m.id == nil || m.id == id) && (before.map { m.order < $0 } ?? true)
        }) {
            return .cannotVerify(m)
        }
        if let r = rewrites.first(where: { $0.id == id }), let bytes = try? repo.blobContents(r.old.blob) {
            return .start(StartFile(commit: String(r.old.commit.hex.prefix(7)), time: r.old.time, bytes: bytes, rewritten: true))
        }
        guard let s = starts[id] else { return .notStarted }
        guard let bytes = try? repo.blobContents(s.blob) else {
            return repo.hasObject(s.blob) ? .notStarted : .cannotVerify(Missing(blob: s.blob, path: s.path, commit: s.commit, id: id, order: 0))
        }
        return .start(StartFile(commit: String(s.commit.hex.prefix(7)), time: s.time, bytes: bytes))
    }

    /// The one-line error for an experiment whose start cannot be verified.
    public func cannotVerify(_ m: Missing, id: String, status: Status) -> String {
        let config = m.path == FFConfig.path
        let folder = config ? m.path : folders.sorted().first { m.path.hasPrefix($0 + "/") } ?? m.path
        let what = repo.isPartialClone ? "this partial clone lacks" : "this repository lacks"
        var text = "cannot verify the pre-registration lock of \(status.rawValue) experiment \(id): \(what) blob \(m.blob.hex) (\(m.path) in commit \(m.commit.hex.prefix(7))), which may \(config ? "name another experiments folder" : "hold its start")"
        if repo.isPartialClone {
            text += "; fetch it with git cat-file -e \(m.blob.hex), or every version of \(config ? "the config" : "the experiments") with git log -p --format= -- \(folder) >/dev/null, and check again"
        } else {
            text += "; git fsck lists what is missing: fetch the history again from a complete copy"
        }
        return text
    }

    /// How many commits a run may walk before it brings the cache up to date.
    public static let rewriteAfter = 64

    /// One revwalk: each commit's experiments folders (every one its history's configs
    /// name) are compared with its first parent's, skipped when the tree ids are equal, and
    /// only files of experiments not yet started are parsed. The commits are read first, then
    /// their configs and folder trees, then the diffs — most of the time of a cold walk, as
    /// libgit2 1.5 resolves each version of a month folder through its delta chain anew —
    /// which `threads` handles share out in contiguous runs of commits.
    ///
    /// Returns the number of commits walked, or nil when the commits walked name a folder
    /// the cache did not read (then the caller walks everything again).
    private mutating func walk(current: String, tip: ObjectID, hiding: [ObjectID], progress: ((Int) -> Void)?) throws -> Int? {
        // Only what the walk needs is kept of each commit, not its message.
        struct Walked { let id: ObjectID; let parents: [ObjectID]; let tree: ObjectID; let time: Int64 }
        var commits: [Walked] = []
        try repo.walk(from: [tip], hiding: hiding) { c in
            commits.append(Walked(id: c.id, parents: c.parents, tree: c.tree, time: c.committer.time))
            if commits.count % 1000 == 0 { progress?(commits.count) }
            return true
        }
        // The folders to read: those known, the current one, and those the walked commits'
        // configs name. Each commit's root tree is read once for the config and the folders.
        var read = folders.union([current]).sorted()
        let configPath = TreePath.file(FFConfig.path)
        var trees: [[ObjectID?]] = []
        trees.reserveCapacity(commits.count)
        var configs: [ObjectID: Int] = [:]
        for (i, c) in commits.enumerated() {
            let ids = try repo.entryIDs([configPath] + read.map(TreePath.folder), inTree: c.tree)
            if let config = ids[0], configs[config] == nil { configs[config] = i }
            trees.append(Array(ids.dropFirst()))
        }
        var named = folders
        for (blob, i) in configs.sorted(by: { $0.value < $1.value }) {
            guard let bytes = try? repo.blobContents(blob) else {
                if !repo.hasObject(blob) { missing.append(Missing(blob: blob, path: FFConfig.path, commit: commits[i].id, id: nil, order: i)) }
                continue
            }
            if let config = try? FFConfig.parse(String(decoding: bytes, as: UTF8.self)) { named.insert(config.experiments) }
        }
        if !hiding.isEmpty && !named.subtracting(read).isEmpty { return nil }
        folders = named
        // A first walk learns of the other folders only now: their trees are read in a second pass.
        let others = named.subtracting(read).sorted()
        if !others.isEmpty {
            for (i, c) in commits.enumerated() { trees[i] += try repo.entryIDs(others.map(TreePath.folder), inTree: c.tree) }
            read += others
        }
        var index: [ObjectID: Int] = [:]
        index.reserveCapacity(commits.count)
        for (i, c) in commits.enumerated() { index[c.id] = i }
        var outside: [ObjectID: [ObjectID?]] = [:]
        var jobs: [(commit: Int, folder: Int, old: ObjectID?, new: ObjectID?)] = []
        for (i, c) in commits.enumerated() {
            var parentTrees: [ObjectID?] = Array(repeating: nil, count: read.count)
            if let p = c.parents.first {
                if let k = index[p] {
                    parentTrees = trees[k]
                } else if let known = outside[p] {
                    parentTrees = known
                } else {
                    parentTrees = try repo.entryIDs(read.map(TreePath.folder), inTree: repo.commit(p).tree)
                    outside[p] = parentTrees
                }
            }
            for f in read.indices where trees[i][f] != parentTrees[f] { jobs.append((i, f, parentTrees[f], trees[i][f])) }
        }

        let changes = try Self.diff(jobs.map { ($0.old, $0.new, read[$0.folder]) }, repo: repo)
        for (n, job) in jobs.enumerated() {
            let c = commits[job.commit]
            for f in changes[n] {
                guard let blob = f.new, ExperimentFileName.isExperimentPath(f.path, folder: read[job.folder]) else { continue }
                let nameID = ExperimentFileName.parts(f.path)?.id
                if let nameID, starts[nameID] != nil { continue }
                guard let bytes = try? repo.blobContents(blob) else {
                    if !repo.hasObject(blob) { missing.append(Missing(blob: blob, path: f.path, commit: c.id, id: nameID, order: job.commit)) }
                    continue
                }
                guard let e = try? ExperimentDocument(path: f.path, bytes: bytes).experiment else { continue }
                guard e.isStarted, starts[e.id] == nil else { continue }
                starts[e.id] = Start(id: e.id, commit: c.id, blob: blob, time: c.time, path: f.path)
                startOrder[e.id] = job.commit
            }
        }
        return commits.count
    }

    /// The changed files of each pair of trees (with the folder they are), in order.
    private static func diff(_ pairs: [(ObjectID?, ObjectID?, String)], repo: Repository) throws -> [[ChangedFile]] {
        let threads = pairs.count < 2_000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        if threads == 1 { return try pairs.map { try repo.changedFiles(from: $0.0, to: $0.1, prefix: $0.2) } }
        let results = Slots<[ChangedFile]>(count: pairs.count)
        let box = Handles(try (0..<threads).map { _ in try repo.reopened() })
        let failed = Slots<Error>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let r = box.handles[t]
            let range = (pairs.count * t / threads)..<(pairs.count * (t + 1) / threads)
            do {
                for i in range { results[i] = try r.changedFiles(from: pairs[i].0, to: pairs[i].1, prefix: pairs[i].2) }
            } catch {
                failed[t] = error
            }
        }
        for t in 0..<threads { if let e = failed[t] { throw e } }
        return (0..<pairs.count).map { results[$0]! }
    }

    /// Repository handles handed one to each thread.
    private final class Handles: @unchecked Sendable {
        let handles: [Repository]
        init(_ handles: [Repository]) { self.handles = handles }
    }

    /// Starts that moved to another commit while the old one left every branch, with
    /// different locked values: the pre-registration was rewritten.
    private mutating func findRewrites(previous: [String: Start]) throws {
        var tips: [ObjectID]?
        for (id, old) in previous {
            guard let new = starts[id], new.commit != old.commit, new.blob != old.blob,
                  repo.hasObject(old.blob), !rewrites.contains(where: { $0.id == id }) else { continue }
            guard let before = experiment(old.blob), let after = experiment(new.blob) else { continue }
            let fields = after.lockedFieldsChanged(comparedTo: before)
            guard !fields.isEmpty else { continue }
            if tips == nil { tips = try repo.branchTips().map(\.commit) }
            if tips!.contains(where: { repo.contains(old.commit, in: $0) }) { continue }
            rewrites.append(Rewrite(id: id, old: old, new: new, fields: fields))
        }
        rewrites.sort { $0.id < $1.id }
    }

    private func experiment(_ blob: ObjectID) -> Experiment? {
        guard let bytes = try? repo.blobContents(blob) else { return nil }
        return try? ExperimentDocument(path: "", bytes: bytes).experiment
    }

    /// The experiment as its start commit had it, for the lock check.
    public func baseline(_ id: String) -> PreRegistration.Baseline? {
        startFile(id).flatMap(Self.baseline)
    }

    /// The start's file, when history knows it for certain.
    public func startFile(_ id: String) -> StartFile? {
        if case let .start(f) = lookup(id) { return f }
        return nil
    }

    /// What a baseline is made of, read from the repository (on the thread that owns it) so
    /// that it can be parsed on any.
    public struct StartFile: Sendable {
        public var commit: String
        public var time: Int64
        public var bytes: [UInt8]
        public var rewritten = false
    }

    public static func baseline(_ f: StartFile) -> PreRegistration.Baseline? {
        guard let e = try? ExperimentDocument(path: "", bytes: f.bytes).experiment else { return nil }
        return PreRegistration.Baseline(experiment: e, commit: f.commit, date: Date(timeIntervalSince1970: TimeInterval(f.time)),
                                        rewritten: f.rewritten)
    }

    // MARK: Cache

    /// `ff-lock-cache 2`, `folders <f>` (tab-separated), `tip <hex>`, then one line per start
    /// (`<id> <commit> <blob> <time> <path>`, tab-separated) and one per rewrite found
    /// (`rewrite`, then the old start and the new one's commit and blob). Anything unexpected
    /// makes the whole file count as absent.
    private static func read(_ path: String) -> (tip: ObjectID, folders: Set<String>, starts: [String: Start], rewrites: [Rewrite])? {
        // On bytes: the file has a line per experiment, and every check reads it.
        guard let bytes = CacheFile.read(path) else { return nil }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }
        guard lines.count >= 3, text(lines[0]) == header, lines[1].starts(with: Array("folders ".utf8)),
              lines[2].starts(with: Array("tip ".utf8)), let tip = ObjectID(hex: text(lines[2].dropFirst(4))) else { return nil }
        let folders = Set(lines[1].dropFirst(8).split(separator: 0x09).map(text))
        func start(_ f: ArraySlice<ArraySlice<UInt8>>) -> Start? {
            let f = Array(f)
            guard f.count == 5, let commit = ObjectID(hex: text(f[1])), let blob = ObjectID(hex: text(f[2])),
                  let time = Int64(text(f[3])) else { return nil }
            return Start(id: text(f[0]), commit: commit, blob: blob, time: time, path: text(f[4]))
        }
        var starts: [String: Start] = [:]
        starts.reserveCapacity(lines.count)
        var rewrites: [Rewrite] = []
        for line in lines.dropFirst(3) where !line.isEmpty {
            if line.starts(with: Array("rewrite\t".utf8)) {
                let f = line.split(separator: 0x09, omittingEmptySubsequences: false)
                guard f.count == 9, let old = start(f[1...5]), let commit = ObjectID(hex: text(f[6])),
                      let blob = ObjectID(hex: text(f[7])) else { return nil }
                let fields = text(f[8]).split(separator: ",").compactMap { Experiment.LockedField(rawValue: String($0)) }
                rewrites.append(Rewrite(id: old.id, old: old, new: Start(id: old.id, commit: commit, blob: blob, time: 0, path: old.path), fields: fields))
                continue
            }
            guard let s = start(line.split(separator: 0x09, maxSplits: 4, omittingEmptySubsequences: false)[...]) else { return nil }
            starts[s.id] = s
        }
        return (tip, folders, starts, rewrites)
    }

    /// Best effort, written atomically: a read-only repository simply gets no cache.
    private static func write(_ path: String, folders: Set<String>, tip: ObjectID, starts: [String: Start], rewrites: [Rewrite]) {
        func line(_ s: Start) -> String { "\(s.id)\t\(s.commit.hex)\t\(s.blob.hex)\t\(s.time)\t\(s.path)" }
        var out = "\(header)\nfolders \(folders.sorted().joined(separator: "\t"))\ntip \(tip.hex)\n"
        for s in starts.values.sorted(by: { $0.id < $1.id }) { out += line(s) + "\n" }
        for r in rewrites {
            out += "rewrite\t" + line(r.old) + "\t\(r.new.commit.hex)\t\(r.new.blob.hex)\t" + r.fields.map(\.rawValue).joined(separator: ",") + "\n"
        }
        let dir = Paths.parent(path)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? AtomicFile.write(Array(out.utf8), to: path, durable: false)
    }
}
