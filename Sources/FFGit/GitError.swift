import CLibgit2
import CLibgit2Loader

/// A failed libgit2 call: the return code, libgit2's message and the name of the C function.
public struct GitError: Error, CustomStringConvertible, Equatable {
    public let code: Int32
    public let message: String
    public let function: String

    public init(code: Int32, message: String, function: String) {
        self.code = code
        self.message = message
        self.function = function
    }

    /// Reads libgit2's thread-local error straight after a failing call.
    static func last(_ code: Int32, _ function: String) -> GitError {
        var text = "unknown error"
        if let err = git_error_last(), let msg = err.pointee.message {
            text = String(cString: msg)
        }
        return GitError(code: code, message: text, function: function)
    }

    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }
    /// The compare-and-swap of a reference lost against another writer.
    public var isModified: Bool { code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue }
    /// libgit2 1.5 reports a repository owned by someone else as a missing `safe.directory` value.
    public var isOwnedByAnotherUser: Bool {
        code == GIT_EOWNER.rawValue || message.contains("safe.directory")
    }

    /// libgit2 itself could not be loaded; the message says what to install.
    public var isLibraryMissing: Bool { function == LibGit2.loadFunction }

    public var description: String {
        if isLibraryMissing { return message }
        if isOwnedByAnotherUser {
            return "repository is owned by another user: add it with git config --global --add safe.directory <path>"
        }
        if let range = message.scalarRange(of: "unsupported extension name ") {
            // libgit2 1.5 opens no repository that needs an extension it lacks.
            let name = String(message[range.upperBound...])
            switch name.lowercased() {
            case "extensions.objectformat":
                return "this repository uses SHA-256 object names (extensions.objectFormat = sha256), which ff's git library (libgit2 1.5) cannot read; nothing was changed (ff works in SHA-1 repositories, git init's default)"
            case "extensions.worktreeconfig":
                return "this repository sets extensions.worktreeConfig, which ff's git library (libgit2 1.5) cannot read; nothing was changed (if no worktree keeps settings in config.worktree, git config --unset extensions.worktreeConfig turns it off)"
            default:
                return "this repository needs the git extension \(name), which ff's git library (libgit2 1.5) cannot read; nothing was changed"
            }
        }
        return "\(message) (\(function))"
    }
}

/// Runs a libgit2 call and throws its error when it returns a negative code.
@inline(__always)
func check(_ function: String, _ call: () -> Int32) throws {
    let code = call()
    if code < 0 { throw GitError.last(code, function) }
}

enum LibGit2 {
    static let loadFunction = "ff_git_load"

    /// Loads libgit2 (on Linux ff is not linked with it) and starts it, once; every entry
    /// point calls this before any other libgit2 function. Throws when it cannot be loaded.
    static func setUp() throws {
        if let message = loadFailure { throw GitError(code: -1, message: message, function: loadFunction) }
    }

    /// `git_libgit2_init` must precede every other call; it is never shut down in a CLI.
    private static let loadFailure: String? = {
        var error = [CChar](repeating: 0, count: 512)
        guard ff_git_load(&error, error.count) == 0 else {
            return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        git_libgit2_init()
        // A month folder of a few hundred experiments is a tree of tens of KiB, above
        // libgit2's 4 KiB default: uncached, a history walk parsed each one twice (as the
        // new side of one commit's diff and the old side of the next).
        _ = ffgit_set_cache_object_limit(Int32(GIT_OBJECT_TREE.rawValue), 1 << 20)
        // A walk reads each version once or twice; the newest versions are what it reuses.
        _ = ffgit_set_cache_max_size(64 << 20)
        return nil
    }()
}
