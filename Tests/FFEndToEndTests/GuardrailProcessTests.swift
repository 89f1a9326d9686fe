import FailForward
import Foundation
import TestSupport
import Testing

/// The guardrails end to end, with real processes: git runs the hooks, the hooks run the
/// built ff, and a push goes to a real bare repository.
@Suite struct GuardrailProcessTests {
    let ff = ffExecutable()

    struct Setup {
        let dir = TempDir("ff-guard")
        let home = TempDir("ff-guard-home")
        let server = TempDir("ff-guard-server")
        var env: [String: String]
        var git: Git { Git(dir.path, environment: env) }
        var bare: String { server.path + "/shared.git" }
    }

    func setUp() throws -> Setup {
        var s = Setup(env: [:])
        s.env = isolatedEnvironment(home: s.home.path)
        // The hooks find ff on PATH.
        s.env["PATH"] = (ff as NSString).deletingLastPathComponent + ":" + (s.env["PATH"] ?? "/usr/bin:/bin")
        #expect(try run(ff, ["init"], in: s.dir.path, environment: s.env).status == 0)
        try TestSupport.run("/usr/bin/git", ["init", "-q", "--bare", s.bare], environment: s.env)
        let install = try run(ff, ["-C", s.bare, "hooks", "install"], environment: s.env)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout == "Installed the pre-receive hook (\(s.bare)/hooks/pre-receive)\n")
        try s.git("remote", "add", "origin", s.bare)
        return s
    }

    func ffRun(_ s: Setup, _ args: String...) throws -> ProcessResult {
        try run(ff, args, in: s.dir.path, environment: s.env)
    }

    func running(_ s: Setup) throws -> (String, String) {
        let new = try ffRun(s, "new", "Weekly demo to sponsors", "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                            "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                            "--data", "follow-up requests: count replies", "--days", "14", "--reversible",
                            "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)")
        #expect(new.status == 0, "\(new.stderr)")
        let id = try s.git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try ffRun(s, "start", id).status == 0)
        return (id, try s.git("ls-files", "experiments/*.yaml", "experiments/*/*.yaml"))
    }

    /// The "done when": an edit of a running experiment's signals, committed with plain
    /// git, is stopped by the pre-commit hook, by ff check, and by the shared repository's
    /// pre-receive hook, each saying how to declare the deviation.
    @Test func aHandEditOfSignalsIsStoppedThreeTimesAndAmendLetsItThrough() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try s.git("push", "-q", "origin", "HEAD:refs/heads/main")
        let text = try s.dir.read(path)
        try s.dir.write(path, text.replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "1 of 3 sponsors asks"))
        let head = try s.git("rev-parse", "HEAD")
        let declare = "declare it with ff amend \(id) --reason \"…\""

        // 1. The pre-commit hook.
        let commit = try s.git.run("commit", "-am", "Adjust the signals")
        #expect(commit.status == 1)
        #expect(commit.stderr.contains("\(path):15:1: error: signals of running experiment \(id) changed since it started"))
        #expect(commit.stderr.contains(declare))
        #expect(try s.git("rev-parse", "HEAD") == head)

        // 2. ff check, as CI runs it.
        let check = try ffRun(s, "check")
        #expect(check.status == 1)
        #expect(check.stdout.hasPrefix("\(path):15:1: error: signals of running experiment \(id) changed since it started"))
        #expect(check.stdout.contains(declare))

        // 3. The shared repository's pre-receive hook, for a commit that skipped the local hook.
        try s.git("commit", "-q", "--no-verify", "-am", "Adjust the signals")
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("remote: \(path):15:1: error: signals of running experiment \(id) changed since it started"))
        #expect(push.stderr.contains(declare))
        #expect(push.stderr.contains("then push again"))
        #expect(push.stderr.contains("pre-receive hook declined"))
        #expect(try Git(s.bare, environment: s.env)("rev-parse", "main") == head)

        // Declared, it goes through everywhere.
        let amend = try ffRun(s, "amend", id, "--reason", "Only three sponsors: one reply is the realistic bar.")
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(try ffRun(s, "check").status == 0)
        let again = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(again.status == 0, "\(again.stderr)")
    }

    /// ff's own commits go through the same hooks, and are signed as git would sign them.
    @Test func ffsOwnCommitsPassTheSameHooksAndSigning() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        let key = s.home.file("id_ed25519")
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key], environment: s.env)
        try s.home.write("allowed", "ana@example.com " + (try s.home.read("id_ed25519.pub")))
        for (k, v) in [("gpg.format", "ssh"), ("user.signingkey", key), ("commit.gpgsign", "true"), ("gpg.ssh.allowedSignersFile", s.home.file("allowed"))] {
            try s.git("config", k, v)
        }
        // An undeclared hand edit in the file: ff's commit of it is refused by the same hook.
        let text = try s.dir.read(path)
        try s.dir.write(path, text.replacingOccurrences(of: "Stop the demos.", with: "Keep going."))
        let note = try ffRun(s, "note", id, "First demo; one reply.")
        #expect(note.status == 1)
        #expect(note.stderr.contains("error: rollback of running experiment \(id) changed since it started"))
        #expect(note.stderr.hasSuffix("ff: the pre-commit hook refused the commit (exit status 1); nothing was committed and the file is as it was (the hook's output is above; --no-verify skips hooks)\n"))
        try s.dir.write(path, text)
        let ok = try ffRun(s, "note", id, "First demo; one reply.")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try s.git.run("verify-commit", "HEAD").status == 0)
        #expect(try s.git("log", "-1", "--format=%G?") == "G")
        // And what git accepts, the shared repository accepts.
        #expect(try s.git.run("push", "origin", "HEAD:refs/heads/main").status == 0)
    }

    /// The pre-commit hook shows what the commit brings, not what the file already had: a
    /// lint warning committed once is not printed again by every commit that touches the
    /// file; a new one is, the same phrase in a new observation included.
    @Test func theHookShowsOnlyTheFindingsACommitBrings() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        let note = try ffRun(s, "note", id, "Honestly I failed to prepare the first demo.")
        #expect(note.status == 0, "\(note.stderr)")
        #expect(note.stderr.contains("\"I failed\" is identity-threat language"))
        let failed = "warning: \"I failed\" is identity-threat language"

        // A second observation and a tag, by hand, which move the first observation down:
        // the commit prints nothing.
        let text = try s.dir.read(path)
        #expect(text.hasPrefix("ff: 1\n"))
        try s.dir.write(path, "ff: 1\ntags: [demo]\n" + text.dropFirst("ff: 1\n".count) + "  - at: 2026-12-02T17:02:00Z\n    text: Second demo; two replies.\n")
        let quiet = try s.git.run("commit", "-q", "-am", "Second demo by hand")
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout + quiet.stderr == "", "an old finding was printed again: \(quiet.stderr)")
        // ff check still reports it: it is in the file.
        #expect(try ffRun(s, "check").stdout.contains(failed))

        // New findings are printed, and only they: a new phrase, and the old phrase in a new
        // observation.
        try s.dir.write(path, try s.dir.read(path) + "  - at: 2026-12-03T17:02:00Z\n    text: It was a disaster, and I failed to book the room.\n")
        let loud = try s.git.run("commit", "-q", "-am", "Third demo by hand")
        #expect(loud.status == 0, "\(loud.stderr)")
        let lines = loud.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(loud.stderr)")
        #expect(lines.filter { $0.contains(failed) }.count == 1, "\(loud.stderr)")
        #expect(lines.filter { $0.contains("\"disaster\" is catastrophising language") }.count == 1, "\(loud.stderr)")
        let third = (try s.dir.read(path).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("It was a disaster") } ?? 0) + 1
        #expect(lines.allSatisfy { !$0.contains("warning:") || $0.hasPrefix("\(path):\(third):") }, "only the third observation's: \(loud.stderr)")
        #expect(lines.last == "ff check: 0 errors, 2 warnings in 1 file")
    }

    /// A commit made with plain git that changes an experiment gets ff's trailers.
    @Test func commitMsgAddsTrailersToPlainGitCommits() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try s.dir.write(path, try s.dir.read(path) + "observations:\n  - at: 2026-12-01T17:02:00Z\n    text: First demo; one reply.\n")
        try s.git("commit", "-q", "-am", "First demo by hand")
        #expect(try s.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: note", "FF-Via: git"])
        #expect(try s.git("log", "-1", "--format=%s") == "First demo by hand")
        // A commit that already names its action is left alone; one that touches no experiment too.
        try s.dir.write("README.md", "hello\n")
        try s.git("add", "README.md")
        try s.git("commit", "-q", "-m", "Readme")
        #expect(try s.git.trailers() == [])
        // A merge keeps git's message: the commits it brings in carry their own trailers.
        try s.git("checkout", "-q", "-b", "side")
        try s.dir.write(path, try s.dir.read(path) + "  - at: 2026-12-02T17:02:00Z\n    text: Second demo.\n")
        try s.git("commit", "-q", "-am", "Second demo by hand")
        #expect(try s.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: note", "FF-Via: git"])
        try s.git("checkout", "-q", "-")
        try s.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
        #expect(try s.git.trailers() == [])
    }

    /// Rewriting a concluded debrief's history is refused by the shared repository.
    @Test func preReceiveRefusesRewritingAConcludedDebrief() throws {
        let s = try setUp()
        let (id, _) = try running(s)
        let c = try ffRun(s, "conclude", id, "--outcome", "disproved", "--returned", "One reply of three.", "--next", "A written update.")
        #expect(c.status == 0, "\(c.stderr)")
        try s.git("push", "-q", "origin", "HEAD:refs/heads/main")
        try s.git("reset", "-q", "--hard", "HEAD~1")
        try s.dir.write("README.md", "hello\n")
        try s.git("add", "README.md")
        try s.git("commit", "-q", "-m", "Readme")
        let push = try s.git.run("push", "--force", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("error: rewrites the history of concluded experiment \(id): commit "))
        // A force-push that drops nothing of a debrief is fine.
        try s.git("fetch", "-q", "origin", "main")
        try s.git("reset", "-q", "--hard", "FETCH_HEAD")
        try s.git("commit", "-q", "--allow-empty", "-m", "one")
        try s.git("push", "-q", "origin", "HEAD:refs/heads/main")
        try s.git("commit", "-q", "--amend", "--allow-empty", "-m", "one, reworded")
        #expect(try s.git.run("push", "--force", "origin", "HEAD:refs/heads/main").status == 0)
    }

    /// The pre-commit framework (pip install pre-commit) runs ff check through this
    /// repository's .pre-commit-hooks.yaml.
    @Test func thePreCommitFrameworkRunsFFCheck() throws {
        guard let preCommit = ["pre-commit"].compactMap({ name in
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }).first else {
            print("skipped: the pre-commit tool is not installed (pip install pre-commit; .ci/run installs it)")
            return
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var s = try setUp()
        s.env["PRE_COMMIT_HOME"] = s.home.file("pre-commit-cache")
        #expect(try ffRun(s, "hooks", "uninstall").status == 0)
        // A clone of this repository with the working tree's manifest, as a team would pin it.
        let clone = s.server.path + "/ff-source"
        try TestSupport.run("/usr/bin/git", ["init", "-q", clone], environment: s.env)
        try FileManager.default.copyItem(atPath: source + "/.pre-commit-hooks.yaml", toPath: clone + "/.pre-commit-hooks.yaml")
        let cloneGit = Git(clone, environment: s.env)
        try cloneGit("add", ".pre-commit-hooks.yaml")
        try cloneGit("commit", "-q", "-m", "manifest")
        let rev = try cloneGit("rev-parse", "HEAD")
        try s.dir.write(".pre-commit-config.yaml", "repos:\n  - repo: \(clone)\n    rev: \(rev)\n    hooks:\n      - id: ff-check\n")
        try s.git("add", ".pre-commit-config.yaml")
        try s.git("commit", "-q", "-m", "Use ff through pre-commit")
        let install = try run(preCommit, ["install"], in: s.dir.path, environment: s.env)
        #expect(install.status == 0, "\(install.stderr)")

        let (_, path) = try running(s)
        try s.dir.write(path, try s.dir.read(path).replacingOccurrences(of: "days: 14", with: "days: 15"))
        let commit = try s.git.run("commit", "-am", "Longer timebox")
        #expect(commit.status != 0)
        let output = commit.stdout + commit.stderr
        #expect(output.contains("ff check"))
        #expect(output.contains("\(path):13:3: error: timebox.days of running experiment"))
        try s.dir.write(path, try s.dir.read(path).replacingOccurrences(of: "days: 15", with: "days: 14"))
        try s.dir.write(path, try s.dir.read(path) + "tags: [x]\n")
        let good = try s.git.run("commit", "-am", "Tag it")
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    }
}
