import FFGit
import FailForward
import Foundation

/// Summaries of every experiment for `ff list`, parsing only what changed. A file is taken
/// as unchanged only when git's index says so (same stat data as when it was staged, as
/// `git status` decides); its summary then comes from a disposable cache under `.git/ff/`,
/// keyed by blob id. Anything else is read and parsed, on all cores.
enum SummaryCache {
    static let header = "ff-list-cache 1"

    static func load(_ ws: Workspace) -> (entries: [(path: String, summary: ExperimentSummary)], problems: [FileError]) {
        let cachePath = ws.repo.commonDir + "/ff/list-cache"
        let files = ws.store.filesWithStat()
        let (indexEntries, written) = (try? ws.repo.indexEntries(under: ws.store.folder + "/")) ?? ([], timespec())
        var byPath: [String: IndexEntry] = [:]
        byPath.reserveCapacity(indexEntries.count)
        for e in indexEntries { byPath[e.path] = e }

        var cache = read(cachePath)
        var keys = [String?](repeating: nil, count: files.count)
        var results = [ExperimentSummary?](repeating: nil, count: files.count)
        var misses: [Int] = []
        for (i, f) in files.enumerated() {
            if let entry = byPath[f.path], entry.matches(f.stat, indexWrittenAt: written) {
                let key = entry.id.hex
                keys[i] = key
                if let line = cache.lines[key], let summary = ExperimentSummary(cacheLine: line) {
                    results[i] = summary
                    continue
                }
            }
            misses.append(i)
        }

        // Parse the misses in parallel; each slot is written by exactly one worker.
        let parsed = Slots<Result<(String, ExperimentSummary), FileError>>(count: misses.count)
        let store = ws.store
        let toParse = misses.map { (files[$0].path, keys[$0]) }
        DispatchQueue.concurrentPerform(iterations: toParse.count) { n in
            let (rel, known) = toParse[n]
            do {
                let bytes = try store.read(rel)
                let doc = try ExperimentDocument(path: rel, bytes: bytes)
                let key = try known ?? Repository.blobID(of: bytes).hex
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
                cache.lines[key] = Substring(summary.cacheLine)
                changed = true
            case let .failure(e):
                problems.append(e)
            }
        }
        // Keep only what this tree uses, so the cache never grows without bound.
        let used = Set(keys.compactMap { $0 })
        if changed || cache.lines.count != used.count {
            write(cachePath, cache.lines.filter { used.contains($0.key) })
        }
        let entries = zip(files, results).compactMap { f, s in s.map { (f.path, $0) } }
        return (entries, problems)
    }

    private struct Contents {
        var lines: [String: Substring] = [:]
    }

    private static func read(_ path: String) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { return Contents() }
        let text = String(decoding: data, as: UTF8.self)
        var c = Contents()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.first == Substring(header) else { return c }
        lines = lines.dropFirst()
        c.lines.reserveCapacity(lines.count)
        for line in lines where line.utf8.count > 41 {
            c.lines[String(line.prefix(40))] = line.dropFirst(41)
        }
        return c
    }

    /// Best effort: a read-only repository simply gets no cache.
    private static func write(_ path: String, _ lines: [String: Substring]) {
        var out = header + "\n"
        for (key, line) in lines.sorted(by: { $0.key < $1.key }) {
            out += key
            out += "\t"
            out += line
            out += "\n"
        }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(out.utf8)) else { return }
        if rename(tmp, path) != 0 { unlink(tmp) }
    }
}

/// Fixed slots written concurrently, one writer per slot.
final class Slots<T>: @unchecked Sendable {
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { storage.withUnsafeBufferPointer { $0[i] } }
        set { storage.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
}
