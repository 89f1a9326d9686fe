import FFGit
import FailForward

/// What the `pre-receive` hook of a shared repository checks in one ref update: that no
/// started experiment's locked field changes without a declared deviation — against the
/// commit that started it and against what the repository already holds, so a rewritten
/// start is caught too — that no started experiment is deleted, and that a forced update
/// drops no commit of a concluded debrief's history.
public struct PushCheck {
    let repo: Repository

    func check(old: ObjectID?, new: ObjectID) throws -> [Diagnostic] {
        let folder: String
        switch try configFolder(at: new) {
        case .none: return []
        case let .missing(blob):
            // Without the config there is no knowing where the experiments are.
            return [Diagnostic(path: FFConfig.path, line: 1, column: 1, severity: .error,
                               message: "cannot verify the pushed commits: \(repo.isPartialClone ? "this partial clone" : "this repository") lacks blob \(blob.hex) (\(FFConfig.path) in commit \(new.hex.prefix(7)))\(repo.isPartialClone ? "; fetch it here with git cat-file -e \(blob.hex)" : "")" + Self.pushAgain)]
        case let .folder(f): folder = f
        }
        // The experiments of the old tip are where its own config says.
        var oldFolder = folder
        if let old, case let .folder(f) = try configFolder(at: old) { oldFolder = f }
        let newSnap = try Snapshot.commit(new, in: repo, folder: folder)
        let oldSnap = try Snapshot.commit(old, in: repo, folder: oldFolder)
        var out: [Diagnostic] = []

        func parse(_ path: String, _ blob: ObjectID?) -> ExperimentDocument? {
            guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
            return try? ExperimentDocument(path: path, bytes: bytes)
        }

        // The old side of each pushed file: the same path, else the file of the same
        // experiment (by its name) wherever it was — a move keeps what it had.
        var oldByID: [String: ObjectID] = [:]
        for (path, blob) in oldSnap.files.sorted(by: { $0.key < $1.key }) {
            if let id = ExperimentFileName.parts(path)?.id, oldByID[id] == nil { oldByID[id] = blob }
        }
        // Walked once, when a started experiment is first met. Read-only: the pushed commits
        // may yet be refused, and leave with their quarantine.
        var history: LockHistory?
        func lockHistory() throws -> LockHistory {
            let h = try history ?? LockHistory(repo: repo, folder: folder, tip: new, cache: repo.commonDir + "/ff/lock-cache", updateCache: false)
            history = h
            return h
        }
        for (path, blob) in newSnap.files.sorted(by: { $0.key < $1.key }) {
            let before = oldSnap.files[path] ?? ExperimentFileName.parts(path).flatMap { oldByID[$0.id] }
            guard blob != before else { continue }
            let doc: ExperimentDocument
            do {
                doc = try ExperimentDocument(path: path, bytes: repo.blobContents(blob))
            } catch let error as FileError {
                // A started experiment's file that no longer parses cannot be checked against
                // its lock: refused, as ff check refuses it. Other YAML is not ff's.
                let id = ExperimentFileName.parts(path)?.id
                let wasStarted = parse(path, before).map { $0.experiment.isStarted } ?? false
                if try wasStarted || id.map({ try lockHistory().starts[$0] != nil }) ?? false {
                    var d = Diagnostic(error)
                    d.message += "; the file of a started experiment must stay readable for its lock to be checked: fix it" + Self.pushAgain
                    out.append(d)
                }
                continue
            } catch {
                // The pushed object itself is missing or unreadable: nothing can be verified.
                out.append(Diagnostic(path: path, line: 1, column: 1, severity: .error,
                                      message: "cannot verify the pushed file: \(error)" + Self.pushAgain))
                continue
            }
            guard doc.experiment.isStarted else { continue }
            let e = doc.experiment
            let h = try lockHistory()
            let at = SourceLocator(text: doc.text)
            var reported: Set<Experiment.LockedField> = []
            switch h.lookup(e.id) {
            case let .start(file):
                if let baseline = LockHistory.baseline(file) {
                    for v in PreRegistration.undeclaredChanges(from: baseline.experiment, to: e) {
                        reported.insert(v.field)
                        let m = at.mark(PreRegistration.path(of: v.field))
                        out.append(Diagnostic(path: path, line: m.line, column: m.column, severity: .error,
                                              message: PreRegistration.message(v, id: e.id, status: e.status, baseline: baseline) + Self.pushAgain))
                    }
                }
            case let .cannotVerify(m):
                out.append(Diagnostic(path: path, line: 1, column: 1, severity: .error,
                                      message: h.cannotVerify(m, id: e.id, status: e.status) + Self.pushAgain))
            case .notStarted:
                break
            }
            // Against what this repository holds: a history rewritten to move the start is
            // still a change of what was pre-registered here.
            if let held = parse(path, before)?.experiment, held.id == e.id, held.isStarted {
                for v in PreRegistration.undeclaredChanges(from: held, to: e) where !reported.contains(v.field) {
                    let m = at.mark(PreRegistration.path(of: v.field))
                    out.append(Diagnostic(
                        path: path, line: m.line, column: m.column, severity: .error,
                        message: "\(v.field.rawValue) of \(e.status.rawValue) experiment \(e.id) differs from the pre-registered value this repository holds, without a declared deviation: declare it with ff amend \(e.id) --reason \"…\"" + Self.pushAgain))
                }
            }
        }

        // Started experiments that are gone: deleted, or left outside a folder the config
        // names now. The record stays.
        let newIDs = newSnap.ids(repo)
        let newTree = try repo.commit(new).tree
        for (path, blob) in oldSnap.files.sorted(by: { $0.key < $1.key }) {
            if let id = ExperimentFileName.parts(path)?.id, newIDs.contains(id) { continue }
            guard let before = parse(path, blob)?.experiment, before.isStarted, !newIDs.contains(before.id) else { continue }
            let stage = RecordRules.Stage.push(pushAgain: Self.pushAgain)
            if oldFolder != folder, try repo.entryID(at: path, inTree: newTree) != nil {
                out.append(RecordRules.leftOutside(before, at: path, folder: folder, stage: stage))
            } else if let finding = RecordRules.deleted(before, at: path, remains: false, stage: stage) {
                out.append(finding)
            }
        }

        out += try forgedClaims(old: old, new: new, folder: folder)

        // A forced update that drops commits of a concluded debrief's history.
        if let old, !repo.contains(old, in: new) {
            var concluded: [String: Bool] = [:]
            var seen: Set<String> = []
            try repo.walk(from: [old], hiding: [new]) { c in
                let tree = try repo.entryID(at: oldFolder, inTree: c.tree)
                let parentTree = try c.parents.first.map { try repo.entryID(at: oldFolder, inTree: repo.commit($0).tree) } ?? nil
                guard tree != parentTree else { return true }
                for f in try repo.changedFiles(from: parentTree, to: tree, prefix: oldFolder) where Snapshot.isExperimentFile(f.path, folder: oldFolder) {
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

    public static let pushAgain = ", then push again"

    enum ConfigFolder { case none, missing(ObjectID), folder(String) }

    /// The experiments folder the config of `commit` names.
    private func configFolder(at commit: ObjectID) throws -> ConfigFolder {
        guard let blob = try repo.entryID(at: FFConfig.path, inTree: repo.commit(commit).tree) else { return .none }
        guard let bytes = try? repo.blobContents(blob) else { return repo.hasObject(blob) ? .none : .missing(blob) }
        return .folder(try FFConfig.parse(String(decoding: bytes, as: UTF8.self)).experiments)
    }

    /// The pushed commits whose own trailers claim a state or an outcome that the file of the
    /// experiment in that commit does not hold: hand-written trailers, which the timeline
    /// would show as claims. Only the commits this push brings are read.
    private func forgedClaims(old: ObjectID?, new: ObjectID, folder: String) throws -> [Diagnostic] {
        let hiding = try old.map { [$0] } ?? repo.branchTips().map(\.commit)
        var out: [Diagnostic] = []
        try repo.walk(from: [new], hiding: hiding) { c in
            guard !c.isMerge, let claim = TimelineDerivation.read(message: c.message, isMerge: false).claim else { return true }
            let tree = try repo.entryID(at: folder, inTree: c.tree)
            let parentTree = try c.parents.first.map { try repo.entryID(at: folder, inTree: repo.commit($0).tree) } ?? nil
            let changed = try repo.changedFiles(from: parentTree, to: tree, prefix: folder).first { FileChange.id(fromPath: $0.path) == claim.experiment }
            func experiment(_ blob: ObjectID?, _ path: String) -> Experiment? {
                guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
                return try? ExperimentDocument(path: path, bytes: bytes).experiment
            }
            var new = changed.flatMap { experiment($0.new, $0.path) }
            var path = changed?.path
            if changed == nil {
                // Not changed here: what the file says is what it said before.
                for f in try repo.files(inTree: tree, prefix: folder) where FileChange.id(fromPath: f.path) == claim.experiment {
                    new = experiment(f.new, f.path)
                    path = f.path
                    break
                }
            }
            let held = changed != nil && claim.isHeld(old: changed.flatMap { experiment($0.old, $0.path) }, new: new, oldExists: changed?.old != nil)
            guard !held else { return true }
            out.append(Diagnostic(
                path: path ?? folder, severity: .error,
                message: "commit \(c.id.hex.prefix(7)) claims \(claim.trailers) for \(claim.experiment), which its file there does not hold (\(TrailerClaim.found(new))\(changed == nil ? ", unchanged by the commit" : "")): the timeline would show it as a claim; reword the message (git rebase -i, reword) or make the change with ff" + Self.pushAgain))
            return true
        }
        return out
    }
}
