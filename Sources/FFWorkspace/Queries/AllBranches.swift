import FFGit
import FailForward

/// `ff list --all-branches`: the experiments on every local and remote-tracking branch tip,
/// read from the tips' trees (not the working tree), one row per id. Every list of branches
/// (a row's, a version's, the versions of a row) is in one order: the current branch, then
/// local branches by name, then remote-tracking ones by name.
public enum AllBranches {
    public struct Version {
        var blob: ObjectID
        public var path: String
        /// The branches that have this version at their tip, with the tip commit.
        var tips: [(branch: String, commit: ObjectID)]
        public var experiment: Experiment
        public var branches: [String] { tips.map(\.branch) }
    }

    public struct Row {
        public var id: String
        /// The version shown: the current branch's, else the first branch's.
        public var shown: Version
        public var versions: [Version]
        public var onCurrentBranch: Bool
        /// Every branch that has the experiment, whichever version.
        public var branches: [String]
        /// Draft or running on the current branch and concluded on a review branch, as `ff list` says.
        public var review: InReview?
        public var diverged: Bool { versions.count > 1 }
    }

    public static func rows(_ ws: Workspace) throws -> (rows: [Row], problems: [FileError]) {
        let repo = ws.repo
        var tips = try repo.branchTips().map { ($0.name, $0.commit) }
        let head = try repo.head()
        if case let .detached(id) = head { tips.insert(("HEAD", id), at: 0) }
        let current = head.branchName ?? (head.id == nil ? nil : "HEAD")
        var seen: [ObjectID: [TreeFile]] = [:]
        var parsed: [ObjectID: Experiment?] = [:]
        var problems: [FileError] = []
        var byID: [String: [Version]] = [:]
        for (name, commit) in tips {
            let tree = try repo.treeID(ofCommit: commit)
            guard let folder = try repo.entryID(at: ws.store.folder, inTree: tree) else { continue }
            for file in try repo.files(inTree: folder, prefix: ws.store.folder, seen: &seen) {
                guard ExperimentFileName.isExperimentPath(file.path, folder: ws.store.folder) else { continue }
                if parsed[file.blob] == nil {
                    do {
                        parsed[file.blob] = try ExperimentDocument(path: file.path, bytes: repo.blobContents(file.blob)).experiment
                    } catch let e as FileError {
                        parsed[file.blob] = .some(nil)
                        // Other YAML in the folder is not an experiment, nor a problem.
                        if !e.notAnExperiment {
                            problems.append(FileError(path: "\(name):\(e.path)", line: e.line, column: e.column, message: e.message))
                        }
                    }
                }
                guard let e = parsed[file.blob] ?? nil else { continue }
                var versions = byID[e.id, default: []]
                if let i = versions.firstIndex(where: { $0.blob == file.blob }) {
                    if !versions[i].branches.contains(name) { versions[i].tips.append((name, commit)) }
                } else {
                    versions.append(Version(blob: file.blob, path: file.path, tips: [(name, commit)], experiment: e))
                }
                byID[e.id] = versions
            }
        }
        // `branchTips` gives local branches, then remote-tracking ones, each by name.
        var rank: [String: Int] = [:]
        for (i, tip) in tips.enumerated() where rank[tip.0] == nil { rank[tip.0] = i + 1 }
        if let current { rank[current] = 0 }
        func before(_ a: String, _ b: String) -> Bool { (rank[a] ?? .max, a) < (rank[b] ?? .max, b) }
        var rows = byID.map { id, found -> Row in
            let versions = found.map { v in
                var v = v
                v.tips.sort { before($0.branch, $1.branch) }
                return v
            }.sorted { before($0.tips.first?.branch ?? "", $1.tips.first?.branch ?? "") }
            let mine = versions.first { v in current.map { v.branches.contains($0) } ?? false }
            return Row(id: id, shown: mine ?? versions[0], versions: versions, onCurrentBranch: mine != nil,
                       branches: versions.flatMap(\.branches).sorted(by: before))
        }
        // The same review state as `ff list`: HEAD's version against the review branches' tips.
        let inReview = ReviewLookup.find(ws, open: {
            Set(rows.lazy.filter { $0.onCurrentBranch && $0.shown.experiment.status.isOpen }.map(\.id))
        })
        for i in rows.indices { rows[i].review = inReview[rows[i].id]?.review }
        let sorted = rows.sorted {
            ($0.shown.experiment.created?.timeIntervalSince1970 ?? -.infinity, $0.id) < ($1.shown.experiment.created?.timeIntervalSince1970 ?? -.infinity, $1.id)
        }
        return (sorted, problems)
    }

    /// Fitted to `width` columns when given, as `ff list` is.
    public static func table(_ rows: [Row], now: Date, painter p: Painter, width: Int? = nil) -> String {
        guard !rows.isEmpty else { return "" }
        let cells: [[String]] = rows.map { r in
            let e = r.shown.experiment
            var status = e.status.rawValue
            var progress = ListView.progressCell(e.status, daysLeft: e.daysLeft(at: now), outcome: e.conclusion?.outcome)
            if let review = r.review { (status, progress) = ("in review", review.outcome?.rawValue ?? "") }
            var branches = r.branches.map(SafeText.line).joined(separator: ", ")
            if r.diverged { branches += " (\(r.versions.count) versions)" }
            return [r.id, status, progress, SafeText.line(e.title), branches]
        }
        let table = TextTable(columns: [
            .init("ID"), .init("STATUS"), .init("PROGRESS", dropOrder: 1),
            .init("TITLE", text: (minimum: 16, weight: 3)), .init("BRANCHES", text: (minimum: 10, weight: 2)),
        ], rows: cells)
        var out = table.render(width: width, header: p.dim) { i, column, cell in
            let r = rows[i]
            if column == 1 && r.review != nil { return p.yellow(cell) }
            if column == 1 { return cell.replacingAll(r.shown.experiment.status.rawValue, with: p.status(r.shown.experiment.status)) }
            if column == 4 && !r.onCurrentBranch { return p.yellow(cell) }
            return cell
        }
        let diverged = rows.filter(\.diverged)
        if !diverged.isEmpty { out.append("") }
        for r in diverged {
            // Each branch with the commit that has this version: what `git show` takes.
            let versions = r.versions.map { $0.tips.map { "\(SafeText.line($0.branch)) (\($0.commit.hex.prefix(7)))" }.joined(separator: ", ") }
            out.append(p.yellow("\(r.id) has diverged between branches: ") + versions.joined(separator: " ≠ "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ rows: [Row], now: Date) -> String {
        var w = JSONWriter(pretty: true)
        w.array(rows) { w, r in
            w.object { w in
                w.field("id", r.id)
                w.key("experiment")
                let e = r.shown.experiment
                e.writeJSON(into: &w, before: { $0.field("path", r.shown.path) }, after: { w in
                    w.field("days_left", e.status == .running ? e.daysLeft(at: now) : nil)
                    w.field("overdue", e.isOverdue(at: now))
                    w.key("review")
                    if let review = r.review { review.writeJSON(into: &w) } else { w.null() }
                })
                w.field("on_current_branch", r.onCurrentBranch)
                w.field("branches", strings: r.branches)
                w.field("diverged", r.diverged)
                w.key("versions")
                w.array(r.versions) { w, v in
                    w.object { w in
                        w.field("blob", v.blob.hex)
                        w.field("path", v.path)
                        w.field("branches", strings: v.branches)
                        w.field("status", v.experiment.status.rawValue)
                        w.key("commits")
                        w.array(v.tips) { w, t in
                            w.object { w in
                                w.field("branch", t.branch)
                                w.field("commit", t.commit.hex)
                            }
                        }
                    }
                }
            }
        }
        return w.output
    }
}

