
/// Small files under `.git/` written without surprises: never through a link, replaced by
/// rename so a reader sees the old bytes or the new ones (`CacheFile.read` reads them).
public enum GitDirFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Replaces `path` with `bytes`: a temporary file named after this process beside it,
    /// then a rename. A kill leaves at most the temporary file, which the next ff removes.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".\(getpid()).ff-tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = systemWrite(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : ENOSPC; break }
                written += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        guard failure == 0, rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(failure != 0 ? failure : errno))
            unlink(tmp)
            throw WriteError(reason: reason)
        }
    }
}
