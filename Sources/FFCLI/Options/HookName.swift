import ArgumentParser
import FailForward

/// The name of one of ff's hook scripts, for `ff hooks script` and `ff hooks run`.
struct HookName: ParsableArguments {
    @Argument(help: "pre-commit, commit-msg or pre-receive.") var hook: String

    /// The script of that hook; a usage error for a name ff has no script for.
    func script() throws -> String {
        guard let script = HookScripts.files[hook] else {
            throw ValidationError("no hook named '\(SafeText.line(hook))': ff has pre-commit, commit-msg and pre-receive")
        }
        return script
    }
}
