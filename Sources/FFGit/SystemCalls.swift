// The C calls and fields whose names differ between glibc and Darwin, spelled once here so
// that the rest of ff reads the same on Linux and macOS.

extension stat {
    /// The last change of the contents (`st_mtim` in glibc, `st_mtimespec` in Darwin).
    public var modificationTime: timespec {
        #if canImport(Darwin)
        st_mtimespec
        #else
        st_mtim
        #endif
    }

    /// The last change of the inode (`st_ctim` in glibc, `st_ctimespec` in Darwin).
    public var statusChangeTime: timespec {
        #if canImport(Darwin)
        st_ctimespec
        #else
        st_ctim
        #endif
    }
}

extension timespec {
    /// Seconds since 1970, as a `Date` counts them.
    public var secondsSince1970: Double { Double(tv_sec) + Double(tv_nsec) / 1e9 }
}

/// The seconds since `time` (negative when it is in the future).
public func secondsSince(_ time: timespec) -> Double {
    Date().timeIntervalSince1970 - time.secondsSince1970
}

/// posix_spawn's handles: structs in glibc, opaque pointers (nil until initialised) in Darwin.
#if canImport(Darwin)
typealias SpawnFileActions = posix_spawn_file_actions_t?
typealias SpawnAttributes = posix_spawnattr_t?
func emptySpawnFileActions() -> SpawnFileActions { nil }
func emptySpawnAttributes() -> SpawnAttributes { nil }
/// POSIX_SPAWN_SETSID in Darwin's spawn.h (macOS 10.15 and later).
let spawnSetSID: Int32 = 0x0400
#else
typealias SpawnFileActions = posix_spawn_file_actions_t
typealias SpawnAttributes = posix_spawnattr_t
func emptySpawnFileActions() -> SpawnFileActions { posix_spawn_file_actions_t() }
func emptySpawnAttributes() -> SpawnAttributes { posix_spawnattr_t() }
/// POSIX_SPAWN_SETSID (glibc 2.26 and later), which Swift does not import from glibc.
let spawnSetSID: Int32 = 0x80
#endif

/// `open(2)` and `read(2)`, for code inside types whose own methods are named so.
func posixOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.open(path, flags)
    #else
    Glibc.open(path, flags)
    #endif
}

func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.read(fd, buffer, count)
    #else
    Glibc.read(fd, buffer, count)
    #endif
}

/// Installs `handler` for `sig` unless the signal is ignored (a signal ff's caller chose to
/// ignore stays ignored); the handler field is a union with glibc's and Darwin's own names.
func installSignalHandler(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
    var old = sigaction()
    sigaction(sig, nil, &old)
    #if canImport(Darwin)
    let oldHandler = withUnsafeBytes(of: old.__sigaction_u) { $0.load(as: UInt.self) }
    #else
    let oldHandler = withUnsafeBytes(of: old.__sigaction_handler) { $0.load(as: UInt.self) }
    #endif
    // SIG_IGN is the handler value 1 in both.
    if oldHandler == 1 { return }
    var action = sigaction()
    sigemptyset(&action.sa_mask)
    #if canImport(Darwin)
    action.__sigaction_u.__sa_handler = handler
    #else
    action.__sigaction_handler.sa_handler = handler
    #endif
    sigaction(sig, &action, nil)
}
