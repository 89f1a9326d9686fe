import ArgumentParser

/// The flags of every command that commits.
struct CommitFlags: ParsableArguments {
    @Flag(name: .customLong("no-verify"), help: "Skip the repository's pre-commit and commit-msg hooks (like git commit --no-verify).")
    var noVerify = false
    @Flag(name: .customLong("here"), help: "Commit even on another experiment's debrief/… review branch (where the commit would join its pull request).")
    var here = false
}
