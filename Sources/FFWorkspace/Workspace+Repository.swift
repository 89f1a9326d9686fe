import FFGit
import FailForward

/// The few facts of the repository a front end asks for directly.
extension Workspace {
    /// A value of git's config as git reads it for this repository (`core.editor`, …).
    public func gitConfig(_ key: String) -> String? {
        (try? repo.config())?.string(key) ?? nil
    }

    /// ff's own folder in the repository's common git folder: caches, scratch files, bodies.
    public var ffFolder: String { repo.commonDir + "/ff" }

    /// The branch HEAD is on; nil on a detached HEAD or an unborn branch.
    public var currentBranch: String? { (try? repo.head().branchName) ?? nil }
}

/// The value of `key` in git's config for the repository around `env.directory` (or the
/// user's config when there is none).
public func gitConfigValue(_ key: String, around env: Environment) -> String? {
    guard let repo = try? Workspace.findRepository(env) else { return nil }
    return (try? repo.config())?.string(key) ?? nil
}
