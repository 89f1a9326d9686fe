import FailForward
import Foundation

/// The experiment files of a working tree: finding, reading, resolving references, and
/// writing atomically. Never follows a symbolic link, for reading or for writing.
final class ExperimentStore: Sendable {
    /// The working tree, absolute, without a trailing slash.
    let root: String
    /// The experiments folder, relative to `root`.
    let folder: String

    init(root: String, folder: String) {
        self.root = root
        self.folder = folder
    }

    func absolute(_ rel: String) -> String { root + "/" + rel }

    /// Every `*.yaml` / `*.yml` file at any depth under the experiments folder, sorted,
    /// skipping dot-files (ff's temporaries among them) and symbolic links.
    func files() -> [String] {
        var out: [String] = []
        walk(folder, into: &out)
        return out.sorted()
    }

    /// `files()` with each file's `lstat`, for comparing with the index's stat data.
    func filesWithStat() -> [(path: String, stat: stat)] {
        files().compactMap { rel in
            var st = stat()
            guard lstat(absolute(rel), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
            return (rel, st)
        }
    }

    private func walk(_ rel: String, into out: inout [String]) {
        guard let dir = opendir(absolute(rel)) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let child = rel + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var st = stat()
                guard lstat(absolute(child), &st) == 0 else { continue }
                type = (st.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : (st.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : UInt8(DT_LNK)
            }
            if type == UInt8(DT_DIR) {
                walk(child, into: &out)
            } else if type == UInt8(DT_REG), name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                out.append(child)
            }
        }
    }

    func read(_ rel: String) throws -> [UInt8] {
        try refuseLinks(rel)
        let fd = open(absolute(rel), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FFError.io("\(rel): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw FFError.io("\(rel): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
            if out.count > ExperimentDocument.maximumSize { break }
        }
        return out
    }

    func load(_ rel: String) throws -> ExperimentDocument {
        try ExperimentDocument(path: rel, bytes: read(rel))
    }

    /// Reads every experiment; files that don't parse are returned as problems, not thrown.
    func loadAll() -> (experiments: [StoredExperiment], problems: [FileError]) {
        var good: [StoredExperiment] = []
        var bad: [FileError] = []
        for rel in files() {
            do {
                good.append(StoredExperiment(experiment: try load(rel).experiment, path: rel))
            } catch let e as FileError {
                bad.append(e)
            } catch {
                bad.append(FileError(path: rel, message: String(describing: error)))
            }
        }
        return (good, bad)
    }

    /// Where a new experiment's file goes: `<folder>/<YYYY-MM>/<id>-<slug>.yaml`.
    func newPath(for e: Experiment, created: Date) -> String {
        "\(folder)/\(Timestamp.month(created))/\(e.id)-\(Slug.make(from: e.title)).yaml"
    }

    // MARK: References

    /// The id and slug a file name carries (`k7q2m9x4-weekly-demo.yaml`), when it follows the
    /// naming rule.
    static func nameParts(_ rel: String) -> (id: String, slug: String)? {
        let name = rel.split(separator: "/").last.map(String.init) ?? rel
        let base = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
        let id = String(base.prefix(ExperimentID.length))
        guard ExperimentID.isValid(id) else { return nil }
        let rest = base.dropFirst(ExperimentID.length)
        if rest.isEmpty { return (id, "") }
        guard rest.first == "-" else { return nil }
        return (id, String(rest.dropFirst()))
    }

    /// Resolves an id prefix (at least 4 characters), a slug, or a file path to one file.
    func resolve(_ ref: String, cwd: String) throws -> String {
        let ref = ref.trimmingCharacters(in: .whitespacesAndNewlines)
        let files = self.files()
        if ref.contains("/") || ref.hasSuffix(".yaml") || ref.hasSuffix(".yml") {
            let abs = ref.hasPrefix("/") ? ref : (cwd as NSString).appendingPathComponent(ref)
            let standard = (abs as NSString).standardizingPath
            let rootStandard = (root as NSString).standardizingPath
            guard standard.hasPrefix(rootStandard + "/") else { throw FFError.notAnExperimentPath(ref) }
            let rel = String(standard.dropFirst(rootStandard.count + 1))
            guard files.contains(rel) else {
                var st = stat()
                if lstat(absolute(rel), &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK { throw FFError.unsafePath(rel) }
                throw FFError.notAnExperimentPath(ref)
            }
            return rel
        }
        let key = ref.lowercased()
        var byID: [(String, String)] = [] // (id, path)
        var bySlug: [(String, String)] = []
        for rel in files {
            var parts = Self.nameParts(rel)
            if parts == nil, let e = try? load(rel).experiment {
                parts = (e.id, Slug.make(from: e.title))
            }
            guard let (id, slug) = parts else { continue }
            if id == key { return rel }
            if key.count >= ExperimentID.minimumPrefix && id.hasPrefix(key) { byID.append((id, rel)) }
            if slug == key { bySlug.append((id, rel)) }
        }
        let matches = byID.isEmpty ? bySlug : byID
        if matches.count == 1 { return matches[0].1 }
        if matches.count > 1 {
            throw FFError.ambiguousRef(ref, candidates: matches.map { "\($0.0) (\($0.1))" })
        }
        if key.count < ExperimentID.minimumPrefix,
           files.contains(where: { Self.nameParts($0)?.id.hasPrefix(key) ?? false }) {
            throw FFError.refTooShort(ref)
        }
        let suggestions = files.compactMap { Self.nameParts($0) }.filter { $0.slug.contains(key) }.map(\.id)
        throw FFError.unknownRef(ref, suggestions: Array(suggestions.prefix(3)))
    }

    // MARK: Writing

    /// Refuses a path that is, or lies under, a symbolic link inside the working tree.
    func refuseLinks(_ rel: String) throws {
        var path = root
        for part in rel.split(separator: "/") {
            path += "/" + part
            var st = stat()
            if lstat(path, &st) != 0 { return }
            if (st.st_mode & S_IFMT) == S_IFLNK { throw FFError.unsafePath(rel) }
        }
    }

    /// Writes `bytes` to `rel` atomically: a temporary file in the same folder, flushed,
    /// then renamed over the target. Creates missing folders.
    func write(_ bytes: [UInt8], to rel: String) throws {
        try refuseLinks(rel)
        let target = absolute(rel)
        let dir = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw FFError.io("cannot create \((rel as NSString).deletingLastPathComponent): \(error.localizedDescription)")
        }
        try refuseLinks(rel)
        var mode: mode_t = 0o644
        var st = stat()
        if lstat(target, &st) == 0 { mode = st.st_mode & 0o7777 }
        let tmp = dir + "/.\((target as NSString).lastPathComponent).ff-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FFError.io("cannot write \(rel): \(String(cString: strerror(errno)))") }
        var ok = true
        var written = 0
        bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + written, buf.count - written)
                if n <= 0 { ok = false; break }
                written += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false }
        let err = errno
        close(fd)
        guard ok, rename(tmp, target) == 0 else {
            unlink(tmp)
            throw FFError.io("cannot write \(rel): \(String(cString: strerror(ok ? errno : err)))")
        }
    }

    func remove(_ rel: String) {
        unlink(absolute(rel))
    }
}

/// An exclusive lock that serialises ff's writers on one repository. `flock` is released by
/// the kernel when the process dies, so a crash never leaves a stale lock behind.
final class WriteLock {
    private let fd: Int32
    let path: String

    init(path: String, timeout: TimeInterval = 60) throws {
        self.path = path
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FFError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw FFError.lockTimeout(path)
            }
            usleep(5_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
