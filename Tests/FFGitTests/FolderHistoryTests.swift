import FFGit
import Foundation
import TestSupport
import Testing

@Suite struct FolderHistoryTests {
    /// A history with experiment changes, code commits, a merge, and a side branch.
    func makeHistory() throws -> (TempDir, TempDir, Git) {
        let dir = TempDir("ffgit-folder"), home = TempDir("ffgit-folder-home")
        let git = Git(dir.path, environment: isolatedEnvironment(home: home.path))
        try git("init", "-q", "-b", "main")
        var n = 0
        func commit(_ message: String) throws {
            n += 1
            let date = String(format: "2026-10-%02dT09:00:00Z", n)
            try TestSupport.run("/usr/bin/git", ["commit", "-q", "-m", message], in: dir.path,
                                environment: git.environment.merging(["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]) { $1 })
        }
        try dir.write("README.md", "hello\n")
        try git("add", ".")
        try commit("readme")
        try dir.write("experiments/2026-10/aaaa0001-one.yaml", "one\n")
        try git("add", ".")
        try commit("new one\n\nFF-Experiment: aaaa0001\nFF-Action: new")
        try dir.write("src/a.txt", "code\n")
        try git("add", ".")
        try commit("code only")
        try git("checkout", "-q", "-b", "side")
        try dir.write("experiments/2026-10/aaaa0002-two.yaml", "two\n")
        try git("add", ".")
        try commit("new two on a branch")
        try git("checkout", "-q", "main")
        try dir.write("src/a.txt", "more code\n")
        try git("commit", "-q", "-am", "code again")
        try git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        try dir.write("experiments/2026-10/aaaa0001-one.yaml", "one, edited by hand\n")
        try git("commit", "-q", "-am", "edit one by hand")
        return (dir, home, git)
    }

    /// The git CLI's answer: commits whose experiments tree differs from their first parent's.
    func oracle(_ git: Git) throws -> Set<String> {
        var out = Set<String>()
        for c in try git("rev-list", "HEAD").split(separator: "\n").map(String.init) {
            let mine = try git.run("rev-parse", "-q", "--verify", "\(c):experiments").stdout
            let parent = try git.run("rev-parse", "-q", "--verify", "\(c)^1:experiments").stdout
            if mine != parent { out.insert(c) }
        }
        return out
    }

    @Test func reportsExactlyTheCommitsThatChangedTheFolder() throws {
        let (dir, _, git) = try makeHistory()
        let repo = try Repository.open(containing: dir.path)
        var seen: [FolderChange] = []
        var progress: [Int] = []
        try repo.folderHistory("experiments", progress: { progress.append($0) }) { seen.append($0) }
        #expect(Set(seen.map(\.commit.id.hex)) == (try oracle(git)))
        #expect(Set(seen.map(\.commit.subject)) == ["new one", "new two on a branch", "merge side", "edit one by hand"])
        #expect(progress.last == 7)
        let merge = seen.first { $0.commit.subject == "merge side" }!
        #expect(merge.commit.isMerge)
        #expect(try repo.changedFiles(from: merge.oldFolder, to: merge.newFolder, prefix: "experiments").map(\.path)
            == ["experiments/2026-10/aaaa0002-two.yaml"])
        // Copied out of the raw commit exactly as git records it.
        let first = seen.first { $0.commit.subject == "new one" }!
        #expect(first.commit.message == "new one\n\nFF-Experiment: aaaa0001\nFF-Action: new\n")
        #expect(first.commit.author.name == "Ana Lima" && first.commit.author.email == "ana@example.com")
        #expect(String(first.commit.author.time) == (try git("log", "-1", "--format=%at", first.commit.id.hex)))
        #expect(first.oldFolder == nil && first.newFolder != nil && !first.isShallowBoundary)
    }

    @Test func hidingWalksOnlyWhatIsNew() throws {
        let (dir, _, git) = try makeHistory()
        let repo = try Repository.open(containing: dir.path)
        let old = try repo.resolve("HEAD~1")
        var seen: [String] = []
        try repo.folderHistory("experiments", hiding: [old]) { seen.append($0.commit.subject) }
        #expect(seen == ["edit one by hand"])
        // A range ending before HEAD.
        let side = try repo.resolve("side")
        seen = []
        try repo.folderHistory("experiments", from: side, hiding: [try repo.resolve("main~3")]) { seen.append($0.commit.subject) }
        #expect(seen == ["new two on a branch"])
        #expect(try repo.isDescendant(repo.resolve("HEAD"), of: old))
        #expect(!(try repo.isDescendant(old, of: repo.resolve("HEAD"))))
        _ = git
    }

    @Test func aShallowCloneIsWalkedAndItsEdgeMarked() throws {
        let (dir, home, _) = try makeHistory()
        let clone = TempDir("ffgit-shallow")
        let env = isolatedEnvironment(home: home.path)
        let r = try TestSupport.run("/usr/bin/git", ["clone", "-q", "--depth", "2", "file://" + dir.path, clone.path + "/c"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let repo = try Repository.open(containing: clone.path + "/c")
        #expect(repo.isShallow)
        let boundaries = repo.shallowBoundaries()
        #expect(!boundaries.isEmpty)
        var seen: [FolderChange] = []
        try repo.folderHistory("experiments") { seen.append($0) }
        // The edge commit has the experiments but not its parent: marked, never taken as news.
        let edges = seen.filter(\.isShallowBoundary)
        #expect(!edges.isEmpty)
        #expect(edges.allSatisfy { boundaries.contains($0.commit.id) && $0.oldFolder == nil })
        #expect(seen.contains { $0.commit.subject == "edit one by hand" && !$0.isShallowBoundary })
        // The general walk too (libgit2 1.5's revwalk alone fails there): parents first.
        var walked: [String] = []
        try repo.walk { walked.append($0.subject); return true }
        #expect(walked == ["merge side", "edit one by hand"])
    }
}
