import FFGit
import FailForward

/// `ff conclude --review`: the conclusion goes on a new branch `debrief/<id>-<slug>`, made
/// from HEAD and checked out, so that it can be pushed and reviewed as a pull request.
public struct ReviewBranch {
    public let ws: Workspace
    public let name: String
    /// The branch HEAD was on, which the pull request goes into.
    public let base: String

    /// Why a review branch cannot be made; every refusal leaves everything as it was.
    public enum Refusal: Error, CustomStringConvertible {
        case detached
        case unborn(String)
        case exists(String)
        case invalidName(String)
        case operation(String)
        case stagedAndChanged(String)

        public var description: String {
            switch self {
            case .detached:
                return "HEAD is detached: check out the branch the debrief should go into (git switch <branch>), then run ff conclude --review again"
            case let .unborn(branch):
                return "\(branch) has no commit yet: a review branch starts from one"
            case let .exists(name):
                return "branch \(name) already exists: review the debrief there, or delete it first (git branch -D \(name))"
            case let .invalidName(name):
                return "'\(SafeText.line(name))' is not a valid branch name"
            case let .operation(what):
                return "\(what) is in progress: finish or abort it before ff conclude --review switches branches"
            case let .stagedAndChanged(path):
                return "\(path) has staged changes and further unstaged ones; the conclusion would drop what is staged: commit or unstage them first (git restore --staged \(path))"
            }
        }
    }

    public static func branchName(for e: Experiment, path: String) -> String {
        let slug = ExperimentFileName.parts(path).map(\.slug).flatMap { $0.isEmpty ? nil : $0 } ?? Slug.make(from: e.title)
        return "debrief/\(e.id)-\(slug)"
    }

    /// Checks that the switch would clobber nothing, then creates the branch at HEAD and
    /// checks it out. The index and working tree do not change: the branch is at HEAD's commit.
    public static func create(_ ws: Workspace, for e: Experiment, path: String) throws -> ReviewBranch {
        let repo = ws.repo
        let head = try repo.head()
        let base: String
        let commit: ObjectID
        switch head {
        case .detached: throw Refusal.detached
        case let .unborn(branch): throw Refusal.unborn(head.branchName ?? branch)
        case let .branch(_, id):
            guard let name = head.branchName else { throw Refusal.detached }
            base = name
            commit = id
        }
        if let what = repo.operationInProgress { throw Refusal.operation(what) }
        if repo.hasStagedAndUnstagedChanges(path) { throw Refusal.stagedAndChanged(path) }
        let name = branchName(for: e, path: path)
        guard repo.isValidBranchName(name) else { throw Refusal.invalidName(name) }
        guard !repo.branchExists(name) else { throw Refusal.exists(name) }
        // The journal names the switch before it happens: a kill from here on is undone by
        // the next ff command unless the commit landed.
        ws.switchedBranch = (name, base)
        try ws.writeJournal(Journal(head: commit, indexLock: ws.heldIndexLockInode, files: [], branch: (name, base)))
        try repo.createBranch(name, at: commit)
        do {
            try repo.attachHead(toBranch: name)
        } catch {
            repo.deleteBranch(name)
            ws.switchedBranch = nil
            ws.clearJournal()
            throw error
        }
        Fault.point("branch-switched", in: ws.env)
        return ReviewBranch(ws: ws, name: name, base: base)
    }

    /// Puts HEAD back on the base branch and removes the review branch (the commit failed).
    public func undo() {
        try? ws.repo.attachHead(toBranch: base)
        ws.repo.deleteBranch(name)
        ws.switchedBranch = nil
        // The journal that named the switch (a commit that failed before writing its own
        // leaves it): nothing is left to settle.
        ws.clearJournal()
    }

    /// What the command line says after making a review branch: how to open its pull request.
    public struct Announcement {
        public var branch: String
        public var base: String
        public var remote: String
        /// No remote of that name is configured yet.
        public var remoteMissing: Bool
        public var title: String
        public var id: String
        /// The file that holds the pull request's body.
        public var bodyFile: String
    }

    /// Writes the debrief body under `.git/ff/` and returns how to open the pull request.
    public func announcement(_ e: Experiment, path: String) throws -> Announcement {
        let debrief = try ws.debrief(of: e, at: path)
        let dir = ws.repo.commonDir + "/ff"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let body = dir + "/debrief-\(e.id).md"
        do {
            try AtomicFile.write(Array(debrief.markdown.utf8), to: body)
        } catch {
            throw WorkspaceError.io("cannot write \(body)")
        }
        let config = try ws.repo.config()
        let remote = config.string("branch.\(base).remote").flatMap { $0 == "." ? nil : $0 } ?? "origin"
        return Announcement(branch: name, base: base, remote: remote, remoteMissing: config.string("remote.\(remote).url") == nil,
                            title: e.title, id: e.id, bodyFile: body)
    }

    /// A word for a POSIX shell: as it is when that is safe, else in single quotes.
    public static func shellQuoted(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_./:@%+=,".unicodeScalars.contains($0)) }
        if safe && !s.isEmpty { return s }
        return "'" + s.replacingAll("'", with: "'\\''") + "'"
    }
}
