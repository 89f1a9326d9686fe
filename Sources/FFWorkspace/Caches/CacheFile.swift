
/// Reading ff's disposable files under `.git/ff/`. Anything there but a regular file — a
/// FIFO (whose open or read would wait for a writer forever), a device (`/dev/zero` never
/// ends), a symbolic link, a folder — counts as absent; the caller then rebuilds the cache and
/// replaces the entry by renaming a new file over it, never writing through it.
public enum CacheFile {
    /// The whole file, or nil when it is missing, unreadable or not a regular file.
    public static func read(_ path: String) -> [UInt8]? {
        // O_NONBLOCK: opening a FIFO does not wait for a writer; O_NOFOLLOW: a link is refused.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size >= 0 else { return nil }
        let size = Int(st.st_size)
        // Uninitialised: the caches are read on every command, and can be tens of megabytes.
        return [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            count = 0
            guard let base = buf.baseAddress else { return }
            while count < size {
                let n = systemRead(fd, base + count, size - count)
                if n < 0 && errno == EINTR { continue }
                // Shorter than fstat said (truncated meanwhile): the caller's checks reject it.
                if n <= 0 { break }
                count += n
            }
        }
    }
}
