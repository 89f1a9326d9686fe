import Foundation
import TestSupport
import Testing

/// `GIT_DIR` and `GIT_WORK_TREE` choose the repository for ff as for git: the built ff is
/// run with them, and git, with the same environment, is the oracle.
@Suite struct RepositoryEnvironmentTests {
    let ff = ffExecutable()

    func environment(_ home: TempDir) -> [String: String] {
        var env = isolatedEnvironment(home: home.path)
        // The hooks git runs call the built ff.
        env["PATH"] = (ff as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        return env
    }

    func running(in dir: String, _ env: [String: String]) throws -> String {
        let new = try run(ff, ["new", "Weekly demo to sponsors", "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                               "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                               "--data", "follow-up requests: count replies", "--days", "14", "--reversible",
                               "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)"], in: dir, environment: env)
        #expect(new.status == 0, "\(new.stderr)")
        let id = try Git(dir, environment: env)("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir, environment: env).status == 0)
        return id
    }

    /// From inside one repository, GIT_DIR and GIT_WORK_TREE (relative to the current folder)
    /// name another: the note lands there, as git's commits would, past ff's own hooks, and
    /// the first is untouched.
    @Test func aNoteLandsInTheRepositoryGitDirNames() throws {
        let top = TempDir("ff-gitdir"), home = TempDir("ff-gitdir-home")
        let env = environment(home)
        for name in ["here", "elsewhere"] {
            try FileManager.default.createDirectory(atPath: top.file(name), withIntermediateDirectories: true)
            #expect(try run(ff, ["init"], in: top.file(name), environment: env).status == 0)
        }
        let id = try running(in: top.file("elsewhere"), env)
        let here = Git(top.file("here"), environment: env), elsewhere = Git(top.file("elsewhere"), environment: env)
        let hereHead = try here("rev-parse", "HEAD"), elsewhereHead = try elsewhere("rev-parse", "HEAD")

        // From a subfolder: the hooks, run in the other working tree, are given absolute paths.
        var pointed = env
        pointed["GIT_DIR"] = "../../elsewhere/.git"
        pointed["GIT_WORK_TREE"] = "../../elsewhere"
        let note = try run(ff, ["note", id, "Seen from the other repository."], in: top.file("here/experiments"), environment: pointed)
        #expect(note.status == 0, "\(note.stderr)")
        #expect(try elsewhere("rev-parse", "HEAD~1") == elsewhereHead)
        #expect(try elsewhere("log", "-1", "--format=%s") == "note \(id): Weekly demo to sponsors")
        // git, from the same folder with the same environment, sees the same commit.
        #expect(try Git(top.file("here/experiments"), environment: pointed)("log", "-1", "--format=%s") == "note \(id): Weekly demo to sponsors")
        let path = try elsewhere("show", "HEAD", "--name-only", "--format=")
        #expect(try top.read("elsewhere/" + path).contains("Seen from the other repository."))
        #expect(try elsewhere("status", "--porcelain") == "")
        #expect(try here("rev-parse", "HEAD") == hereHead)
        #expect(try here("status", "--porcelain", "--untracked-files=all") == "")
        #expect(try elsewhere("fsck", "--strict") == "")
    }

    /// A git folder apart from its working tree (`core.bare = false`): `GIT_DIR` relative to
    /// the folder `-C` names, which is then the working tree, as git documents. ff init, new
    /// and start work there, and ff's hooks, run by git for commits made by hand with the same
    /// variables, check the right repository: the commit-msg hook adds its trailers and the
    /// pre-commit hook stops a change of a locked field.
    @Test func aSeparateGitDirWithItsHooks() throws {
        let top = TempDir("ff-gitdir"), home = TempDir("ff-gitdir-home")
        var env = environment(home)
        try Git(top.path, environment: env)("init", "-q", "--bare", "store.git")
        try Git(top.file("store.git"), environment: env)("config", "core.bare", "false")
        try FileManager.default.createDirectory(atPath: top.file("tree"), withIntermediateDirectories: true)
        env["GIT_DIR"] = "../store.git"
        let initialised = try run(ff, ["-C", "tree", "init"], in: top.path, environment: env)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(!initialised.stdout.contains("Initialised an empty git repository"))
        #expect(FileManager.default.fileExists(atPath: top.file("tree/.ff/config.yaml")))
        #expect(FileManager.default.isExecutableFile(atPath: top.file("store.git/hooks/pre-commit")))
        #expect(!FileManager.default.fileExists(atPath: top.file("tree/.git")))
        let id = try running(in: top.file("tree"), env)

        var git = env
        git["GIT_DIR"] = top.file("store.git")
        git["GIT_WORK_TREE"] = top.file("tree")
        let oracle = Git(top.path, environment: git)
        #expect(try oracle("status", "--porcelain") == "")
        #expect(try oracle("log", "--format=%s").split(separator: "\n").count == 3)
        let path = try oracle("ls-files", "experiments/*/*.yaml")
        try top.write("tree/" + path, try top.read("tree/" + path) + "observations:\n  - at: 2026-12-01T17:02:00Z\n    text: First demo; one reply.\n")
        try oracle("commit", "-q", "-am", "First demo by hand")
        #expect(try oracle.trailers() == ["FF-Experiment: \(id)", "FF-Action: note", "FF-Via: git"])

        let head = try oracle("rev-parse", "HEAD")
        try top.write("tree/" + path, try top.read("tree/" + path).replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "1 of 3 sponsors asks"))
        let refused = try oracle.run("commit", "-q", "-am", "Lower the bar")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("declare it with ff amend \(id) --reason"), "\(refused.stderr)")
        #expect(try oracle("rev-parse", "HEAD") == head)

        // core.bare: no working tree, for git and for ff.
        try Git(top.file("store.git"), environment: env)("config", "core.bare", "true")
        let bare = try run(ff, ["list"], in: top.path, environment: ["GIT_DIR": "store.git"].merging(env) { a, _ in a })
        #expect(bare.status == 1)
        #expect(bare.stderr == "ff: this is a bare repository: ff needs a working tree (clone it, or use git worktree add)\n")
    }

    @Test func aGitDirThatIsNoRepositoryIsOneClearLine() throws {
        let top = TempDir("ff-gitdir"), home = TempDir("ff-gitdir-home")
        var env = environment(home)
        #expect(try run(ff, ["init"], in: top.path, environment: env).status == 0)
        let head = try Git(top.path, environment: env)("rev-parse", "HEAD")
        env["GIT_DIR"] = "nowhere"
        let r = try run(ff, ["new", "Lost"], in: top.path, environment: env)
        #expect(r.status == 1)
        #expect(r.stderr == "ff: GIT_DIR is 'nowhere', which is not a git repository: point it at a repository's .git folder, or unset it\n")
        env.removeValue(forKey: "GIT_DIR")
        #expect(try Git(top.path, environment: env)("rev-parse", "HEAD") == head)
        #expect(try Git(top.path, environment: env)("status", "--porcelain", "--untracked-files=all") == "")
        #expect(!FileManager.default.fileExists(atPath: top.file("nowhere")))
    }
}
