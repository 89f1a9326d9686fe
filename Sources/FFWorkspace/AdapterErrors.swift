import FFGit

// The git adapter's errors, as the workspace passes them on: a front end tells them apart
// (for wording and exit codes) without depending on the adapter itself.
public typealias GitError = FFGit.GitError
public typealias CommitError = FFGit.CommitError
public typealias IdentityError = FFGit.IdentityError
public typealias HookError = FFGit.HookError
public typealias SigningError = FFGit.SigningError
public typealias IndexLockError = FFGit.IndexLockError

extension HookError {
    /// The hook that refused the commit and its exit status, when a hook refused it.
    public var refusingHook: (hook: String, status: Int32)? {
        if case let .failed(hook, status) = self { return (hook, status) }
        return nil
    }
}
