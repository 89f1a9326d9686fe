import Foundation
import TestSupport
import Testing

/// How ff behaves in the repositories people actually have: locks left by crashed git
/// processes, detached HEADs, bare repositories, other owners, worktrees, autocrlf,
/// read-only and full file systems. Each case is listed in docs/RELIABILITY.md.
@Suite struct EnvironmentTests {
    let ff = ffExecutable()

    struct Repo {
        let dir: TempDir
        let home: TempDir
        let env: [String: String]
        let id: String
        var git: Git { Git(dir.path, environment: env) }
    }

    func repo(at dir: TempDir = TempDir("ff-env")) throws -> Repo {
        let home = TempDir("ff-env-home")
        let env = isolatedEnvironment(home: home.path)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", "Env target", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env).status == 0)
        let id = try Git(dir.path, environment: env)("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        return Repo(dir: dir, home: home, env: env, id: id)
    }

    @Test func staleLocksAreClearErrorsAndChangeNothing() throws {
        let r = try repo()
        let head = try r.git("rev-parse", "HEAD")
        let branch = try r.git("symbolic-ref", "HEAD")
        _ = FileManager.default.createFile(atPath: r.dir.file(".git/index.lock"), contents: nil)
        let a = try run(ff, ["note", r.id, "x"], in: r.dir.path, environment: r.env)
        #expect(a.status == 1)
        #expect(a.stderr.hasPrefix("ff: \(r.dir.path)/.git/index.lock exists: another git process is running"))
        try FileManager.default.removeItem(atPath: r.dir.file(".git/index.lock"))
        _ = FileManager.default.createFile(atPath: r.dir.file(".git/\(branch).lock"), contents: nil)
        let b = try run(ff, ["note", r.id, "x"], in: r.dir.path, environment: r.env)
        #expect(b.status == 1)
        #expect(b.stderr.contains("\(branch).lock exists: another git process is updating the branch"), "\(b.stderr)")
        #expect(try r.git("rev-parse", "HEAD") == head)
        #expect(try r.git("status", "--porcelain") == "")
    }

    @Test func aDetachedHeadIsCommittedOnLikeGitDoes() throws {
        let r = try repo()
        try r.git("checkout", "-q", "--detach")
        let out = try run(ff, ["note", r.id, "on a detached HEAD"], in: r.dir.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("[detached HEAD "))
        #expect(try r.git("rev-parse", "HEAD") != r.git("rev-parse", "HEAD@{1}"))
        #expect(try r.git("status", "--porcelain") == "")
    }

    @Test func aBareRepositoryIsRefusedWithTheReason() throws {
        let r = try repo()
        let bare = TempDir("ff-bare")
        try Git(bare.path, environment: r.env)("clone", "-q", "--bare", r.dir.path, bare.path)
        let out = try run(ff, ["note", r.id, "x"], in: bare.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr == "ff: this is a bare repository: ff needs a working tree (clone it, or use git worktree add)\n")
    }

    @Test func aRepositoryOwnedByAnotherUserNamesSafeDirectory() throws {
        guard getuid() == 0 else { return } // needs chown; CI runs as root
        let r = try repo()
        _ = try run("/bin/chown", ["-R", "65534:65534", r.dir.path], environment: r.env)
        let out = try run(ff, ["list"], in: r.dir.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr == "ff: repository is owned by another user: add it with git config --global --add safe.directory <path>\n")
        _ = try run("/bin/chown", ["-R", "0:0", r.dir.path], environment: r.env)
    }

    @Test func aLinkedWorktreeWorksAndSharesTheLock() throws {
        let r = try repo()
        let wt = TempDir("ff-worktree")
        try FileManager.default.removeItem(atPath: wt.path)
        try r.git("worktree", "add", "-q", "-b", "side", wt.path)
        let out = try run(ff, ["note", r.id, "from the worktree"], in: wt.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        let g = Git(wt.path, environment: r.env)
        #expect(try g("status", "--porcelain") == "")
        #expect(try g("log", "-1", "--format=%s").hasPrefix("note \(r.id)"))
        #expect(FileManager.default.fileExists(atPath: r.dir.file(".git/ff/lock")))
        #expect(try r.git("rev-parse", "side") == g("rev-parse", "HEAD"))
    }

    @Test func autocrlfFilesAreCommittedAsGitAddWould() throws {
        let r = try repo()
        try r.git("config", "core.autocrlf", "true")
        let path = try r.git("ls-files", "experiments/*.yaml")
        let crlf = try r.dir.read(path).replacingOccurrences(of: "\n", with: "\r\n")
        try crlf.write(toFile: r.dir.file(path), atomically: true, encoding: .utf8)
        let out = try run(ff, ["note", r.id, "with CRLF"], in: r.dir.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try r.dir.read(path).contains("    text: with CRLF\r\n"))
        #expect(try r.git("rev-parse", "HEAD:\(path)") == r.git("hash-object", "--path", path, path))
        #expect(try r.git("show", "HEAD:\(path)").contains("\r") == false)
        #expect(try r.git("status", "--porcelain") == "")
    }

    /// A read-only mount and a full disk need a mount; they are skipped, saying so, where the
    /// test cannot mount a file system.
    @Test func readOnlyAndFullFileSystems() throws {
        let mountPoint = TempDir("ff-mnt")
        guard try run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.path], environment: [:]).status == 0 else {
            print("EnvironmentTests: cannot mount a tmpfs here; read-only and full-disk cases not run")
            return
        }
        defer { _ = try? run("/bin/umount", ["-l", mountPoint.path], environment: [:]) }
        let repoDir = mountPoint.path + "/repo"
        try FileManager.default.createDirectory(atPath: repoDir, withIntermediateDirectories: true)
        let home = TempDir("ff-mnt-home")
        let env = isolatedEnvironment(home: home.path)
        let git = Git(repoDir, environment: env)
        #expect(try run(ff, ["init"], in: repoDir, environment: env).status == 0)
        #expect(try run(ff, ["new", "Disk", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: repoDir, environment: env).status == 0)
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: repoDir, environment: env).status == 0)
        let head = try git("rev-parse", "HEAD")
        let path = try git("ls-files", "experiments/*.yaml")
        let before = try String(contentsOfFile: repoDir + "/" + path, encoding: .utf8)

        // Full: fill the file system, then try to note.
        let filler = mountPoint.path + "/filler"
        _ = try run("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k"], environment: [:])
        let full = try run(ff, ["note", id, String(repeating: "a long observation ", count: 400)], in: repoDir, environment: env)
        #expect(full.status == 1)
        #expect(full.stderr.hasPrefix("ff: ") && full.stderr.split(separator: "\n").count == 1, "\(full.stderr)")
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(try String(contentsOfFile: repoDir + "/" + path, encoding: .utf8) == before)
        try FileManager.default.removeItem(atPath: filler)
        try git("fsck", "--strict")
        let after = try run(ff, ["note", id, "space again"], in: repoDir, environment: env)
        #expect(after.status == 0, "\(after.stderr)")

        // Read-only: showing works, changing says why.
        #expect(try run("/bin/mount", ["-o", "remount,ro", mountPoint.path], environment: [:]).status == 0)
        #expect(try run(ff, ["show", id], in: repoDir, environment: env).status == 0)
        #expect(try run(ff, ["list"], in: repoDir, environment: env).status == 0)
        let ro = try run(ff, ["note", id, "x"], in: repoDir, environment: env)
        #expect(ro.status == 1)
        #expect(ro.stderr.hasPrefix("ff: the repository is read-only here"), "\(ro.stderr)")
    }
}
