import FFGit
import FailForward
import Foundation

/// The commits that changed one experiment, from one walk of the history: those whose
/// trailers name it, and those (plain `git commit`s among them) that changed its file.
struct ExperimentHistory {
    struct Entry {
        let commit: CommitRecord
        /// The experiment as this commit left it, when its file could be read.
        let experiment: Experiment?
        let trailers: [(key: String, value: String)]

        var action: String? { trailers.first { $0.key == "FF-Action" }?.value }
        var transition: String? { trailers.first { $0.key == "FF-Transition" }?.value }
        /// A plain `git commit` (not a merge) that changed the file: without ff's trailers, or
        /// with those ff's commit-msg hook added to it (`FF-Via: git`).
        var isByHand: Bool {
            !commit.isMerge && (!trailers.contains { $0.key == "FF-Experiment" } || trailers.contains { $0.key == "FF-Via" && $0.value == "git" })
        }
        /// A merge that brought changes to the file in (a reviewed debrief branch, say).
        var isMerge: Bool { commit.isMerge && !trailers.contains { $0.key == "FF-Experiment" } }
    }

    let entries: [Entry]

    /// Walks HEAD's history once. `path` is the file's current path; a commit counts when it
    /// names `id` in an `FF-Experiment` trailer or changes the file at `path`.
    static func load(_ ws: Workspace, id: String, path: String) throws -> ExperimentHistory {
        let repo = ws.repo
        var entries: [Entry] = []
        let parent = (path as NSString).deletingLastPathComponent
        try repo.walk { c in
            let trailers = Trailers.parse(c.message)
            let named = trailers.contains { $0.key == "FF-Experiment" && $0.value == id }
            let blob = try repo.entryID(at: path, inTree: c.tree)
            var changed = false
            if let first = c.parents.first {
                // At the edge of a shallow clone the parent is not here: what changed is unknown.
                guard let parentTree = try? repo.commit(first).tree else {
                    if named { entries.append(Entry(commit: c, experiment: nil, trailers: trailers)) }
                    return true
                }
                // Cheap first: the folder's tree id, then the file's blob id.
                if try repo.entryID(at: parent, inTree: parentTree) != repo.entryID(at: parent, inTree: c.tree) {
                    changed = try repo.entryID(at: path, inTree: parentTree) != blob
                }
            } else {
                changed = blob != nil
            }
            guard named || changed else { return true }
            var experiment: Experiment?
            if let blob, let bytes = try? repo.blobContents(blob) {
                experiment = try? ExperimentDocument(path: path, bytes: bytes).experiment
            }
            entries.append(Entry(commit: c, experiment: experiment, trailers: trailers))
            return true
        }
        return ExperimentHistory(entries: entries)
    }

    /// The experiment as it was when it started: the first commit that left it running.
    var atStart: Entry? {
        entries.first { $0.experiment?.status == .running || ($0.experiment?.timebox.started != nil && $0.experiment?.status != .draft) }
    }
}
