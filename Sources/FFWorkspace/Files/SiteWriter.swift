import FFGit
import FailForward

/// Writes a site into its folder: a page whose bytes are already there is left alone (its
/// mtime too), a changed one is replaced atomically, and a page ff wrote last time that is no
/// longer part of the site is removed; nothing else in the folder is touched. Only real
/// folders are written into: a symbolic link or a special file on the way is refused.
enum SiteWriter {
    struct Counts: Equatable {
        var written = 0, unchanged = 0, removed = 0
    }

    /// The output folder must be a folder (or not exist yet), outside `.git`.
    static func refuseOutput(_ output: String, repository: Workspace?) throws {
        var st = stat()
        if lstat(output, &st) == 0, st.st_mode & S_IFMT != S_IFDIR {
            throw WorkspaceError.usage("-o \(SafeText.line(output)) is \(OutputPath.kind(st.st_mode)): give a folder for the site; nothing was written")
        }
        // The nearest folder that exists, links resolved, against the repository's .git.
        if let ws = repository, let git = OutputPath.realPath(Paths.parent(ws.ffFolder)) {
            var probe = output
            while OutputPath.realPath(probe) == nil, Paths.parent(probe) != probe { probe = Paths.parent(probe) }
            if let real = OutputPath.realPath(probe), real == git || real.hasPrefix(git + "/") {
                throw WorkspaceError.usage("-o \(SafeText.line(output)) is inside .git: give a folder outside it; nothing was written")
            }
        }
    }

    static func write(_ pages: [Site.Page], to output: String) throws -> Counts {
        var counts = Counts()
        try Paths.makeFolders(output)
        var made: Set<String> = [""]
        for page in pages {
            let folder = Paths.parent(page.path) == page.path ? "" : Paths.parent(page.path)
            if !made.contains(folder), !folder.isEmpty, !page.path.hasPrefix("/") {
                var sub = ""
                for part in folder.split(separator: "/") {
                    sub = sub.isEmpty ? String(part) : sub + "/" + part
                    try realFolder(output + "/" + sub, shown: sub)
                    made.insert(sub)
                }
            }
            let path = output + "/" + page.path
            var st = stat()
            if lstat(path, &st) == 0 {
                let kind = st.st_mode & S_IFMT
                if kind == S_IFREG, Int(st.st_size) == page.bytes.count, let old = readRegular(path), old == page.bytes {
                    counts.unchanged += 1
                    continue
                }
                guard kind == S_IFREG || kind == S_IFLNK else {
                    throw WorkspaceError.usage("\(SafeText.line(page.path)) in the site folder is \(OutputPath.kind(st.st_mode)): remove it; the site was not finished")
                }
            }
            try AtomicFile.write(page.bytes, to: path, mode: 0o644, durable: false)
            counts.written += 1
        }
        // The pages of the last build that this one did not write (an experiment gone).
        let manifestPath = output + "/" + SiteBuild.manifest
        let now = Set(pages.map(\.path))
        if let old = readRegular(manifestPath) {
            for line in String(decoding: old, as: UTF8.self).split(separator: "\n") where !now.contains(String(line)) {
                let rel = String(line)
                guard !rel.hasPrefix("/"), !rel.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { continue }
                var st = stat()
                if lstat(output + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFREG, unlink(output + "/" + rel) == 0 {
                    counts.removed += 1
                    // Its folder, when it is left empty.
                    var dir = Paths.parent(rel)
                    while dir != rel, !dir.isEmpty, dir != ".", rmdir(output + "/" + dir) == 0 { dir = Paths.parent(dir) }
                }
            }
        }
        let list = pages.map(\.path).sorted().joined(separator: "\n") + "\n"
        if readRegular(manifestPath) != Array(list.utf8) {
            try AtomicFile.write(Array(list.utf8), to: manifestPath, mode: 0o644, durable: false)
        }
        return counts
    }

    /// A folder of the site: made when missing, refused when it is a link or not a folder.
    static func realFolder(_ path: String, shown: String) throws {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw AtomicFile.Failure(path: path, code: errno) }
            return
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            throw WorkspaceError.usage("\(SafeText.line(shown)) in the site folder is \(OutputPath.kind(st.st_mode)), not a folder: remove it; the site was not finished")
        }
    }

    /// A regular file's bytes (never a FIFO's or a device's: opened without blocking, checked
    /// after the open).
    static func readRegular(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done == out.count ? out : nil
    }
}
