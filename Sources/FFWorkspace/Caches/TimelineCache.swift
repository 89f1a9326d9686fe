import FFGit
import FailForward

/// The timeline of a history, kept under `.git/ff/timeline-cache` so that the next run walks
/// only the commits made since: the events up to a tip commit, and the experiments' facts
/// keyed by the blob id they were read from. Disposable: anything unexpected in it, a
/// different experiments folder, or a tip that is no longer in HEAD's history (a rewritten
/// history) and it is ignored and rebuilt.
public struct TimelineCache: Sendable {
    /// 3: review events, follow-ups titled from their files, `depth` on every event.
    public static let header = "ff-timeline-cache 3"

    var tip: ObjectID
    public var folder: String
    /// The experiments folder's tree at the tip, nil when there is none.
    var folderTree: ObjectID?
    /// Sorted.
    public var events: [TimelineEvent]
    var facts: [ObjectID: ExperimentFacts]
    /// Whether `facts` covers every experiment in `folderTree` (a run that did not need them
    /// keeps what it had, for reuse by blob id).
    public var factsComplete: Bool

    static func path(_ repo: Repository) -> String { repo.commonDir + "/ff/timeline-cache" }
    /// Where the workspace's timeline cache is.
    public static func path(for ws: Workspace) -> String { path(ws.repo) }
    /// The commit the cache was read up to.
    public var tipID: String { tip.hex }

    public static func read(_ path: String) -> TimelineCache? {
        guard let bytes = CacheFile.read(path) else { return nil }
        var pos = 0
        func next() -> ArraySlice<UInt8>? {
            guard pos < bytes.count else { return nil }
            let start = pos
            while pos < bytes.count && bytes[pos] != 0x0A { pos += 1 }
            defer { pos += 1 }
            return bytes[start..<pos]
        }
        func value(_ key: String) -> String? {
            guard let l = next() else { return nil }
            let k = Array((key + " ").utf8)
            guard l.starts(with: k) else { return nil }
            return String(decoding: l.dropFirst(k.count), as: UTF8.self)
        }
        guard let first = next(), first.elementsEqual(header.utf8), let tipHex = value("tip"), let tip = ObjectID(hex: tipHex),
              let folder = value("folder"), let treeHex = value("folder-tree"),
              let countText = value("events"), let count = Int(countText), count >= 0 else { return nil }
        let folderTree = treeHex == "-" ? nil : ObjectID(hex: treeHex)
        if treeHex != "-" && folderTree == nil { return nil }
        var events: [TimelineEvent] = []
        events.reserveCapacity(count)
        for _ in 0..<count {
            guard let l = next(), let e = TimelineEvent(cacheLine: l) else { return nil }
            events.append(e)
        }
        guard let factsText = value("facts"), let space = factsText.firstIndex(of: " "),
              let factCount = Int(factsText[..<space]) else { return nil }
        let factsComplete = factsText[factsText.index(after: space)...] == "complete"
        var facts: [ObjectID: ExperimentFacts] = [:]
        facts.reserveCapacity(factCount)
        for _ in 0..<factCount {
            guard let l = next(), l.count > 41, let key = ObjectID(hex: String(decoding: l.prefix(40), as: UTF8.self)),
                  let f = ExperimentFacts(cacheLine: l.dropFirst(41)) else { return nil }
            facts[key] = f
        }
        return TimelineCache(tip: tip, folder: folder, folderTree: folderTree, events: events, facts: facts, factsComplete: factsComplete)
    }

    /// Best effort: a read-only repository simply gets no cache. Written in pieces.
    public func write(_ path: String) {
        let dir = Paths.parent(path)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let file = try? AtomicFile(path, durable: false) else { return }
        var out = Array((TimelineCache.header + "\n").utf8)
        out.reserveCapacity(1 << 20 + 4096)
        func flush(_ force: Bool = false) {
            if force || out.count > 1 << 20 {
                file.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += "tip \(tip.hex)\nfolder \(folder)\nfolder-tree \(folderTree?.hex ?? "-")\nevents \(events.count)\n".utf8
        for e in events {
            e.appendCacheLine(to: &out)
            out.append(0x0A)
            flush()
        }
        out += "facts \(facts.count) \(factsComplete ? "complete" : "partial")\n".utf8
        for (key, f) in facts.sorted(by: { $0.key < $1.key }) {
            out += key.hex.utf8
            out.append(0x09)
            f.appendCacheLine(to: &out)
            out.append(0x0A)
            flush()
        }
        flush(true)
        try? file.commit()
    }
}
