import FFGit
import FailForward

/// Reads the timeline out of the repository: one walk of HEAD's history in process, the
/// files read only for commits ff did not make, and the cache under `.git/ff/` so that a
/// repeated run walks only the new commits. On a cold run the walk, the reading of the
/// experiments as they stand at HEAD (when the caller wants them) and, after the walk, the
/// commits whose files must be read run side by side; the cache is written while the caller
/// prints.
public enum TimelineHistory {
    /// HEAD's timeline; with `facts`, also the experiments as they stand at HEAD (plans and
    /// debriefs, for stats, the digest and the HTML page). `useCache: false` walks everything
    /// and leaves the cache alone.
    public static func load(_ ws: Workspace, facts wantFacts: Bool, useCache: Bool = true) throws -> Timeline {
        let repo = ws.repo
        let folder = ws.config.experiments
        guard let head = try repo.head().id else {
            return Timeline(events: [], experiments: wantFacts ? [] : nil, head: nil)
        }
        let shallow = repo.isShallow ? try shallowInfo(repo) : nil
        // A shallow clone's history can deepen under the same tip: never cached.
        let cachePath = TimelineCache.path(repo)
        var cache = useCache && shallow == nil ? TimelineCache.read(cachePath) : nil
        if let c = cache {
            // A tip gone from the object database is a rewritten history too.
            let valid = c.folder == folder && (try? repo.isDescendant(head, of: c.tip)) == true
            if !valid { cache = nil }
        }
        let headFolder = try cache?.tip == head ? cache!.folderTree : repo.entryID(at: folder, inTree: repo.commit(head).tree)
        // Facts the cache has for exactly this tree are complete; others are reused by blob id.
        let cachedFacts: [ObjectID: ExperimentFacts]? = cache.flatMap { c in c.factsComplete && c.folderTree == headFolder ? c.facts : nil }
        if let c = cache, c.tip == head, !wantFacts || cachedFacts != nil {
            return Timeline(events: c.events, experiments: wantFacts ? Array(c.facts.values) : nil, head: head.hex, sorted: true)
        }

        // The experiments as they stand at HEAD, read on a second thread while this one walks.
        let factsJob = Box<Result<[ObjectID: ExperimentFacts], Error>>()
        let group = DispatchGroup()
        if let cachedFacts {
            factsJob.value = .success(cachedFacts)
        } else if wantFacts {
            let root = ws.root, location = repo.location, known = cache?.facts ?? [:]
            DispatchQueue.global().async(group: group) {
                factsJob.value = Result { try readFacts(location, root: root, folder: folder, tree: headFolder, known: known) }
            }
        }

        var events = cache?.tip == head ? cache!.events : []
        var missing = 0
        if cache?.tip != head {
            let progress = Progress(ws.delegate)
            let walked = try walk(repo, folder: folder, hiding: cache.map { [$0.tip] } ?? [], progress: progress)
            progress.done()
            let cached = cache?.events ?? []
            var all = cached + walked.events
            placeSameSecond(&all, from: cached.count, repo)
            events = sortedEvents(all)
            missing = walked.missing
        }
        group.wait()
        let facts = try factsJob.value?.get()
        // Nothing read past a missing object (a partial clone) is kept: the next run reads it
        // again, and gets it right once the objects are fetched.
        if useCache && shallow == nil && missing == 0 {
            let written = TimelineCache(tip: head, folder: folder, folderTree: headFolder, events: events,
                                        facts: facts ?? [:], factsComplete: facts != nil)
            DispatchQueue.global().async(group: writes) { written.write(cachePath) }
        }
        var t = Timeline(events: events, experiments: facts.map { Array($0.values) }, head: head.hex, shallow: shallow, sorted: true)
        t.missingObjects = missing
        t.folder = folder
        return t
    }

    /// Cache writes still running; `finishWrites()` waits for them.
    private static let writes = DispatchGroup()

    /// Waits for the cache to be written (commands call it before they return).
    public static func finishWrites() {
        writes.wait()
    }

    /// The most commits of one second whose ancestry is measured; past it (a scripted import
    /// in one second) they keep lifecycle order, as a pairwise measure would cost too much.
    public static let sameSecondLimit = 64

    /// Sets `depth` on the events from `first` on: how many of the other commits with events
    /// at the same second are its commit's ancestors, so that within a second history order
    /// decides (a parent's events first), whatever the walk's order. Events before `first`
    /// (the cache's) keep theirs: commits walked later are never their ancestors.
    static func placeSameSecond(_ events: inout [TimelineEvent], from first: Int, _ repo: Repository) {
        guard first < events.count else { return }
        // Only the seconds the new events fall in: an incremental run hashes little else.
        let seconds = Set(events[first...].map(\.time))
        var commits: [Date: Set<String>] = [:]
        for e in events where seconds.contains(e.time) { commits[e.time, default: []].insert(e.commit) }
        struct Key: Hashable { let commit: String, time: Date }
        var known: [Key: Int] = [:]
        for i in first..<events.count {
            let e = events[i]
            guard let group = commits[e.time], group.count > 1, group.count <= sameSecondLimit else { continue }
            let key = Key(commit: e.commit, time: e.time)
            if let d = known[key] {
                events[i].depth = d
                continue
            }
            guard let id = ObjectID(hex: e.commit) else { continue }
            let d = group.reduce(0) { n, other in
                guard other != e.commit, let o = ObjectID(hex: other), (try? repo.isDescendant(id, of: o)) == true else { return n }
                return n + 1
            }
            known[key] = d
            events[i].depth = d
        }
    }

    /// Sorted by `TimelineEvent.precedes`, through an index so that the large values stay put.
    public static func sortedEvents(_ events: [TimelineEvent]) -> [TimelineEvent] {
        let order = events.indices.sorted { TimelineEvent.precedes(events[$0], events[$1]) }
        return order.map { events[$0] }
    }

    /// The timeline of the commits in `range` (`A..B`: reachable from B, not from A), with the
    /// experiments as they stand at B. Walked afresh: ranges are short.
    public static func load(_ ws: Workspace, range: String) throws -> Timeline {
        let repo = ws.repo
        let folder = ws.config.experiments
        let parts = range.pieces(separatedBy: "..")
        guard parts.count == 2, !range.contains("...") else {
            throw WorkspaceError.usage("'\(SafeText.line(range))' is not a revision range: give A..B (the commits in B that are not in A)")
        }
        func resolve(_ rev: String) throws -> ObjectID {
            do {
                return try repo.resolve(rev.isEmpty ? "HEAD" : rev)
            } catch {
                throw WorkspaceError.usage("'\(SafeText.line(rev))' does not name a commit")
            }
        }
        let from = try resolve(parts[0]), to = try resolve(parts[1])
        let walked = try walk(repo, folder: folder, from: to, hiding: [from], progress: Progress(ws.delegate))
        var walkedEvents = walked.events
        placeSameSecond(&walkedEvents, from: 0, repo)
        let events = sortedEvents(walkedEvents)
        let ids = Set(events.map(\.experiment))
        let tree = try repo.entryID(at: folder, inTree: repo.commit(to).tree)
        let facts = try readFacts(repo.location, root: ws.root, folder: folder, tree: tree, known: [:]) { path in
            FileChange.id(fromPath: path).map(ids.contains) ?? true
        }
        let shallow = repo.isShallow ? try shallowInfo(repo) : nil
        var t = Timeline(events: events, experiments: facts.values.filter { ids.contains($0.id) }, head: to.hex,
                         shallow: shallow, sorted: true)
        t.missingObjects = walked.missing
        t.folder = folder
        return t
    }

    /// The events of a walk, and how many versions of files it needed that are not here.
    public struct Walked {
        public var events: [TimelineEvent] = []
        public var missing = 0

        public static func + (a: Walked, b: Walked) -> Walked { Walked(events: a.events + b.events, missing: a.missing + b.missing) }
    }

    /// Walks the history and derives the events of every commit that changed the folder. The
    /// walk only reads; the commits it finds are handed to a second thread with its own
    /// repository handle, which derives their events — reading the files of those that need
    /// it (made by hand, merges, squashes) — and the walk's thread helps with what is left when
    /// it is done. Each commit's events depend on nothing but the commit and its own files,
    /// and their order is set by sorting anyway.
    private static func walk(_ repo: Repository, folder: String, from tip: ObjectID? = nil, hiding: [ObjectID],
                             progress: Progress) throws -> Walked {
        let queue = FileQueue()
        let location = repo.location
        let helper = Box<Result<Walked, Error>>()
        let group = DispatchGroup()
        let texts = LockedTexts()
        DispatchQueue.global().async(group: group) {
            helper.value = Result { try derive(queue, location, folder: folder, texts: texts, wait: true) }
        }
        do {
            try repo.folderHistory(folder, from: tip, hiding: hiding, progress: progress.update) { queue.push($0) }
        } catch {
            queue.close()
            group.wait()
            throw error
        }
        queue.close()
        let mine = Result { try derive(queue, location, folder: folder, texts: texts, wait: false) }
        group.wait()
        return try mine.get() + helper.value!.get()
    }

    /// Derives the events of the queued commits, reading the files of those that need it,
    /// until the queue is closed and empty (or, without `wait`, just empty). A commit ff made
    /// is read from its trailers, checked against its files where they claim a state and where
    /// a file's locked text changed (`TimelineDerivation.needs`); one they do not match is read
    /// from its files, as a commit made by hand.
    private static func derive(_ queue: FileQueue, _ location: Repository.Location, folder: String, texts: LockedTexts,
                               wait: Bool) throws -> Walked {
        var out = Walked()
        var repo: Repository?
        var parsed = ParseCache(texts: texts)
        while let change = queue.take(wait: wait) {
            let c = change.commit
            let reading = TimelineDerivation.read(message: c.message, isMerge: c.isMerge)
            let r = try repo ?? Repository.open(location)
            repo = r
            let changed = try r.changedFiles(from: change.oldFolder, to: change.newFolder, prefix: folder)
                .filter { ExperimentFileName.isExperimentPath($0.path, folder: folder) }
            parsed.startCommit()
            if !change.isShallowBoundary && !reading.needsFiles,
               let events = checked(change, reading, changed, r, &parsed, missing: &out.missing) {
                out.events += events
                continue
            }
            let missingBefore = out.missing
            let files = changed.map { f in
                let old = parsed.experiment(f.old, path: f.path, r, missing: &out.missing)
                let new = parsed.experiment(f.new, path: f.path, r, missing: &out.missing)
                return FileChange(path: f.path, old: old.experiment, new: new.experiment,
                                  oldUnreadable: old.unreadable, newUnreadable: new.unreadable)
            }
            // An ff commit read from its files (a conclusion with its follow-up) whose versions
            // this clone lacks is shown as its trailers say, unchecked, as any other ff commit.
            let unread = out.missing > missingBefore && reading.trusted && !c.isMerge && !change.isShallowBoundary
            out.events += TimelineDerivation.events(for: history(change, files: unread ? nil : files), reading: reading)
        }
        return out
    }

    /// The events of a commit read from its trailers, once its files are checked against
    /// them; nil when they do not hold what the trailers say. Where a version this clone
    /// lacks is needed, the trailers are taken as they are, and the version counted missing.
    private static func checked(_ change: FolderChange, _ reading: TimelineDerivation.Reading, _ changed: [ChangedFile],
                                _ repo: Repository, _ parsed: inout ParseCache, missing: inout Int) -> [TimelineEvent]? {
        guard let needs = TimelineDerivation.needs(reading, changed: changed.map { ($0.path, $0.old != nil, $0.new != nil) }) else {
            return nil
        }
        let unchecked = { TimelineDerivation.events(for: history(change, files: nil), reading: reading) }
        var files: [TimelineDerivation.Checked] = []
        for (f, need) in zip(changed, needs) {
            var item = TimelineDerivation.Checked(path: f.path, oldExists: f.old != nil)
            guard need.state || need.locked else { continue }
            // Each side's locked text and state, read without a parse where the layout allows.
            var sides: [LockedText?] = []
            for blob in [f.old, f.new] {
                guard let blob else { sides.append(nil); continue }
                guard let text = parsed.lockedText(blob, repo) else {
                    missing += 1
                    return unchecked()
                }
                sides.append(text)
            }
            let (a, b) = (sides[0], sides[1])
            var parse = false
            // Nothing is locked before the start: a draft's changes (ff start's own) need no parse.
            if need.locked && (a == nil || b == nil || a != b) && a?.state?.status != .draft {
                item.lockedTextDiffers = true
                parse = true
            }
            if need.state {
                item.oldState = a?.state
                item.newState = b?.state
                if (f.old != nil && a?.state == nil) || (f.new != nil && b?.state == nil) { parse = true }
            }
            if parse {
                var lacking = 0
                item.old = parsed.experiment(f.old, path: f.path, repo, missing: &lacking).experiment
                item.new = parsed.experiment(f.new, path: f.path, repo, missing: &lacking).experiment
                if lacking > 0 {
                    missing += lacking
                    return unchecked()
                }
                if item.oldState == nil { item.oldState = item.old.map(FileState.init) }
                if item.newState == nil { item.newState = item.new.map(FileState.init) }
            }
            files.append(item)
        }
        return TimelineDerivation.events(for: history(change, files: nil), reading: reading, checked: files)
    }

    /// Commits waiting for their events, shared by the walk and its helper. Taken items are
    /// released, so the queue holds only what is not yet derived.
    private final class FileQueue: @unchecked Sendable {
        private let lock = Lock()
        private var items: [FolderChange?] = []
        private var next = 0
        private var closed = false
        private let available = DispatchSemaphore(value: 0)

        func push(_ item: FolderChange) {
            lock.lock()
            items.append(item)
            lock.unlock()
            available.signal()
        }

        public func close() {
            lock.lock()
            closed = true
            lock.unlock()
            available.signal()
        }

        func take(wait: Bool) -> FolderChange? {
            while true {
                lock.lock()
                if next < items.count {
                    let item = items[next]
                    items[next] = nil
                    next += 1
                    lock.unlock()
                    return item
                }
                let done = closed || !wait
                lock.unlock()
                if done {
                    // Let another waiter see the end too.
                    available.signal()
                    return nil
                }
                available.wait()
            }
        }
    }

    private static func history(_ change: FolderChange, files: [FileChange]?) -> HistoryCommit {
        let c = change.commit
        return HistoryCommit(id: c.id.hex, author: c.author.person, time: c.author.date, message: c.message,
                             isMerge: c.isMerge, files: files, isShallowBoundary: change.isShallowBoundary)
    }

    /// Experiments parsed from blobs and the text of their locked fields, remembered for a
    /// while: a change's new side is often the old side of the next one.
    private struct ParseCache {
        var parsed: [ObjectID: Experiment?] = [:]
        /// Shared by the threads that derive: a file's version is most often the old side of
        /// the next commit to change it, which the other thread may take.
        public let texts: LockedTexts
        /// The bytes read for the commit at hand, which may need a blob twice.
        var bytes: [ObjectID: [UInt8]] = [:]

        public mutating func startCommit() {
            bytes.removeAll(keepingCapacity: true)
        }

        /// The blob's bytes; nil when this clone does not have it, none when it cannot be
        /// read (then it does not parse either).
        private mutating func read(_ blob: ObjectID, _ repo: Repository) -> [UInt8]? {
            if let hit = bytes[blob] { return hit }
            guard let b = try? repo.blobContents(blob) else { return repo.hasObject(blob) ? [] : nil }
            bytes[blob] = b
            return b
        }

        mutating func experiment(_ blob: ObjectID?, path: String, _ repo: Repository, missing: inout Int) -> (experiment: Experiment?, unreadable: Bool) {
            guard let blob else { return (nil, false) }
            if let hit = parsed[blob] { return (hit, hit == nil) }
            guard let data = read(blob, repo) else {
                missing += 1
                return (nil, true)
            }
            let e = try? ExperimentDocument(path: path, bytes: data).experiment
            if parsed.count > 4096 { parsed.removeAll(keepingCapacity: true) }
            parsed[blob] = e
            return (e, e == nil)
        }

        /// The locked fields' text (nil inside when the file's layout needs a parse), or nil
        /// when this clone does not have the blob.
        mutating func lockedText(_ blob: ObjectID, _ repo: Repository) -> LockedText?? {
            if let hit = texts[blob] { return .some(hit) }
            guard let data = read(blob, repo) else { return nil }
            let t = LockedText(data)
            texts[blob] = t
            return .some(t)
        }
    }

    /// The locked text of the versions read lately, by blob id, for all the deriving threads.
    private final class LockedTexts: @unchecked Sendable {
        private let lock = Lock()
        private var texts: [ObjectID: LockedText?] = [:]

        subscript(blob: ObjectID) -> LockedText?? {
            get {
                lock.lock()
                defer { lock.unlock() }
                return texts[blob]
            }
            set {
                lock.lock()
                defer { lock.unlock() }
                if texts.count > 8192 { texts.removeAll(keepingCapacity: true) }
                texts[blob] = newValue ?? nil
            }
        }
    }

    /// The facts of every experiment file in `tree`, reusing those known by blob id; on the
    /// calling thread, with a repository handle of its own (libgit2 handles are not shared).
    /// A file the index says is unchanged in the working tree, with the same blob id, is read
    /// from there: a plain read costs far less than rebuilding a blob from its deltas.
    static func readFacts(_ location: Repository.Location, root: String, folder: String, tree: ObjectID?, known: [ObjectID: ExperimentFacts],
                          wanted: (String) -> Bool = { _ in true }) throws -> [ObjectID: ExperimentFacts] {
        guard let tree else { return [:] }
        let repo = try Repository.open(location)
        let (entries, written) = (try? repo.indexEntries(under: folder + "/")) ?? ([], timespec())
        var index: [String: IndexEntry] = [:]
        index.reserveCapacity(entries.count)
        for e in entries { index[e.path] = e }
        let store = ExperimentStore(root: root, folder: folder)
        var out: [ObjectID: ExperimentFacts] = [:]
        for f in try repo.files(inTree: tree, prefix: folder) where ExperimentFileName.isExperimentPath(f.path, folder: folder) && wanted(f.path) {
            guard let blob = f.new else { continue }
            if var hit = known[blob] {
                hit.path = f.path
                out[blob] = hit
                continue
            }
            var bytes: [UInt8]?
            if let e = index[f.path], e.id == blob {
                var st = stat()
                if lstat(store.absolute(f.path), &st) == 0, e.matches(st, indexWrittenAt: written) {
                    bytes = try? store.read(f.path)
                }
            }
            let data = try bytes ?? repo.blobContents(blob)
            guard let e = try? ExperimentDocument(path: f.path, bytes: data).experiment else { continue }
            out[blob] = ExperimentFacts(e, path: f.path)
        }
        return out
    }

    static func shallowInfo(_ repo: Repository) throws -> Timeline.Shallow {
        let boundaries = repo.shallowBoundaries().sorted()
        let times = boundaries.compactMap { try? repo.commit($0).author.date }
        return Timeline.Shallow(boundaries: boundaries.map(\.hex), since: times.min())
    }

    /// Where another thread leaves its result.
    private final class Box<T>: @unchecked Sendable {
        public var value: T?
    }
}

/// Progress of a long walk, to the delegate when it wants it, at most ten times a second,
/// and `.done` when it has finished.
public final class Progress {
    private let delegate: WorkspaceDelegate
    private let enabled: Bool
    private var last = Date.distantPast
    private var shown = false

    public init(_ delegate: WorkspaceDelegate) {
        self.delegate = delegate
        enabled = delegate.wantsProgress
    }

    public func update(_ commits: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        shown = true
        delegate.progress(.history(commits: commits))
    }

    public func done() {
        if shown { delegate.progress(.done) }
        shown = false
    }
}


