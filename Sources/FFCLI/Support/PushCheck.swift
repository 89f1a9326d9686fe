import FFGit
import FailForward
import Foundation

/// What the `pre-receive` hook of a shared repository checks in one ref update: that no
/// started experiment's locked field changes without a declared deviation — against the
/// commit that started it and against what the repository already holds, so a rewritten
/// start is caught too — that no started experiment is deleted, and that a forced update
/// drops no commit of a concluded debrief's history.
struct PushCheck {
    let repo: Repository

    func check(old: ObjectID?, new: ObjectID) throws -> [Diagnostic] {
        guard let configBytes = try repo.fileContents(at: FFConfig.path, in: new) else { return [] }
        let config = try FFConfig.parse(String(decoding: configBytes, as: UTF8.self))
        let folder = config.experiments
        let newSnap = try Snapshot.commit(new, in: repo, folder: folder)
        let oldSnap = try Snapshot.commit(old, in: repo, folder: folder)
        let changes = newSnap.changes(from: oldSnap)
        var out: [Diagnostic] = []

        func parse(_ path: String, _ blob: ObjectID?) -> ExperimentDocument? {
            guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
            return try? ExperimentDocument(path: path, bytes: bytes)
        }
        func isStarted(_ e: Experiment) -> Bool { e.status == .running || e.status == .concluded }

        var history: LockHistory?
        for change in changes {
            guard let doc = parse(change.path, change.new), isStarted(doc.experiment) else { continue }
            let e = doc.experiment
            if history == nil {
                // Read-only: the pushed commits may yet be refused, and leave with their quarantine.
                history = try LockHistory(repo: repo, folder: folder, tip: new, cache: repo.commonDir + "/ff/lock-cache", updateCache: false)
            }
            let at = SourceLocator(text: doc.text)
            var reported: Set<Experiment.LockedField> = []
            if let baseline = history?.baseline(e.id) {
                for v in PreRegistration.undeclaredChanges(from: baseline.experiment, to: e) {
                    reported.insert(v.field)
                    let m = at.mark(PreRegistration.path(of: v.field))
                    out.append(Diagnostic(path: change.path, line: m.line, column: m.column, severity: .error,
                                          message: PreRegistration.message(v, id: e.id, status: e.status, baseline: baseline) + Self.pushAgain))
                }
            }
            // Against what this repository holds: a history rewritten to move the start is
            // still a change of what was pre-registered here.
            if let before = parse(change.path, change.old)?.experiment, before.id == e.id, isStarted(before) {
                for v in PreRegistration.undeclaredChanges(from: before, to: e) where !reported.contains(v.field) {
                    let m = at.mark(PreRegistration.path(of: v.field))
                    out.append(Diagnostic(
                        path: change.path, line: m.line, column: m.column, severity: .error,
                        message: "\(v.field.rawValue) of \(e.status.rawValue) experiment \(e.id) differs from the pre-registered value this repository holds, without a declared deviation: declare it with ff amend \(e.id) --reason \"…\"" + Self.pushAgain))
                }
            }
        }

        // Deleted started experiments: the record stays.
        let newIDs = Set(newSnap.files.keys.compactMap { ExperimentStore.nameParts($0)?.id })
        for change in changes where change.new == nil {
            guard let before = parse(change.path, change.old)?.experiment, isStarted(before), !newIDs.contains(before.id) else { continue }
            out.append(Diagnostic(path: change.path, severity: .error,
                                  message: "deletes \(before.status.rawValue) experiment \(before.id): started experiments are never deleted (ff abandon stops a running one)"))
        }

        // A forced update that drops commits of a concluded debrief's history.
        if let old, !repo.contains(old, in: new) {
            var concluded: [String: Bool] = [:]
            var seen: Set<String> = []
            try repo.walk(from: [old], hiding: [new]) { c in
                let tree = try repo.entryID(at: folder, inTree: c.tree)
                let parentTree = try c.parents.first.map { try repo.entryID(at: folder, inTree: repo.commit($0).tree) } ?? nil
                guard tree != parentTree else { return true }
                for f in try repo.changedFiles(from: parentTree, to: tree, prefix: folder) where Snapshot.isExperimentFile(f.path, folder: folder) {
                    if concluded[f.path] == nil {
                        let atOld = parse(f.path, oldSnap.files[f.path])?.experiment
                        concluded[f.path] = atOld?.status == .concluded
                    }
                    guard concluded[f.path] == true, seen.insert(f.path).inserted,
                          let e = parse(f.path, oldSnap.files[f.path])?.experiment else { continue }
                    out.append(Diagnostic(
                        path: f.path, severity: .error,
                        message: "rewrites the history of concluded experiment \(e.id): commit \(c.id.hex.prefix(7)) (\(SafeText.line(c.subject))) would be dropped; a concluded debrief's history is final: push without a force (merge or rebase onto this branch, or revert)"))
                }
                return true
            }
        }
        return out.sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }
    }

    static let pushAgain = ", then push again"
}
