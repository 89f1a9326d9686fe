import FailForward

/// A file written in pieces to a temporary beside it, flushed, then renamed over it: readers
/// see the old file or the whole new one, never a part.
public final class AtomicFile {
    public let path: String
    private let tmp: String
    private var fd: Int32
    private var failure: Int32 = 0

    /// With `keepingModeOf`, the new file gets the permissions of the file it replaces.
    public init(_ path: String, keepingModeOf original: String? = nil) throws {
        self.path = path
        let dir = Paths.parent(path)
        tmp = dir + "/.\(Paths.last(path)).ff-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var st = stat()
        let existing = original.flatMap { lstat($0, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? st.st_mode & 0o777 : nil }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, existing == nil ? 0o644 : 0o600)
        guard fd >= 0 else { throw WorkspaceError.io("cannot write \(SafeText.line(path)): \(String(cString: strerror(errno)))") }
        // A replaced file keeps its permissions exactly; a new one gets 0644 less the umask.
        if let existing { fchmod(fd, existing) }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(tmp)
        }
    }

    public func write(_ bytes: [UInt8]) {
        guard failure == 0 else { return }
        bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = systemWrite(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : EIO; return }
                done += n
            }
        }
    }

    /// Flushes and renames into place; on any failure the target is left as it was.
    public func commit() throws {
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        fd = -1
        if failure == 0 && rename(tmp, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(tmp)
            throw WorkspaceError.io("cannot write \(SafeText.line(path)): \(String(cString: strerror(failure)))")
        }
    }
}

