import FFGit
import FailForward

/// Which experiments are concluded only on a review branch: local `debrief/*` branches and
/// their remote-tracking counterparts (`<remote>/debrief/*`, a teammate's review). Cheap by
/// design, as it runs on every `ff list`: no debrief reference means two reference lookups
/// and nothing else; otherwise each tip's experiments folder is compared with HEAD's (equal
/// sub-trees are never read), and only files that differ, named for an experiment that is
/// not concluded or abandoned here, are parsed. No history is walked.
public enum ReviewLookup {
    public struct Found {
        public var review: InReview
        /// The concluded version, as the review branch's tip has it.
        public var experiment: Experiment
        public var path: String
        var tip: ObjectID
    }

    public static let globs = ["refs/heads/debrief/*", "refs/remotes/*/debrief/*"]

    /// `open` gives the experiments to look for, by id: those draft or running on the current
    /// branch (asked only when there is a review branch). A branch already merged into HEAD
    /// is not a review in progress.
    public static func find(_ ws: Workspace, open: () -> Set<String>) -> [String: Found] {
        let repo = ws.repo
        // Local review branches first: they are the author's own.
        let tips = globs.flatMap { (try? repo.branches(matching: $0)) ?? [] }
        guard !tips.isEmpty else { return [:] }
        let open = open()
        guard !open.isEmpty else { return [:] }
        let folder = ws.store.folder
        let head = try? repo.head().id
        let headFolder = head.flatMap { try? repo.entryID(at: folder, inTree: repo.treeID(ofCommit: $0)) } ?? nil
        var found: [String: Found] = [:]
        var parsed: [ObjectID: Experiment?] = [:]
        for tip in tips {
            guard tip.commit != head,
                  let tipFolder = (try? repo.entryID(at: folder, inTree: repo.treeID(ofCommit: tip.commit))) ?? nil,
                  tipFolder != headFolder,
                  let changed = try? repo.changedFiles(from: headFolder, to: tipFolder, prefix: folder) else { continue }
            var merged: Bool?
            for file in changed {
                guard let blob = file.new, ExperimentFileName.isExperimentPath(file.path, folder: folder) else { continue }
                // The file's name carries its id: others are not read.
                if let named = ExperimentFileName.parts(file.path)?.id, !open.contains(named) || found[named] != nil { continue }
                if parsed[blob] == nil {
                    parsed[blob] = .some((try? repo.blobContents(blob)).flatMap { try? ExperimentDocument(path: file.path, bytes: $0).experiment })
                }
                guard let e = parsed[blob] ?? nil, e.status == .concluded, open.contains(e.id), found[e.id] == nil else { continue }
                if merged == nil { merged = head.map { (try? repo.isDescendant($0, of: tip.commit)) ?? false } ?? false }
                if merged == true { break }
                found[e.id] = Found(review: InReview(branch: tip.name, commit: tip.commit.hex, outcome: e.conclusion?.outcome),
                                    experiment: e, path: file.path, tip: tip.commit)
            }
        }
        return found
    }
}
