import FailForward

/// The experiment files of a working tree: finding, reading, resolving references, and
/// writing atomically. Never follows a symbolic link, for reading or for writing.
public final class ExperimentStore: Sendable {
    /// The working tree, absolute, without a trailing slash.
    public let root: String
    /// The experiments folder, relative to `root`.
    public let folder: String

    public init(root: String, folder: String) {
        self.root = root
        self.folder = folder
    }

    public func absolute(_ rel: String) -> String { root + "/" + rel }

    /// Every `*.yaml` / `*.yml` file at any depth under the experiments folder, sorted,
    /// skipping dot-files (ff's temporaries among them) and symbolic links.
    public func files() -> [String] {
        var out: [String] = []
        walk(folder) { dir, name in out.append(dir + "/" + String(decoding: name, as: UTF8.self)) }
        return out.sorted()
    }

    /// Every experiment file with its `lstat`, for comparing with the index's stat data, in
    /// directory order (callers sort what they show).
    public func filesWithStat() -> [(path: String, stat: stat)] {
        var out: [(path: String, stat: stat)] = []
        walk(folder) { dir, name, dirFD in
            var st = stat()
            guard let base = name.baseAddress else { return }
            // The name is NUL-terminated in readdir's buffer: stat it relative to its folder.
            let ok = base.withMemoryRebound(to: CChar.self, capacity: name.count + 1) {
                fstatat(dirFD, $0, &st, AT_SYMLINK_NOFOLLOW) == 0
            }
            guard ok, (st.st_mode & S_IFMT) == S_IFREG else { return }
            out.append((dir + "/" + String(decoding: name, as: UTF8.self), st))
        }
        return out
    }

    /// Calls `visit` with the folder and the name's bytes of every experiment file, so that a
    /// caller looking for a few files builds no string for the thousands of others.
    public func walk(_ rel: String, _ visit: (String, UnsafeBufferPointer<UInt8>) -> Void) {
        walk(rel) { dir, name, _ in visit(dir, name) }
    }

    /// `walk` that also hands over the open folder's descriptor, for `fstatat`.
    public func walk(_ rel: String, _ visit: (String, UnsafeBufferPointer<UInt8>, Int32) -> Void) {
        guard let dir = opendir(absolute(rel)) else { return }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        while let entry = readdir(dir) {
            var type = entry.pointee.d_type
            let handled: Bool = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                let name = UnsafeBufferPointer(rebasing: bytes[0..<length])
                if name.first == 0x2E { return true } // dot-files: ff's temporaries, editors' swap files
                if type == UInt8(DT_UNKNOWN) {
                    var st = stat()
                    guard lstat(absolute(rel + "/" + String(decoding: name, as: UTF8.self)), &st) == 0 else { return true }
                    let fmt = st.st_mode & S_IFMT
                    type = fmt == S_IFDIR ? UInt8(DT_DIR) : fmt == S_IFREG ? UInt8(DT_REG) : UInt8(DT_LNK)
                }
                guard type == UInt8(DT_REG) else { return false }
                if ExperimentFileName.isExperimentName(name) {
                    visit(rel, name, fd)
                }
                return true
            }
            if !handled && type == UInt8(DT_DIR) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                walk(rel + "/" + name, visit)
            }
        }
    }

    public func read(_ rel: String) throws -> [UInt8] {
        try refuseLinks(rel)
        let fd = open(absolute(rel), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw WorkspaceError.io("\(rel): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        let expected = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        if expected > ExperimentDocument.maximumSize { throw ExperimentDocument.tooLarge(path: rel, size: expected) }
        // Sized from fstat, one more byte than the limit at most: a bigger file is refused.
        let capacity = min(max(expected, 0), ExperimentDocument.maximumSize) + 1
        var out = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while count < capacity {
            let n = out.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + count, capacity - count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw WorkspaceError.io("\(rel): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        out.removeSubrange(count...)
        return out
    }

    public func load(_ rel: String) throws -> ExperimentDocument {
        try ExperimentDocument(path: rel, bytes: read(rel))
    }

    /// Reads every experiment, parsing on all cores, in the order of `files()`; files that
    /// don't parse are returned as problems, not thrown, and other YAML in the folder (no
    /// `ff:` and `id:`) is skipped without a word.
    public func loadAll() -> (experiments: [StoredExperiment], problems: [FileError]) {
        let paths = files()
        // Each slot is written by exactly one worker.
        let parsed = Slots<Result<StoredExperiment, FileError>>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { n in
            let rel = paths[n]
            do {
                parsed[n] = .success(StoredExperiment(experiment: try load(rel).experiment, path: rel))
            } catch let e as FileError {
                parsed[n] = .failure(e)
            } catch {
                parsed[n] = .failure(FileError(path: rel, message: String(describing: error)))
            }
        }
        var good: [StoredExperiment] = []
        var bad: [FileError] = []
        for n in paths.indices {
            switch parsed[n] {
            case let .success(stored)?: good.append(stored)
            case let .failure(e)?: if !e.notAnExperiment { bad.append(e) }
            case nil: continue
            }
        }
        return (good, bad)
    }

    /// Where a new experiment's file goes: `<folder>/<YYYY-MM>/<id>-<slug>.yaml`.
    public func newPath(for e: Experiment, created: Date) -> String {
        "\(folder)/\(Timestamp.month(created))/\(ExperimentFileName.name(id: e.id, title: e.title))"
    }

    // MARK: References

    /// Resolves an id prefix (at least 4 characters), a slug, or a file path to one file.
    public func resolve(_ ref: String, cwd: String) throws -> String {
        let ref = ref.trimmed()
        if ref.contains("/") || ExperimentFileName.hasYAMLExtension(ref.utf8) {
            let abs = ref.hasPrefix("/") ? ref : Paths.join(cwd, ref)
            let standard = Paths.standardize(abs)
            let rootStandard = Paths.standardize(root)
            guard standard.hasPrefix(rootStandard + "/") else { throw WorkspaceError.notAnExperimentPath(ref) }
            let rel = String(standard.dropFirst(rootStandard.count + 1))
            guard rel.hasPrefix(folder + "/"), files().contains(rel) else {
                var st = stat()
                if lstat(absolute(rel), &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK { throw WorkspaceError.unsafePath(rel) }
                throw WorkspaceError.notAnExperimentPath(ref)
            }
            return rel
        }
        // Slugs are NFC: a reference typed in another normal form names the same file.
        let key = ref.lowercased().nfc
        let keyBytes = Array(key.utf8)
        let idLike = keyBytes.count >= ExperimentID.minimumPrefix && keyBytes.count <= ExperimentID.length
            && keyBytes.allSatisfy(ExperimentID.isIDByte)
        var byID: [(String, String)] = [] // (id, path)
        var bySlug: [(String, String)] = []
        var irregular: [String] = []
        var shortMatch = false
        walk(folder) { dir, name in
            let length = ExperimentID.length
            let regular = name.count > length && name.prefix(length).allSatisfy(ExperimentID.isIDByte)
                && (name[length] == 0x2D || name[length] == 0x2E)
            guard regular else {
                irregular.append(dir + "/" + String(decoding: name, as: UTF8.self))
                return
            }
            if idLike && name.starts(with: keyBytes) {
                byID.append((String(decoding: name.prefix(length), as: UTF8.self), dir + "/" + String(decoding: name, as: UTF8.self)))
            } else if !keyBytes.isEmpty && keyBytes.count < ExperimentID.minimumPrefix && name.starts(with: keyBytes) {
                shortMatch = true
            }
            if name[length] == 0x2D {
                let extLength = name[name.count - 4] == 0x2E ? 4 : 5 // .yml / .yaml
                let slug = name[(length + 1)..<(name.count - extLength)]
                if slug.elementsEqual(keyBytes) {
                    bySlug.append((String(decoding: name.prefix(length), as: UTF8.self), dir + "/" + String(decoding: name, as: UTF8.self)))
                }
            }
        }
        // Files named by hand: their id and title say who they are.
        for rel in irregular.sorted() {
            guard let e = try? load(rel).experiment else { continue }
            if e.id == key || (idLike && e.id.hasPrefix(key)) { byID.append((e.id, rel)) }
            if Slug.make(from: e.title) == key { bySlug.append((e.id, rel)) }
        }
        if let exact = byID.first(where: { $0.0 == key }), byID.filter({ $0.0 == key }).count == 1 { return exact.1 }
        let matches = byID.isEmpty ? bySlug : byID
        if matches.count == 1 { return matches[0].1 }
        if matches.count > 1 {
            throw WorkspaceError.ambiguousRef(ref, candidates: matches.sorted { $0.1 < $1.1 }.map { "\($0.0) (\($0.1))" })
        }
        if shortMatch { throw WorkspaceError.refTooShort(ref) }
        var suggestions: [String] = []
        if !keyBytes.isEmpty {
            walk(folder) { _, name in
                guard suggestions.count < 3, let parts = ExperimentFileName.parts(String(decoding: name, as: UTF8.self)),
                      parts.slug.contains(key) else { return }
                suggestions.append(parts.id)
            }
        }
        throw WorkspaceError.unknownRef(ref, suggestions: suggestions)
    }

    // MARK: Writing

    /// Refuses a path that is, or lies under, a symbolic link inside the working tree.
    public func refuseLinks(_ rel: String) throws {
        var path = root
        for part in rel.split(separator: "/") {
            path += "/" + part
            var st = stat()
            if lstat(path, &st) != 0 { return }
            if (st.st_mode & S_IFMT) == S_IFLNK { throw WorkspaceError.unsafePath(rel) }
        }
    }

    /// Writes `bytes` to `rel` atomically: a temporary file in the same folder, flushed,
    /// then renamed over the target. Creates missing folders.
    public func write(_ bytes: [UInt8], to rel: String) throws {
        try refuseLinks(rel)
        let target = absolute(rel)
        let dir = Paths.parent(target)
        do {
            try Paths.makeFolders(dir)
        } catch {
            throw WorkspaceError.io("cannot create \(Paths.parent(rel)): \(error)")
        }
        try refuseLinks(rel)
        do {
            // A replaced file keeps its permissions.
            try AtomicFile.write(bytes, to: target, keepingModeOf: target)
        } catch let failure as AtomicFile.Failure {
            throw WorkspaceError.io("cannot write \(rel): \(failure.reason)")
        }
    }

    public func remove(_ rel: String) {
        unlink(absolute(rel))
    }

    /// The original of a replaced file, kept beside it under a dot-name until the commit has
    /// landed: putting it back is one rename, which needs no free space.
    public struct Kept {
        public let store: ExperimentStore
        public let path: String
        /// Repository-relative.
        public let backup: String

        /// Puts the original back in place of the new file.
        public func restore() {
            rename(store.absolute(backup), store.absolute(path))
        }

        /// The commit has landed: the original is no longer needed.
        public func discard() {
            unlink(store.absolute(backup))
        }
    }

    /// Writes `bytes` to `rel` atomically; with `keeping`, first keeps the current file as a
    /// hard link (or, where links are not possible, by renaming it) so that a failure later
    /// can put it back without writing anything.
    public func replace(_ rel: String, with bytes: [UInt8], keeping: Bool) throws -> Kept? {
        guard keeping else {
            try write(bytes, to: rel)
            return nil
        }
        try refuseLinks(rel)
        let dir = Paths.parent(rel)
        let backup = (dir.isEmpty ? "" : dir + "/") + ".\(Paths.last(rel)).ff-keep-\(getpid())"
        unlink(absolute(backup))
        if link(absolute(rel), absolute(backup)) != 0 {
            let err = errno
            guard err != ENOENT else {
                try write(bytes, to: rel)
                return nil
            }
            // A file system without hard links: the rename keeps it, at the cost of the file
            // being absent for the moment between the two renames.
            guard rename(absolute(rel), absolute(backup)) == 0 else {
                throw WorkspaceError.io("cannot write \(rel): \(String(cString: strerror(err))); nothing was changed")
            }
        }
        let kept = Kept(store: self, path: rel, backup: backup)
        do {
            try write(bytes, to: rel)
        } catch {
            var st = stat()
            if lstat(absolute(rel), &st) != 0 { kept.restore() } else { kept.discard() }
            throw error
        }
        return kept
    }
}

/// An exclusive lock that serialises ff's writers on one repository. `flock` is released by
/// the kernel when the process dies, so a crash never leaves a stale lock behind.
public final class WriteLock {
    private let fd: Int32
    public let path: String

    public init(path: String, timeout: TimeInterval = 60) throws {
        self.path = path
        try? FileManager.default.createDirectory(atPath: Paths.parent(path), withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EROFS || errno == EACCES || errno == EPERM {
                throw WorkspaceError.io("the repository is read-only here (\(String(cString: strerror(errno)))): ff can show experiments but not change them")
            }
            throw WorkspaceError.io("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw WorkspaceError.lockTimeout(path)
            }
            usleep(5_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
