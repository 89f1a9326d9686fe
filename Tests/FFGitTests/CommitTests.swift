import FFGit
import Foundation
import TestSupport
import Testing

/// A repository made by the adapter, with its identity in its own config; the git CLI checks it.
private struct Fixture {
    let dir = TempDir("ffgit")
    let home = TempDir("ffgit-home")
    let repo: Repository
    let git: Git
    let identity = Identity(
        author: Signature(name: "Ana Lima", email: "ana@example.com", time: 1_764_320_040, offsetMinutes: 60),
        committer: Signature(name: "Bo Chen", email: "bo@example.com", time: 1_764_320_100, offsetMinutes: 0)
    )

    init() throws {
        repo = try Repository.create(at: dir.path)
        try repo.setConfig("user.name", "Repo User")
        try repo.setConfig("user.email", "repo@example.com")
        git = Git(dir.path, environment: isolatedEnvironment(home: home.path, identity: false))
    }

    func commit(_ paths: [String], _ message: String = "change\n\nFF-Action: test\n") throws -> CommitResult {
        try repo.commit(paths: paths, message: message, identity: identity)
    }
}

@Suite struct CommitTests {
    @Test func firstCommitOnAnUnbornBranch() throws {
        let f = try Fixture()
        try f.dir.write("experiments/2026-11/abcd1234-x.yaml", "ff: 1\n")
        #expect(try f.repo.head() == .unborn(branch: "refs/heads/master") || (try f.repo.head().branchName) != nil)
        let r = try f.commit(["experiments/2026-11/abcd1234-x.yaml"])
        #expect(r.parent == nil)
        #expect(r.indexUpdated)
        #expect(try f.git("rev-parse", "HEAD") == r.id.hex)
        #expect(try f.git("show", "--name-only", "--format=", "HEAD") == "experiments/2026-11/abcd1234-x.yaml")
        #expect(try f.git("status", "--porcelain") == "")
        try f.git("fsck", "--strict")
        #expect(try f.git("log", "-1", "--format=%an <%ae> %ad|%cn <%ce>", "--date=raw") == "Ana Lima <ana@example.com> 1764320040 +0100|Bo Chen <bo@example.com>")
        #expect(try f.git("reflog", "-1", "--format=%gs") == "commit (initial): change")
    }

    @Test func commitsOnlyThePathAndKeepsOtherStagedWork() throws {
        let f = try Fixture()
        try f.dir.write("README", "hello\n")
        _ = try f.commit(["README"])
        try f.dir.write("staged.txt", "staged\n")
        try f.git("add", "staged.txt")
        try f.dir.write("README", "hello, changed but unstaged\n")
        try f.dir.write("experiments/2026-11/abcd1234-x.yaml", "ff: 1\n")
        let r = try f.commit(["experiments/2026-11/abcd1234-x.yaml"])
        #expect(try f.git("show", "--name-only", "--format=", "HEAD") == "experiments/2026-11/abcd1234-x.yaml")
        #expect(try f.git("status", "--porcelain") == " M README\nA  staged.txt")
        #expect(try f.git("rev-parse", "HEAD~1") == r.parent?.hex)
        try f.git("fsck", "--strict")
    }

    @Test func nestedFoldersAreBuiltAndDeletionsDropEmptyTrees() throws {
        let f = try Fixture()
        try f.dir.write("a/b/c/one.yaml", "1\n")
        try f.dir.write("a/b/two.yaml", "2\n")
        try f.dir.write("top.txt", "t\n")
        _ = try f.commit(["a/b/c/one.yaml", "a/b/two.yaml", "top.txt"])
        #expect(try f.git("ls-tree", "-r", "--name-only", "HEAD") == "a/b/c/one.yaml\na/b/two.yaml\ntop.txt")
        try FileManager.default.removeItem(atPath: f.dir.file("a/b/c/one.yaml"))
        _ = try f.commit(["a/b/c/one.yaml"])
        #expect(try f.git("ls-tree", "-r", "-t", "--name-only", "HEAD") == "a\na/b\na/b/two.yaml\ntop.txt")
        #expect(try f.git("status", "--porcelain") == "")
        try f.git("fsck", "--strict")
    }

    @Test func anUnchangedFileIsNothingToCommit() throws {
        let f = try Fixture()
        try f.dir.write("x.yaml", "x\n")
        _ = try f.commit(["x.yaml"])
        #expect(throws: CommitError.nothingToCommit) { try f.commit(["x.yaml"]) }
    }

    @Test func refusesPathsOutsideTheTreeAndSymlinks() throws {
        let f = try Fixture()
        for bad in ["../x", "/etc/passwd", "a//b", ".git/config", "a/./b"] {
            #expect(throws: CommitError.invalidPath(bad)) { try f.commit([bad]) }
        }
        try f.dir.write("target.txt", "t\n")
        try FileManager.default.createSymbolicLink(atPath: f.dir.file("link.yaml"), withDestinationPath: "target.txt")
        #expect(throws: CommitError.notARegularFile("link.yaml")) { try f.commit(["link.yaml"]) }
    }

    @Test func aDetachedHeadMovesItself() throws {
        let f = try Fixture()
        try f.dir.write("x.yaml", "x\n")
        let first = try f.commit(["x.yaml"])
        try f.git("checkout", "-q", "--detach")
        try f.dir.write("x.yaml", "y\n")
        let second = try f.commit(["x.yaml"])
        #expect(second.branch == nil)
        #expect(try f.git("rev-parse", "HEAD") == second.id.hex)
        #expect(try f.git("rev-parse", "master") == first.id.hex)
    }

    /// Writers on separate handles race for the branch; the compare-and-swap retries so that
    /// every commit lands and none is lost.
    @Test func concurrentWritersNeverLoseACommit() throws {
        let f = try Fixture()
        try f.dir.write("seed", "s\n")
        _ = try f.commit(["seed"])
        let n = 8
        for i in 0..<n { try f.dir.write("f\(i).yaml", "\(i)\n") }
        let errors = Locked<[String]>([])
        let path = f.dir.path, identity = f.identity
        DispatchQueue.concurrentPerform(iterations: n) { i in
            do {
                let repo = try Repository.open(containing: path)
                _ = try repo.commit(paths: ["f\(i).yaml"], message: "c\(i)\n", identity: identity, maxAttempts: 50)
            } catch {
                errors.mutate { $0.append("\(error)") }
            }
        }
        #expect(errors.value == [])
        #expect(try f.git("rev-list", "--count", "HEAD") == "\(n + 1)")
        #expect(try f.git("ls-tree", "--name-only", "HEAD").split(separator: "\n").count == n + 1)
        try f.git("fsck", "--strict")
    }

    @Test func readsFilesAtACommit() throws {
        let f = try Fixture()
        try f.dir.write("d/x.yaml", "one\n")
        let c = try f.commit(["d/x.yaml"])
        #expect(try f.repo.fileContents(at: "d/x.yaml", in: c.id) == Array("one\n".utf8))
        #expect(try f.repo.fileContents(at: "d/missing", in: c.id) == nil)
        #expect(try Repository.blobID(of: Array("one\n".utf8)).hex == f.git("rev-parse", "HEAD:d/x.yaml"))
    }
}

final class Locked<T>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&v); lock.unlock() }
}

@Suite struct FilterTests {
    /// With `core.autocrlf` or a converting attribute the file goes through git's filters, as
    /// `git add` would; without, its bytes are the blob. Either way the blob is git's.
    @Test func blobsMatchWhatGitAddWouldStore() throws {
        for setup in ["none", "autocrlf", "attributes", "merge-only attributes"] {
            let dir = TempDir("ffgit-filter"), home = TempDir("ffgit-filter-home")
            let git = Git(dir.path, environment: isolatedEnvironment(home: home.path))
            try git("init", "-q")
            switch setup {
            case "autocrlf": try git("config", "core.autocrlf", "true")
            case "attributes": try dir.write(".gitattributes", "*.yaml text eol=lf\n")
            case "merge-only attributes": try dir.write(".gitattributes", "experiments/** merge=ff\n")
            default: break
            }
            try dir.write("experiments/x.yaml", "a: 1\r\nb: 2\r\n")
            let repo = try Repository.open(containing: dir.path)
            let identity = Identity(author: Signature(name: "A", email: "a@x", time: 1_795_857_240),
                                    committer: Signature(name: "A", email: "a@x", time: 1_795_857_240))
            _ = try repo.commit(paths: ["experiments/x.yaml"], message: "x\n", identity: identity)
            let committed = try git("rev-parse", "HEAD:experiments/x.yaml")
            let wouldAdd = try git("hash-object", "--path", "experiments/x.yaml", "experiments/x.yaml")
            #expect(committed == wouldAdd, "\(setup)")
            #expect(repo.noFilterCanApply(to: "experiments/x.yaml", workdir: dir.path) == (setup == "none" || setup == "merge-only attributes"), "\(setup)")
        }
    }
}
