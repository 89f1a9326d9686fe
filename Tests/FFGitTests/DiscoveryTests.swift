import FFGit
import Foundation
import TestSupport
import Testing

/// Which repository and working tree `GIT_DIR`, `GIT_WORK_TREE`, `core.bare` and
/// `core.worktree` name, with `git rev-parse` run in the same folder with the same
/// environment as the oracle.
@Suite struct DiscoveryTests {
    /// Folders `a` (a repository with a linked worktree `w`), `b` (a plain folder), `c.git` (a
    /// bare clone of `a` with a linked worktree `w2`) and `s` (a plain folder).
    struct Layout {
        let top = TempDir("ffgit-discovery")
        let home = TempDir("ffgit-home")
        let env: [String: String]

        init() throws {
            env = isolatedEnvironment(home: home.path)
            for dir in ["a", "b", "s/deeper"] {
                try FileManager.default.createDirectory(atPath: top.file(dir), withIntermediateDirectories: true)
            }
            let git = Git(top.path, environment: env)
            try git("init", "-q", "a")
            try git("-C", "a", "commit", "-q", "--allow-empty", "-m", "first")
            try git("-C", "a", "worktree", "add", "-q", "../w")
            try git("clone", "-q", "--bare", "a", "c.git")
            try git("-C", "c.git", "worktree", "add", "-q", "../w2")
        }

        func path(_ rel: String) -> String { top.file(rel) }

        /// What git takes as the git folder and the working tree (nil when bare), from `dir`
        /// with `extra` in the environment.
        func git(from dir: String, _ extra: [String: String]) throws -> (gitDir: String, workdir: String?) {
            let git = Git(path(dir), environment: env.merging(extra) { $1 })
            let gitDir = try git("rev-parse", "--absolute-git-dir")
            let bare = try git("rev-parse", "--is-bare-repository") == "true"
            return (gitDir, bare ? nil : try git("rev-parse", "--show-toplevel"))
        }

        func ff(from dir: String, _ extra: [String: String]) throws -> (gitDir: String, workdir: String?)? {
            guard let repo = try Repository.discover(from: path(dir), environment: env.merging(extra) { $1 }) else { return nil }
            return (repo.gitDir, repo.workdir)
        }
    }

    @Test func theRepositoryAndWorkingTreeAreGitsInEveryCase() throws {
        let l = try Layout()
        let cases: [(from: String, env: [String: String], config: [(String, String, String)])] = [
            // GIT_DIR alone: the current folder is the top of the working tree.
            ("s", ["GIT_DIR": "../a/.git"], []),
            ("s/deeper", ["GIT_DIR": l.path("a/.git")], []),
            // With GIT_WORK_TREE, relative to the current folder.
            ("s", ["GIT_DIR": "../a/.git", "GIT_WORK_TREE": "../a"], []),
            ("s", ["GIT_DIR": "../a/.git", "GIT_WORK_TREE": "../b"], []),
            // core.worktree, relative to the git folder; GIT_WORK_TREE wins over it.
            ("s", ["GIT_DIR": "../a/.git"], [("a", "core.worktree", "../../b")]),
            ("s", ["GIT_DIR": "../a/.git", "GIT_WORK_TREE": "."], [("a", "core.worktree", "../../b")]),
            // core.bare: no working tree, unless GIT_WORK_TREE gives one.
            ("s", ["GIT_DIR": "../c.git"], []),
            ("s", ["GIT_DIR": "../c.git", "GIT_WORK_TREE": "../b"], []),
            ("s", ["GIT_DIR": "../a/.git"], [("a", "core.bare", "true")]),
            // GIT_WORK_TREE alone: the repository is searched for as usual.
            ("a", ["GIT_WORK_TREE": "../b"], []),
            ("c.git", ["GIT_WORK_TREE": "../b"], []),
            // Linked worktrees: core.bare and core.worktree of the main repository do not apply.
            ("w", ["GIT_DIR": "../a/.git/worktrees/w"], []),
            ("s", ["GIT_DIR": "../a/.git/worktrees/w"], [("a", "core.worktree", "../../b")]),
            ("w2", ["GIT_DIR": "../c.git/worktrees/w2"], []),
            // Nothing set: the search, as before.
            ("w", [:], []),
            ("a", [:], [("a", "core.worktree", "../../b")]),
        ]
        for c in cases {
            for (repo, key, value) in c.config { try Git(l.path(repo), environment: l.env)("config", key, value) }
            defer { for (repo, key, _) in c.config { _ = try? Git(l.path(repo), environment: l.env)("config", "--unset", key) } }
            let git = try l.git(from: c.from, c.env)
            let ff = try #require(try l.ff(from: c.from, c.env), "\(c)")
            #expect(ff.gitDir == git.gitDir, "\(c)")
            #expect(ff.workdir == git.workdir, "\(c)")
        }
    }

    @Test func namesGitCannotUseAreClearErrors() throws {
        let l = try Layout()
        func failure(_ extra: [String: String]) throws -> String {
            #expect(try Git(l.path("s"), environment: l.env.merging(extra) { $1 }).run("status").status != 0, "\(extra)")
            do {
                _ = try l.ff(from: "s", extra)
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(try failure(["GIT_DIR": "../b"]) == "GIT_DIR is '../b', which is not a git repository: point it at a repository's .git folder, or unset it")
        #expect(try failure(["GIT_DIR": "../nowhere"]) == "GIT_DIR is '../nowhere', which is not a git repository: point it at a repository's .git folder, or unset it")
        #expect(try failure(["GIT_DIR": ""]) == "GIT_DIR is set but empty, which git refuses too: unset it, or point it at the repository")
        #expect(try failure(["GIT_DIR": "../a/.git", "GIT_WORK_TREE": "../nowhere"])
            == "the working tree from GIT_WORK_TREE ('../nowhere') is not a folder: point it at the working tree, or unset it")
        // Without GIT_DIR, a folder outside any repository is no repository, as before.
        #expect(try l.ff(from: "s", [:]) == nil)
    }

    /// Another thread's handle opens exactly the same repository and working tree.
    @Test func aReopenedHandleKeepsTheWorkingTree() throws {
        let l = try Layout()
        let repo = try #require(try Repository.discover(from: l.path("s"), environment: l.env.merging(["GIT_DIR": "../a/.git", "GIT_WORK_TREE": "../b"]) { $1 }))
        let other = try repo.reopened()
        #expect(other.location == repo.location)
        #expect(other.workdir == l.path("b"))
    }
}
