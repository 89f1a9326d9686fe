import FFGit
import FailForward

/// Summaries of every experiment for `ff list`, parsing only what changed. A file is taken
/// as unchanged only when git's index says so (same stat data as when it was staged, as
/// `git status` decides); its summary then comes from a disposable cache under `.git/ff/`,
/// keyed by blob id. Anything else is read and parsed, on all cores.
public enum SummaryCache {
    // 2: the JSON has `reviews`.
    public static let header = "ff-list-cache 2"

    public static func load(_ ws: Workspace) -> (entries: [(path: String, summary: ExperimentSummary)], problems: [FileError]) {
        let cachePath = ws.repo.commonDir + "/ff/list-cache"
        let files = ws.store.filesWithStat()
        let (indexEntries, written) = (try? ws.repo.indexEntries(under: ws.store.folder + "/")) ?? ([], timespec())
        var byPath: [String: IndexEntry] = [:]
        byPath.reserveCapacity(indexEntries.count)
        for e in indexEntries { byPath[e.path] = e }

        var cache = read(cachePath)
        var keys = [ObjectID?](repeating: nil, count: files.count)
        var results = [ExperimentSummary?](repeating: nil, count: files.count)
        var misses: [Int] = []
        for (i, f) in files.enumerated() {
            if let entry = byPath[f.path], entry.matches(f.stat, indexWrittenAt: written) {
                let key = entry.id
                keys[i] = key
                if let range = cache.lines[key], let summary = ExperimentSummary(cacheLine: cache.bytes[range]) {
                    results[i] = summary
                    continue
                }
            }
            misses.append(i)
        }

        // Parse the misses in parallel; each slot is written by exactly one worker.
        let parsed = Slots<Result<(ObjectID, ExperimentSummary), FileError>>(count: misses.count)
        let store = ws.store
        let toParse = misses.map { (files[$0].path, keys[$0]) }
        DispatchQueue.concurrentPerform(iterations: toParse.count) { n in
            let (rel, known) = toParse[n]
            do {
                let bytes = try store.read(rel)
                let doc = try ExperimentDocument(path: rel, bytes: bytes)
                let key = try known ?? Repository.blobID(of: bytes)
                parsed[n] = .success((key, ExperimentSummary(doc.experiment)))
            } catch let e as FileError {
                parsed[n] = .failure(e)
            } catch {
                parsed[n] = .failure(FileError(path: rel, message: String(describing: error)))
            }
        }
        var problems: [FileError] = []
        var changed = false
        for (n, i) in misses.enumerated() {
            switch parsed[n]! {
            case let .success((key, summary)):
                results[i] = summary
                keys[i] = key
                cache.add(key, summary.cacheLine)
                changed = true
            case let .failure(e):
                // Other YAML in the folder is not an experiment, nor a problem.
                if !e.notAnExperiment { problems.append(e) }
            }
        }
        // Keep only what this tree uses, so the cache never grows without bound.
        let used = Set(keys.compactMap { $0 })
        if changed || cache.lines.count != used.count {
            write(cachePath, cache, keeping: used)
        }
        let entries = zip(files, results).compactMap { f, s in s.map { (f.path, $0) } }
        return (entries, problems)
    }

    /// The cache file's bytes, and where each key's line is in them.
    private struct Contents {
        public var bytes: [UInt8] = []
        var lines: [ObjectID: Range<Int>] = [:]

        mutating func add(_ key: ObjectID, _ line: String) {
            let start = bytes.count
            bytes.append(contentsOf: line.utf8)
            lines[key] = start..<bytes.count
        }
    }

    /// Lines are `<40-hex blob id>\t<summary line>`; anything else invalidates the file.
    private static func read(_ path: String) -> Contents {
        var c = Contents()
        guard let data = CacheFile.read(path) else { return c }
        c.bytes = data
        let head = Array(header.utf8) + [0x0A]
        guard c.bytes.starts(with: head) else { return Contents() }
        var i = head.count
        let n = c.bytes.count
        c.bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            while i < n {
                // memchr finds line ends many times faster than a byte loop.
                let j = memchr(base + i, 0x0A, n - i).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                if j - i > 41 && b[i + 40] == 0x09, let key = ObjectID(hexBytes: UnsafeBufferPointer(rebasing: b[i..<(i + 40)])) {
                    c.lines[key] = (i + 41)..<j
                }
                i = j + 1
            }
        }
        return c
    }

    /// Best effort: a read-only repository simply gets no cache.
    private static func write(_ path: String, _ cache: Contents, keeping used: Set<ObjectID>) {
        var out = Array((header + "\n").utf8)
        out.reserveCapacity(cache.bytes.count + 64)
        for (key, range) in cache.lines.sorted(by: { $0.key < $1.key }) where used.contains(key) {
            out.append(contentsOf: key.hex.utf8)
            out.append(0x09)
            out.append(contentsOf: cache.bytes[range])
            out.append(0x0A)
        }
        let dir = Paths.parent(path)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? AtomicFile.write(out, to: path, durable: false)
    }
}
