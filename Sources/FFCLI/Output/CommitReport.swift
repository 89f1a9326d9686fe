import FFWorkspace
import FailForward

/// The line that reports a commit ff made, and what rode along with it.
enum CommitReport {
    /// Reports a commit on stdout, and warns when the index could not be refreshed.
    static func print(_ text: String, _ commit: Committed, experiments: [String], in ctx: Context) {
        ctx.onCommit?(commit, experiments, text)
        let p = ctx.painter
        ctx.console.out(text + p.dim("  [\(commit.branch ?? "detached HEAD") \(commit.shortID)]") + "\n")
        if !commit.alsoCommitted.isEmpty {
            ctx.console.out("Also committed your edits to \(commit.alsoCommitted.map(SafeText.line).joined(separator: ", ")) (they were in the file; git show \(commit.shortID) shows them)\n")
        }
        if !commit.indexUpdated {
            ctx.console.err("ff: warning: committed, but the index could not be updated; git status may show the file as changed until you run git reset -q -- <file>\n")
        }
    }
}
