import FailForward

/// The one way ff replaces a file: the bytes go to a temporary file beside it (never through
/// a link, created exclusively), are flushed to the disk, and the temporary is renamed over
/// the file. Readers see the old file or the whole new one, never a part; a kill leaves at
/// most the temporary, whose name ends in `.ff-tmp` (the next ff removes those under `.git/ff/`).
public final class AtomicFile {
    public let path: String
    private let tmp: String
    private var fd: Int32
    private var failure: Int32 = 0
    private let durable: Bool

    /// Why a file could not be written: the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let code: Int32
        public var reason: String { String(cString: strerror(code)) }
        public var description: String { "cannot write \(SafeText.line(path)): \(reason)" }
    }

    /// Starts a replacement of `path`. `mode`: the new file's permissions (default 0644 less
    /// the umask); with `keepingModeOf`, those of that file when it is a regular file.
    /// `durable`: flushed to the disk before the rename (off only for disposable caches).
    public init(_ path: String, mode: mode_t? = nil, keepingModeOf original: String? = nil, durable: Bool = true) throws {
        self.path = path
        self.durable = durable
        let dir = Paths.parent(path)
        tmp = dir + "/.\(Paths.last(path)).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ff-tmp"
        var st = stat()
        let existing = original.flatMap { lstat($0, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? st.st_mode & 0o7777 : nil }
        let chosen = existing ?? mode
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, chosen == nil ? 0o644 : 0o600)
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        // A given or kept mode is set exactly (the umask does not apply); a new file gets 0644
        // less the umask.
        if let chosen { fchmod(fd, chosen) }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(tmp)
        }
    }

    /// Appends bytes; a failure is kept and reported by `commit`.
    public func write(_ bytes: [UInt8]) {
        guard failure == 0 else { return }
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var done = 0
            while done < buf.count {
                let n = systemWrite(fd, base + done, buf.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : EIO; return }
                done += n
            }
        }
    }

    /// Flushes and renames into place; on any failure the target is left as it was.
    public func commit() throws {
        if failure == 0 && durable && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        fd = -1
        if failure == 0 && rename(tmp, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(tmp)
            throw Failure(path: path, code: failure)
        }
    }

    /// Replaces `path` with `bytes` in one go.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t? = nil, keepingModeOf original: String? = nil,
                             durable: Bool = true) throws {
        let file = try AtomicFile(path, mode: mode, keepingModeOf: original, durable: durable)
        file.write(bytes)
        try file.commit()
    }
}
