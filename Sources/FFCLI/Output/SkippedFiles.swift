import ArgumentParser
import FFWorkspace
import FailForward

extension Workspace {
    /// Every experiment, with a warning on stderr for each file that does not parse.
    func loadAllReporting(_ ctx: Context) -> [StoredExperiment] {
        let (entries, problems) = store.loadAll()
        for p in problems {
            ctx.console.err("ff: warning: skipped \(SafeText.line(p.description))\n")
        }
        return entries
    }
}
