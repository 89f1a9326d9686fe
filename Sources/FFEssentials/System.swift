/// A failed system call: its errno, described as the C library describes it.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { String(cString: strerror(code)) }
}

/// The C library's `read` and `write`, by a name no other module's overlay shadows.
@inline(__always)
public func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

@inline(__always)
public func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

extension Paths {
    /// Creates `path` and the folders above it that are missing, as `mkdir -p` does (the
    /// umask applies). A folder that is already there is not an error; anything else there is.
    public static func makeFolders(_ path: String) throws(SystemError) {
        if isFolder(path) == true { return }
        let up = parent(path)
        if !up.isEmpty, up != path, up != "/", isFolder(up) != true { try makeFolders(up) }
        if mkdir(path, 0o777) != 0 {
            let e = errno
            if e == EEXIST, isFolder(path) == true { return }
            throw SystemError(e)
        }
    }

    /// The running program's file, links resolved; nil where the system does not say.
    public static var executable: String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/self/exe", &buffer, 4096)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #elseif canImport(Darwin)
        var size: UInt32 = 0
        _ = _NSGetExecutablePath(nil, &size)
        var buffer = [CChar](repeating: 0, count: Int(size) + 1)
        guard _NSGetExecutablePath(&buffer, &size) == 0, let real = realpath(buffer, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
        #else
        return nil
        #endif
    }
}
