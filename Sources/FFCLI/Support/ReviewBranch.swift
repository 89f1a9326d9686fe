import FFGit
import FailForward

/// `ff conclude --review`: the conclusion goes on a new branch `debrief/<id>-<slug>`, made
/// from HEAD and checked out, so that it can be pushed and reviewed as a pull request.
struct ReviewBranch {
    let ws: Workspace
    let name: String
    /// The branch HEAD was on, which the pull request goes into.
    let base: String

    /// Why a review branch cannot be made; every refusal leaves everything as it was.
    enum Refusal: Error, CustomStringConvertible {
        case detached
        case unborn(String)
        case exists(String)
        case invalidName(String)
        case operation(String)
        case stagedAndChanged(String)

        var description: String {
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

    static func branchName(for e: Experiment, path: String) -> String {
        let slug = ExperimentStore.nameParts(path).map(\.slug).flatMap { $0.isEmpty ? nil : $0 } ?? Slug.make(from: e.title)
        return "debrief/\(e.id)-\(slug)"
    }

    /// Checks that the switch would clobber nothing, then creates the branch at HEAD and
    /// checks it out. The index and working tree do not change: the branch is at HEAD's commit.
    static func create(_ ws: Workspace, for e: Experiment, path: String) throws -> ReviewBranch {
        let repo = ws.repo
        let head = try repo.head()
        let base: String
        let commit: ObjectID
        switch head {
        case .detached: throw Refusal.detached
        case let .unborn(branch): throw Refusal.unborn(head.branchName ?? branch)
        case let .branch(_, id):
            base = head.branchName!
            commit = id
        }
        if let what = repo.operationInProgress { throw Refusal.operation(what) }
        if repo.hasStagedAndUnstagedChanges(path) { throw Refusal.stagedAndChanged(path) }
        let name = branchName(for: e, path: path)
        guard repo.isValidBranchName(name) else { throw Refusal.invalidName(name) }
        guard !repo.branchExists(name) else { throw Refusal.exists(name) }
        try repo.createBranch(name, at: commit)
        do {
            try repo.attachHead(toBranch: name)
        } catch {
            repo.deleteBranch(name)
            throw error
        }
        return ReviewBranch(ws: ws, name: name, base: base)
    }

    /// Puts HEAD back on the base branch and removes the review branch (the commit failed).
    func undo() {
        try? ws.repo.attachHead(toBranch: base)
        ws.repo.deleteBranch(name)
    }

    /// Writes the debrief body under `.git/ff/` and says how to open the pull request.
    func announce(_ e: Experiment, path: String) throws {
        let debrief = try ws.debrief(of: e, at: path)
        let dir = ws.repo.commonDir + "/ff"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let body = dir + "/debrief-\(e.id).md"
        guard FileManager.default.createFile(atPath: body, contents: Data(debrief.markdown.utf8)) else {
            throw FFError.io("cannot write \(body)")
        }
        let config = try ws.repo.config()
        let remote = config.string("branch.\(base).remote").flatMap { $0 == "." ? nil : $0 } ?? "origin"
        let p = ws.ctx.painter
        let out = ws.ctx.console
        out.out("On branch \(p.bold(name)) (from \(base)): ff commits for other experiments are refused here until you git switch \(Self.shellQuoted(base)) (or give --here). To open the pull request:\n")
        if config.string("remote.\(remote).url") == nil {
            out.out("  git remote add \(remote) <url>    # no remote '\(remote)' yet\n")
        }
        out.out("  git push -u \(Self.shellQuoted(remote)) \(name)\n")
        out.out("  gh pr create --base \(Self.shellQuoted(base)) --head \(name) --title \(Self.shellQuoted("Debrief: " + SafeText.line(e.title))) --body-file \(Self.shellQuoted(body))\n")
        out.out(p.dim("The body (ff debrief \(e.id) prints it again): \(SafeText.line(body))") + "\n")
    }

    /// A word for a POSIX shell: as it is when that is safe, else in single quotes.
    static func shellQuoted(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_./:@%+=,".unicodeScalars.contains($0)) }
        if safe && !s.isEmpty { return s }
        return "'" + s.replacingAll("'", with: "'\\''") + "'"
    }
}
